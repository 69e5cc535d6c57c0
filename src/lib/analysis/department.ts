import {
	PRIORITIES,
	sameDepartment,
	type ChannelKind,
	type Journey,
	type PainPoint,
	type Ticket
} from '$lib/model';
import { ticketEffect, type ContactCosts, type TicketEffect } from './effect';

/**
 * The department view (afdelingsoverzicht), pure: every ticket of a
 * vakafdeling across journeys, with only what it needs of its journey (the
 * step's title, fase and kanaal; the pain points with their evidence) and
 * never a note, a persona or a token.
 */

/** A step as the department sees it: read-only, without its note. */
export type DepartmentStep = {
	id: string;
	title: string;
	/** Fase name. */
	stage: string;
	/** Kanaal name and kind. */
	channel: string;
	channelKind: ChannelKind | null;
};

/** One ticket on the department page and in `GET /api/department/tickets`. */
export type DepartmentTicket = {
	journeyId: string;
	journeyTitle: string;
	ticket: Ticket;
	steps: DepartmentStep[];
	/** The ticket's pain points, with evidence; without the name of who flagged them. */
	painPoints: Omit<PainPoint, 'author'>[];
	effect: TicketEffect;
};

/** The tickets of one journey as department entries (every department; filter with `forDepartment`). */
export function departmentTickets(journey: Journey, costs: ContactCosts): DepartmentTicket[] {
	const painPoints = new Map(journey.painPoints.map((p) => [p.id, p]));
	const stages = new Map(journey.stages.map((s) => [s.id, s.name]));
	const channels = new Map(journey.channels.map((c) => [c.id, c]));
	const steps = new Map(journey.steps.map((s, i) => [s.id, { step: s, index: i }]));
	const stepKind = new Map<string, ChannelKind>();
	for (const s of journey.steps) {
		const kind = channels.get(s.channelId)?.kind;
		if (kind) stepKind.set(s.id, kind);
	}
	return journey.tickets.map((ticket) => {
		const pps = ticket.painPointIds.map((id) => painPoints.get(id)).filter((p): p is PainPoint => !!p);
		const stepIds = [...new Set(pps.map((p) => p.stepId))]
			.filter((id) => steps.has(id))
			.sort((a, b) => steps.get(a)!.index - steps.get(b)!.index);
		return {
			journeyId: journey.id,
			journeyTitle: journey.title,
			ticket,
			steps: stepIds.map((id) => {
				const s = steps.get(id)!.step;
				const channel = channels.get(s.channelId);
				return {
					id: s.id,
					title: s.title,
					stage: stages.get(s.stageId) ?? '',
					channel: channel?.name ?? '',
					channelKind: channel?.kind ?? null
				};
			}),
			painPoints: pps.map(({ author: _author, ...p }) => p),
			effect: ticketEffect(ticket, pps, stepKind, costs)
		};
	});
}

/** The entries of one vakafdeling (trimmed, case-insensitive), or all for null. */
export function forDepartment(
	entries: readonly DepartmentTicket[],
	department: string | null
): DepartmentTicket[] {
	return department === null
		? [...entries]
		: entries.filter((e) => sameDepartment(e.ticket.department, department));
}

/** What the department page flags on a ticket. */
export type TicketFlags = {
	/** Past its due date and neither done nor rejected. */
	overdue: boolean;
	/** Nobody has replied yet (nog geen reactie). */
	noReply: boolean;
	/** Marked done without a single reply: the KCC cannot tell residents what changed. */
	doneWithoutReply: boolean;
	/** Whole days since it was made, or null when it predates `createdAt`. */
	ageDays: number | null;
};

/**
 * The flags of a ticket on a given day.
 * @param today `YYYY-MM-DD` (the server's date in UTC; a due date is a day in no time zone)
 * @param now epoch milliseconds, for the age
 */
export function ticketFlags(ticket: Ticket, today: string, now: number): TicketFlags {
	const closed = ticket.status === 'done' || ticket.status === 'rejected';
	const made = ticket.createdAt ? Date.parse(ticket.createdAt) : NaN;
	return {
		overdue: !closed && ticket.dueDate !== '' && ticket.dueDate < today,
		noReply: ticket.replies.length === 0,
		doneWithoutReply: ticket.status === 'done' && ticket.replies.length === 0,
		ageDays: Number.isNaN(made) ? null : Math.max(0, Math.floor((now - made) / 86_400_000))
	};
}

export const SORTS = ['effect', 'due', 'priority', 'age', 'journey'] as const;
export type Sort = (typeof SORTS)[number];
export const SORT_LABELS: Record<Sort, string> = {
	effect: 'Verwacht effect (hoogste eerst)',
	due: 'Streefdatum (eerste eerst)',
	priority: 'Prioriteit (hoogste eerst)',
	age: 'Leeftijd (oudste eerst)',
	journey: 'Klantreis'
};

export type DepartmentFilter = {
	journeyId?: string;
	department?: string;
	status?: string;
	priority?: string;
	overdue?: boolean;
	noReply?: boolean;
};

const PRIORITY_RANK = Object.fromEntries(PRIORITIES.map((p, i) => [p, i]));

/** Entries with their flags, filtered and sorted; ties by journey, then title (Dutch collation). */
export function filterAndSort(
	entries: readonly DepartmentTicket[],
	filter: DepartmentFilter,
	sort: Sort,
	today: string,
	now: number
): (DepartmentTicket & { flags: TicketFlags })[] {
	const rows = entries
		.map((e) => ({ ...e, flags: ticketFlags(e.ticket, today, now) }))
		.filter(
			(e) =>
				(!filter.journeyId || e.journeyId === filter.journeyId) &&
				(!filter.department || sameDepartment(e.ticket.department, filter.department)) &&
				(!filter.status || e.ticket.status === filter.status) &&
				(!filter.priority || e.ticket.priority === filter.priority) &&
				(!filter.overdue || e.flags.overdue) &&
				(!filter.noReply || e.flags.noReply)
		);
	const tie = (a: DepartmentTicket, b: DepartmentTicket) =>
		a.journeyTitle.localeCompare(b.journeyTitle, 'nl') || a.ticket.title.localeCompare(b.ticket.title, 'nl');
	const by: Record<Sort, (a: (typeof rows)[number], b: (typeof rows)[number]) => number> = {
		effect: (a, b) => b.effect.score - a.effect.score,
		due: (a, b) => (a.ticket.dueDate || '9999').localeCompare(b.ticket.dueDate || '9999'),
		priority: (a, b) => PRIORITY_RANK[b.ticket.priority] - PRIORITY_RANK[a.ticket.priority],
		age: (a, b) => (b.flags.ageDays ?? -1) - (a.flags.ageDays ?? -1),
		journey: () => 0
	};
	return rows.sort((a, b) => by[sort](a, b) || tie(a, b));
}
