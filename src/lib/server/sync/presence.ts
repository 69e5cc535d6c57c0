import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Role } from '$lib/sync/protocol';

/**
 * Which awareness (aanwezigheid) entries one connection may write: `clientId`
 * and whether the entry removes the state (`null`). Returns true to keep it.
 */
export type PresenceRule = (clientId: number, removes: boolean) => boolean;

/**
 * Keeps the entries of a y-protocols awareness update that `mayWrite` allows
 * and drops the rest. The update is `varUint count, then per entry varUint
 * clientID, varUint clock, varString state JSON` (y-protocols/awareness);
 * kept entries are copied byte for byte. Returns the filtered update (null
 * when nothing is left) and how many entries were dropped. `rewrite` may
 * change a kept state (JSON text; never called for a removal); an entry it
 * returns unchanged (the same string) stays byte for byte. Throws (lib0's
 * decoding errors) on a truncated update, which the caller closes as 4400.
 */
export function filterPresence(
	update: Uint8Array,
	mayWrite: PresenceRule,
	rewrite: (state: string) => string = (state) => state
): { update: Uint8Array | null; dropped: number } {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	const kept: { clientId: number; clock: number; state: string }[] = [];
	let dropped = 0;
	let changed = false;
	for (let i = 0; i < count; i++) {
		const clientId = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		const state = decoding.readVarString(decoder);
		if (!mayWrite(clientId, state === 'null')) {
			dropped++;
			continue;
		}
		const next = state === 'null' ? state : rewrite(state);
		if (next !== state) changed = true;
		kept.push({ clientId, clock, state: next });
	}
	if (dropped === 0 && !changed) return { update, dropped };
	if (kept.length === 0) return { update: null, dropped };
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, kept.length);
	for (const entry of kept) {
		encoding.writeVarUint(e, entry.clientId);
		encoding.writeVarUint(e, entry.clock);
		encoding.writeVarString(e, entry.state);
	}
	return { update: encoding.toUint8Array(e), dropped };
}

/**
 * One presence state (awareness JSON, see $lib/sync/awareness) as the connection that sent it may
 * announce it: a `role` it states is the connection's own `role` (the server knows it from the
 * token; the client only says so), and a `summon` ("breng iedereen hier", docs/architecture.md)
 * is kept from a facilitator's connection only; anyone else's becomes null. Returns `state`
 * itself when nothing changes (most states: a pointer move of someone with their true role), or
 * the changed JSON. A state that is not a JSON object is returned as it is: the clients' own
 * schema (Presence) leaves it out.
 */
export function boundPresence(state: string, role: Role): string {
	// Cheap test first: only a state with one of the two fields can need a change (a key may
	// also be spelt with \u escapes, which JSON.parse reads as the same key).
	if (!state.includes('"role"') && !state.includes('"summon"') && !state.includes('\\u')) return state;
	let parsed: unknown;
	try {
		parsed = JSON.parse(state);
	} catch {
		return state;
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return state;
	const presence = parsed as Record<string, unknown>;
	let changed = false;
	if (presence.role !== undefined && presence.role !== null && presence.role !== role) {
		presence.role = role;
		changed = true;
	}
	if (role !== 'facilitator' && presence.summon !== undefined && presence.summon !== null) {
		presence.summon = null;
		changed = true;
	}
	return changed ? JSON.stringify(presence) : state;
}
