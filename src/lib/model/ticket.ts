import { z } from 'zod';
import { Id, longText, shortText } from './ids';

export const PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export const Priority = z.enum(PRIORITIES);
export type Priority = z.infer<typeof Priority>;
export const PRIORITY_LABELS: Record<Priority, string> = {
	low: 'Laag',
	medium: 'Gemiddeld',
	high: 'Hoog',
	urgent: 'Urgent'
};

export const TICKET_STATUSES = ['open', 'in-progress', 'done', 'rejected'] as const;
export const TicketStatus = z.enum(TICKET_STATUSES);
export type TicketStatus = z.infer<typeof TicketStatus>;
export const TICKET_STATUS_LABELS: Record<TicketStatus, string> = {
	open: 'Open',
	'in-progress': 'In behandeling',
	done: 'Klaar',
	rejected: 'Afgewezen'
};

/** Default vakafdelingen (back-office departments) offered in the UI. */
export const DEFAULT_DEPARTMENTS = [
	'Burgerzaken',
	'Sociaal Domein',
	'Werk en Inkomen',
	'Schuldhulpverlening',
	'Belastingen',
	'Vergunningen (VTH)',
	'Openbare Ruimte',
	'Communicatie',
	'KCC',
	'ICT en Informatievoorziening'
] as const;

/**
 * A calendar date as `YYYY-MM-DD` that exists (no 31 April), or '' for none.
 * A date string rather than a timestamp: a deadline is a day, in no time zone.
 */
export const IsoDate = z.union([
	z.literal(''),
	z
		.string()
		.regex(/^\d{4}-\d{2}-\d{2}$/, 'Schrijf een datum als JJJJ-MM-DD')
		.refine((s) => {
			const d = new Date(`${s}T00:00:00Z`);
			return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
		}, 'Deze datum bestaat niet')
]);
export type IsoDate = z.infer<typeof IsoDate>;

/** The longest name of a vakafdeling (a ticket's department, an afdelingslink's). */
export const DEPARTMENT_NAME_MAX = 120;
/** The longest name a writer gives with a reply through an afdelingslink. */
export const WRITER_NAME_MAX = 80;

/**
 * Reply (reactie) on a ticket: one thread per ticket, written by the
 * vakafdeling through its afdelingslink, by the KCC or by the workshop.
 * `at` is an ISO date-time (UTC); `by` the writer's display name or department.
 */
export const TicketReply = z.object({
	id: Id,
	at: z.iso.datetime({
		offset: true,
		message: 'Schrijf een tijdstip als ISO 8601, bijvoorbeeld 2026-03-01T09:30:00Z'
	}),
	/** Room for a signed reply through an afdelingslink: "<name>, <department>". */
	by: shortText(WRITER_NAME_MAX + ', '.length + DEPARTMENT_NAME_MAX),
	text: shortText(5000)
});
export type TicketReply = z.infer<typeof TicketReply>;

/** The longest thread a ticket holds; the reply past it is refused (addReply), not written. */
export const MAX_REPLIES = 500;

/** Effort (inspanning) a fix takes, as the vakafdeling estimates it: klein, middel, groot. */
export const EFFORTS = ['S', 'M', 'L'] as const;
export const Effort = z.enum(EFFORTS);
export type Effort = z.infer<typeof Effort>;
export const EFFORT_LABELS: Record<Effort, string> = { S: 'Klein', M: 'Middel', L: 'Groot' };

/** Ticket (verbeterticket): a request to a vakafdeling to fix one or more pain points. */
export const Ticket = z.object({
	id: Id,
	painPointIds: z
		.array(Id)
		.max(100)
		.default([])
		.refine((p) => new Set(p).size === p.length, 'Elk pijnpunt hoogstens één keer'),
	/** Vakafdeling that owns the fix. */
	department: shortText(DEPARTMENT_NAME_MAX),
	title: shortText(200),
	description: longText(10_000).default(''),
	priority: Priority.default('medium'),
	status: TicketStatus.default('open'),
	/** Who at the vakafdeling sees it through: a role or team, free text (no residents' data). */
	owner: z.string().trim().max(120).default(''),
	/** Deadline (streefdatum), '' when none was agreed. */
	dueDate: IsoDate.default(''),
	/** When the vakafdeling and the KCC agree it is fixed (acceptatiecriteria). */
	acceptanceCriteria: longText(5000).default(''),
	/** The thread of replies (reacties), oldest first; how the back office answers the front. */
	replies: z.array(TicketReply).max(MAX_REPLIES).default([]),
	/**
	 * Optional, and absent means not estimated: files and exports written before
	 * the field existed stay the same. Feeds the ranking (analysis/effect.ts).
	 */
	effort: Effort.optional(),
	/**
	 * When the ticket was made (ISO date-time), for its age on the department
	 * page. Optional: tickets made before the field existed have no age.
	 */
	createdAt: z.iso.datetime({ offset: true }).optional()
});
export type Ticket = z.infer<typeof Ticket>;
