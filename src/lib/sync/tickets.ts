import * as Y from 'yjs';
import { MAX_REPLIES, Ticket, TicketReply } from '$lib/model';
import { ENTRY_KEYS, layout } from './doc-layout';
import { repliesArray, ticketToYMap, toPlain } from './journey-doc';
import type { Origin } from './origins';
import { refuse, setChangedFields, validate, write } from './write';

/**
 * Verbetertickets in the Y.Doc: create, update and delete, each validated
 * first (a ValidationError with paths, nothing written) and then written in
 * one transaction with the caller's origin (write.ts), so undo and the server
 * can tell whose change it was. The prefill of a new ticket from its pain points is a pure
 * function over the Journey: `ticketDraft` in $lib/export/prefill, because
 * it needs the doenvermogen analysis, which sits above sync.
 */

/**
 * Adds a ticket. The input is validated first (a ValidationError with the
 * paths of what is wrong; an id in use is refused too), so the doc only ever
 * gets a valid entry.
 */
export function createTicket(
	doc: Y.Doc,
	input: Pick<Ticket, 'id' | 'department' | 'title'> & Partial<Ticket>,
	origin?: Origin
): Ticket {
	// Stamped here, once, so the department page can show its age (not a schema default:
	// a default would give every older ticket a new age on each read).
	const ticket = validate(Ticket, { createdAt: new Date().toISOString(), ...input });
	const tickets = layout(doc).tickets;
	if (tickets.has(ticket.id)) refuse('id', `Dubbel id "${ticket.id}"`);
	write(doc, origin, () => tickets.set(ticket.id, ticketToYMap(ticket)));
	return ticket;
}

/** The fields of a ticket a person may change after creating it; replies go through `addReply`. */
export type TicketChanges = Partial<Omit<Ticket, 'id' | 'replies'>>;

/**
 * Changes fields of an existing ticket. The merged result is validated before
 * anything is written, and only the fields that differ are set, so two people
 * changing different fields of one ticket at once both keep their change.
 * Returns the ticket as it now is, or null when it no longer exists.
 */
export function updateTicket(doc: Y.Doc, id: string, changes: TicketChanges, origin?: Origin): Ticket | null {
	const map = layout(doc).tickets.get(id);
	if (!map) return null;
	const current = toPlain(map) as Record<string, unknown>;
	const { replies: _replies, ...fields } = changes as TicketChanges & { replies?: unknown };
	const next = validate(Ticket, { ...current, ...fields, id });
	// The thread is appended to, never replaced (addReply).
	const keys = Object.keys(next).filter((k) => k !== ENTRY_KEYS.replies);
	write(doc, origin, () => setChangedFields(map, current, next, keys));
	return next;
}

/**
 * Appends a reply (reactie) to a ticket's thread. The reply is validated first
 * (a ValidationError with the paths, nothing written); a thread a third-party
 * client wrote as a plain array becomes a Y.Array with the old replies kept.
 * Returns the reply, or null when the ticket no longer exists.
 */
export function addReply(
	doc: Y.Doc,
	ticketId: string,
	input: TicketReply,
	origin?: Origin
): TicketReply | null {
	const map = layout(doc).tickets.get(ticketId);
	if (!map) return null;
	const reply = validate(TicketReply, input, ENTRY_KEYS.replies);
	const thread = map.get(ENTRY_KEYS.replies);
	const shared = thread instanceof Y.Array ? thread : null;
	const plain =
		!shared && Array.isArray(thread) ? thread.filter((r) => TicketReply.safeParse(r).success) : [];
	// A thread past the schema's maximum would leave the whole ticket out of every snapshot.
	if ((shared ?? plain).length >= MAX_REPLIES) {
		refuse(ENTRY_KEYS.replies, `Hoogstens ${MAX_REPLIES} reacties per ticket`);
	}
	write(doc, origin, () => {
		if (shared) shared.push([reply]);
		else map.set(ENTRY_KEYS.replies, repliesArray([...plain, reply]));
	});
	return reply;
}

export function deleteTicket(doc: Y.Doc, id: string, origin?: Origin): void {
	const tickets = layout(doc).tickets;
	if (!tickets.has(id)) return;
	write(doc, origin, () => tickets.delete(id));
}
