import {
	TICKET_STATUSES,
	TICKET_STATUS_LABELS,
	type Journey,
	type Ticket,
	type TicketStatus
} from '$lib/model';

/** What the tickets on one pain point or step add up to. */
export type TicketStatusSummary = {
	/**
	 * One status to show: in behandeling when any ticket is, else open when any
	 * is, else klaar when any is, else afgewezen. Work still going on wins.
	 */
	status: TicketStatus;
	counts: Record<TicketStatus, number>;
	tickets: Pick<Ticket, 'id' | 'title' | 'department' | 'status'>[];
	/** Tickets past their due date and neither done nor rejected (only counted when `today` is given). */
	overdue: number;
	/** Replies (reacties) on these tickets together. */
	replies: number;
	/** Dutch, for a badge or its accessible name: "2 tickets: 1 open, 1 klaar; 1 te laat; 2 reacties". */
	label: string;
};

const PRECEDENCE: TicketStatus[] = ['in-progress', 'open', 'done', 'rejected'];

function summarise(tickets: Ticket[], today?: string): TicketStatusSummary {
	const counts = Object.fromEntries(TICKET_STATUSES.map((s) => [s, 0])) as Record<TicketStatus, number>;
	for (const t of tickets) counts[t.status]++;
	const overdue = today
		? tickets.filter(
				(t) => t.dueDate !== '' && t.dueDate < today && t.status !== 'done' && t.status !== 'rejected'
			).length
		: 0;
	const replies = tickets.reduce((n, t) => n + t.replies.length, 0);
	const extra = [
		overdue ? `${overdue} te laat` : '',
		replies ? `${replies} ${replies === 1 ? 'reactie' : 'reacties'}` : ''
	].filter(Boolean);
	const status = PRECEDENCE.find((s) => counts[s] > 0) ?? 'open';
	const parts = TICKET_STATUSES.filter((s) => counts[s] > 0).map(
		(s) => `${counts[s]} ${TICKET_STATUS_LABELS[s].toLowerCase()}`
	);
	return {
		status,
		counts,
		tickets: tickets.map(({ id, title, department, status }) => ({ id, title, department, status })),
		overdue,
		replies,
		label: `${tickets.length} ${tickets.length === 1 ? 'ticket' : 'tickets'}: ${parts.join(', ')}${extra.map((e) => `; ${e}`).join('')}`
	};
}

/** Per pain point id that has tickets: their status. Pain points without tickets are absent. */
export function ticketStatusByPainPoint(journey: Journey): Record<string, TicketStatusSummary> {
	const byPainPoint = new Map<string, Ticket[]>();
	for (const t of journey.tickets) {
		for (const id of t.painPointIds) byPainPoint.set(id, [...(byPainPoint.get(id) ?? []), t]);
	}
	return Object.fromEntries([...byPainPoint].map(([id, tickets]) => [id, summarise(tickets)]));
}

/**
 * Per step id that has tickets (through its pain points): their status, each
 * ticket counted once. Steps without tickets are absent. With `today`
 * (`YYYY-MM-DD`) overdue tickets are counted too.
 */
export function ticketStatusByStep(journey: Journey, today?: string): Record<string, TicketStatusSummary> {
	const stepOf = new Map(journey.painPoints.map((p) => [p.id, p.stepId]));
	const byStep = new Map<string, Set<Ticket>>();
	for (const t of journey.tickets) {
		for (const id of t.painPointIds) {
			const stepId = stepOf.get(id);
			if (!stepId) continue;
			if (!byStep.has(stepId)) byStep.set(stepId, new Set());
			byStep.get(stepId)!.add(t);
		}
	}
	return Object.fromEntries([...byStep].map(([id, tickets]) => [id, summarise([...tickets], today)]));
}
