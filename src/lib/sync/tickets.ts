import * as Y from 'yjs';
import { Ticket } from '$lib/model';
import { layout, type EntityMap } from './doc-layout';
import { toPlain } from './journey-doc';

/**
 * Verbetertickets in the Y.Doc: create, update and delete, each in one
 * transaction with the caller's origin so undo and the server can tell whose
 * change it was. The prefill of a new ticket from its pain points is a pure
 * function over the Journey: `ticketDraft` in $lib/export/prefill, because
 * it needs the doenvermogen analysis, which sits above sync.
 */

function toYMap(ticket: Ticket): EntityMap {
	const map = new Y.Map<unknown>();
	for (const [key, value] of Object.entries(ticket)) map.set(key, value);
	return map;
}

/**
 * Adds a ticket. The input is validated first (Ticket.parse throws a ZodError
 * with the paths of what is wrong), so the doc only ever gets a valid entry.
 */
export function createTicket(
	doc: Y.Doc,
	input: Pick<Ticket, 'id' | 'department' | 'title'> & Partial<Ticket>,
	origin?: unknown
): Ticket {
	const ticket = Ticket.parse(input);
	doc.transact(() => layout(doc).tickets.set(ticket.id, toYMap(ticket)), origin);
	return ticket;
}

/** The fields of a ticket a person may change after creating it. */
export type TicketChanges = Partial<Omit<Ticket, 'id'>>;

/**
 * Changes fields of an existing ticket. The merged result is validated before
 * anything is written, and only the fields that differ are set, so two people
 * changing different fields of one ticket at once both keep their change.
 * Returns the ticket as it now is, or null when it no longer exists.
 */
export function updateTicket(
	doc: Y.Doc,
	id: string,
	changes: TicketChanges,
	origin?: unknown
): Ticket | null {
	const map = layout(doc).tickets.get(id);
	if (!map) return null;
	const current = toPlain(map) as Record<string, unknown>;
	const next = Ticket.parse({ ...current, ...changes, id });
	doc.transact(() => {
		for (const [key, value] of Object.entries(next)) {
			if (JSON.stringify(current[key]) !== JSON.stringify(value)) map.set(key, value);
		}
	}, origin);
	return next;
}

export function deleteTicket(doc: Y.Doc, id: string, origin?: unknown): void {
	const tickets = layout(doc).tickets;
	if (!tickets.has(id)) return;
	doc.transact(() => tickets.delete(id), origin);
}
