import { randomBytes } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { StoredVersion } from './store';

/**
 * How a version (versie) is kept: the Yjs state of the doc at that moment
 * (`Y.encodeStateAsUpdate`), raw-deflated. A state holds every entry once
 * with its ids and texts; deflate takes out the repeated keys and ids
 * (about a third of the bytes on the 300-step journey, see docs/benchmarks.md).
 * The first byte says how it is packed, so another packing can follow.
 */
const PACK_DEFLATE = 1;

/** Packs an encoded Yjs state for storage. */
export function packState(state: Uint8Array): Uint8Array {
	const packed = deflateRawSync(state, { level: 6 });
	const out = new Uint8Array(packed.byteLength + 1);
	out[0] = PACK_DEFLATE;
	out.set(packed, 1);
	return out;
}

/** The encoded Yjs state of a packed version; throws on an unknown packing. */
export function unpackState(packed: Uint8Array): Uint8Array {
	if (packed[0] !== PACK_DEFLATE) throw new Error(`Onbekende verpakking van een versie (${packed[0]})`);
	return new Uint8Array(inflateRawSync(packed.subarray(1)));
}

/** A fresh version id: 96 random bits, url-safe. */
export function newVersionId(): string {
	return `v-${randomBytes(12).toString('base64url')}`;
}

const DAY = new Intl.DateTimeFormat('en-CA', {
	timeZone: 'Europe/Amsterdam',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit'
});
const LONG_DAY = new Intl.DateTimeFormat('nl-NL', {
	timeZone: 'Europe/Amsterdam',
	day: 'numeric',
	month: 'long',
	year: 'numeric'
});

/** The calendar day of a moment in the Netherlands, `YYYY-MM-DD`. */
export function dayOf(ms: number): string {
	return DAY.format(new Date(ms));
}

/**
 * The automatic version of a day with edits: the state as it was stored at
 * `now` (a compaction, which also runs when the last person leaves and at
 * shutdown). Stored with `autoDay`, so a later compaction the same day
 * replaces it: what remains is the state at the end of that day's work.
 */
export function autoVersion(journeyId: string, state: Uint8Array, now: number): StoredVersion {
	const packed = packState(state);
	return {
		id: newVersionId(),
		journeyId,
		name: `Automatisch bewaard, ${LONG_DAY.format(new Date(now))}`,
		createdAt: now,
		autoDay: dayOf(now),
		storedBytes: packed.byteLength,
		state: packed
	};
}
