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
/** One collator for every comparison: `localeCompare(b, 'nl')` builds one per call, far slower on 5,000 rows. */
const DUTCH = new Intl.Collator('nl');

/** A department entry with its flags of the day. */
export type DepartmentRow = DepartmentTicket & { flags: TicketFlags };

/** Tallies for the page's summary line. */
export type DepartmentCounts = { total: number; overdue: number; noReply: number; doneWithoutReply: number };

type Row = DepartmentRow;
const tie = (a: Row, b: Row) =>
	DUTCH.compare(a.journeyTitle, b.journeyTitle) || DUTCH.compare(a.ticket.title, b.ticket.title);
const dueKey = (r: Row) => r.ticket.dueDate || '9999';
const ORDER: Record<Sort, (a: Row, b: Row) => number> = {
	effect: (a, b) => b.effect.score - a.effect.score,
	due: (a, b) => (dueKey(a) < dueKey(b) ? -1 : dueKey(a) > dueKey(b) ? 1 : 0),
	priority: (a, b) => PRIORITY_RANK[b.ticket.priority] - PRIORITY_RANK[a.ticket.priority],
	age: (a, b) => (b.flags.ageDays ?? -1) - (a.flags.ageDays ?? -1),
	journey: () => 0
};

/** Sorts rows in place and returns them; ties by journey, then title (Dutch collation). */
export function sortRows(rows: Row[], sort: Sort): Row[] {
	return rows.sort((a, b) => ORDER[sort](a, b) || tie(a, b));
}

/**
 * Merges two lists, each sorted by `sort`, into the order `sortRows` would
 * give their union (ties broken the same way): how a ranked view takes in the
 * rows of one changed journey without sorting every row again.
 */
export function mergeRows(a: readonly Row[], b: readonly Row[], sort: Sort): Row[] {
	const out: Row[] = new Array<Row>(a.length + b.length);
	let i = 0;
	let j = 0;
	let k = 0;
	const compare = (x: Row, y: Row) => ORDER[sort](x, y) || tie(x, y);
	while (i < a.length && j < b.length) out[k++] = compare(b[j], a[i]) < 0 ? b[j++] : a[i++];
	while (i < a.length) out[k++] = a[i++];
	while (j < b.length) out[k++] = b[j++];
	return out;
}

/** Every entry with its flags, ranked by expected effect: the department list before any filter. */
export function rankEntries(entries: readonly DepartmentTicket[], today: string, now: number): Row[] {
	return sortRows(
		entries.map((e) => ({ ...e, flags: ticketFlags(e.ticket, today, now) })),
		'effect'
	);
}

/** The rows a filter keeps, in their order. */
export function filterRows(rows: readonly Row[], filter: DepartmentFilter): Row[] {
	return rows.filter(
		(e) =>
			(!filter.journeyId || e.journeyId === filter.journeyId) &&
			(!filter.department || sameDepartment(e.ticket.department, filter.department)) &&
			(!filter.status || e.ticket.status === filter.status) &&
			(!filter.priority || e.ticket.priority === filter.priority) &&
			(!filter.overdue || e.flags.overdue) &&
			(!filter.noReply || e.flags.noReply)
	);
}

export function countRows(rows: readonly Row[]): DepartmentCounts {
	const counts = { total: rows.length, overdue: 0, noReply: 0, doneWithoutReply: 0 };
	for (const r of rows) {
		if (r.flags.overdue) counts.overdue++;
		if (r.flags.noReply) counts.noReply++;
		if (r.flags.doneWithoutReply) counts.doneWithoutReply++;
	}
	return counts;
}

/** Entries with their flags, filtered and sorted; ties by journey, then title (Dutch collation). */
export function filterAndSort(
	entries: readonly DepartmentTicket[],
	filter: DepartmentFilter,
	sort: Sort,
	today: string,
	now: number
): Row[] {
	return sortRows(filterRows(rankEntries(entries, today, now), filter), sort);
}

/**
 * What the department page shows of a row: the rest (pain point ids,
 * acceptance criteria, principles) stays on the server, so the page carries
 * less for its 50 tickets.
 */
export function pageRow(r: DepartmentRow) {
	const t = r.ticket;
	return {
		journeyId: r.journeyId,
		journeyTitle: r.journeyTitle,
		ticket: {
			id: t.id,
			title: t.title,
			department: t.department,
			priority: t.priority,
			status: t.status,
			dueDate: t.dueDate,
			description: t.description,
			effort: t.effort,
			replies: t.replies
		},
		steps: r.steps,
		painPoints: r.painPoints.map((p) => ({
			id: p.id,
			severity: p.severity,
			description: p.description,
			evidence: p.evidence
		})),
		effect: {
			contactsPerYear: r.effect.contactsPerYear,
			valuePerYear: r.effect.valuePerYear,
			effort: r.effect.effort,
			assumptions: r.effect.assumptions
		},
		flags: r.flags
	};
}
export type PageRow = ReturnType<typeof pageRow>;
