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

/** Ticket (verbeterticket): a request to a vakafdeling to fix one or more pain points. */
export const Ticket = z.object({
	id: Id,
	painPointIds: z
		.array(Id)
		.max(100)
		.default([])
		.refine((p) => new Set(p).size === p.length, 'Elk pijnpunt hoogstens één keer'),
	/** Vakafdeling that owns the fix. */
	department: shortText(120),
	title: shortText(200),
	description: longText(10_000).default(''),
	priority: Priority.default('medium'),
	status: TicketStatus.default('open')
});
export type Ticket = z.infer<typeof Ticket>;
