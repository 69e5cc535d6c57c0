import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

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
 * when nothing is left) and how many entries were dropped. Throws (lib0's
 * decoding errors) on a truncated update, which the caller closes as 4400.
 */
export function filterPresence(
	update: Uint8Array,
	mayWrite: PresenceRule
): { update: Uint8Array | null; dropped: number } {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	const kept: { clientId: number; clock: number; state: string }[] = [];
	let dropped = 0;
	for (let i = 0; i < count; i++) {
		const clientId = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		const state = decoding.readVarString(decoder);
		if (mayWrite(clientId, state === 'null')) kept.push({ clientId, clock, state });
		else dropped++;
	}
	if (dropped === 0) return { update, dropped };
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
