import * as Y from 'yjs';
import { Ticket, TicketReply } from '$lib/model';
import { layout, type EntityMap } from './doc-layout';
import { toPlain } from './journey-doc';

/**
 * Verbetertickets in the Y.Doc: create, update and delete, each in one
 * transaction with the caller's origin so undo and the server can tell whose
 * change it was. The prefill of a new ticket from its pain points is a pure
 * function over the Journey: `ticketDraft` in $lib/export/prefill, because
 * it needs the doenvermogen analysis, which sits above sync.
 */

/** The key of the reply thread inside a ticket's Y.Map. */
const REPLIES = 'replies';

/**
 * The thread as a Y.Array of plain replies: two people replying at once
 * (the vakafdeling and the workshop) both keep their reply, where a plain
 * array set as one value would keep only the last writer's.
 */
function repliesArray(replies: readonly TicketReply[]): Y.Array<TicketReply> {
	const array = new Y.Array<TicketReply>();
	array.push([...replies]);
	return array;
}

function toYMap(ticket: Ticket): EntityMap {
	const map = new Y.Map<unknown>();
	for (const [key, value] of Object.entries(ticket)) {
		map.set(key, key === REPLIES ? repliesArray(value as TicketReply[]) : value);
	}
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
	// Stamped here, once, so the department page can show its age (not a schema default:
	// a default would give every older ticket a new age on each read).
	const ticket = Ticket.parse({ createdAt: new Date().toISOString(), ...input });
	doc.transact(() => layout(doc).tickets.set(ticket.id, toYMap(ticket)), origin);
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
export function updateTicket(
	doc: Y.Doc,
	id: string,
	changes: TicketChanges,
	origin?: unknown
): Ticket | null {
	const map = layout(doc).tickets.get(id);
	if (!map) return null;
	const current = toPlain(map) as Record<string, unknown>;
	const { replies: _replies, ...fields } = changes as TicketChanges & { replies?: unknown };
	const next = Ticket.parse({ ...current, ...fields, id });
	doc.transact(() => {
		for (const [key, value] of Object.entries(next)) {
			// The thread is appended to, never replaced (addReply).
			if (key === REPLIES) continue;
			if (value === undefined) {
				if (map.has(key)) map.delete(key);
			} else if (JSON.stringify(current[key]) !== JSON.stringify(value)) map.set(key, value);
		}
	}, origin);
	return next;
}

/**
 * Appends a reply (reactie) to a ticket's thread. The reply is validated first
 * (TicketReply.parse throws a ZodError with the paths); a thread a third-party
 * client wrote as a plain array becomes a Y.Array with the old replies kept.
 * Returns the reply, or null when the ticket no longer exists.
 */
export function addReply(
	doc: Y.Doc,
	ticketId: string,
	input: TicketReply,
	origin?: unknown
): TicketReply | null {
	const map = layout(doc).tickets.get(ticketId);
	if (!map) return null;
	const reply = TicketReply.parse(input);
	doc.transact(() => {
		const thread = map.get(REPLIES);
		if (thread instanceof Y.Array) {
			thread.push([reply]);
			return;
		}
		const old = Array.isArray(thread) ? thread.filter((r) => TicketReply.safeParse(r).success) : [];
		map.set(REPLIES, repliesArray([...(old as TicketReply[]), reply]));
	}, origin);
	return reply;
}

export function deleteTicket(doc: Y.Doc, id: string, origin?: unknown): void {
	const tickets = layout(doc).tickets;
	if (!tickets.has(id)) return;
	doc.transact(() => tickets.delete(id), origin);
}
