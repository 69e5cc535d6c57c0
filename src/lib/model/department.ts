import { z } from 'zod';
import { shortText } from './ids';
import { DEPARTMENT_NAME_MAX, Effort, IsoDate, TicketStatus, WRITER_NAME_MAX } from './ticket';

/**
 * Afdelingslinks (department links) and what a vakafdeling may send through
 * one. Bodies are strict: an unknown field is a 400 with its path, so a typo
 * (`stauts`) never passes as "nothing to change".
 */

/** Body of `POST /api/admin/department-links`: one vakafdeling, or null for all (the KCC lead). */
export const DepartmentLinkInput = z
	.object({
		department: shortText(DEPARTMENT_NAME_MAX).nullable()
	})
	.strict();
export type DepartmentLinkInput = z.infer<typeof DepartmentLinkInput>;

/** Body of `POST /api/department/tickets/:journeyId/:ticketId/replies`. */
export const ReplyInput = z
	.object({
		text: shortText(5000),
		/** Optional name of the writer, shown before the department ("Ayla, Burgerzaken"). */
		name: z.string().trim().max(WRITER_NAME_MAX).optional()
	})
	.strict();
export type ReplyInput = z.infer<typeof ReplyInput>;

/** Body of `PATCH /api/department/tickets/:journeyId/:ticketId`. */
export const TicketPatch = z
	.object({
		status: TicketStatus.optional(),
		dueDate: IsoDate.optional(),
		/** An extension of the contract: the vakafdeling's own effort estimate. */
		effort: Effort.optional()
	})
	.strict();
export type TicketPatch = z.infer<typeof TicketPatch>;

/** Does a ticket's vakafdeling match a link's? Trimmed and case-insensitive; null matches all. */
export function sameDepartment(ticketDepartment: string, linkDepartment: string | null): boolean {
	return (
		linkDepartment === null ||
		ticketDepartment.trim().toLocaleLowerCase('nl') === linkDepartment.trim().toLocaleLowerCase('nl')
	);
}
