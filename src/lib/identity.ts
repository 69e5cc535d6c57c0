import { PRESENCE_COLORS } from './sync/awareness';

/** Who this browser is in a workshop: a name and a colour, no account. */
export type Identity = { name: string; color: string };

const KEY = 'klantreis.user';

type Stored = Identity & {
	/** Set once the person chose the name themselves; until then the page asks for one. */
	named?: boolean;
};

function read(storage: Storage): Stored | null {
	try {
		const raw = JSON.parse(storage.getItem(KEY) ?? 'null') as Partial<Stored> | null;
		if (raw && typeof raw.name === 'string' && raw.name.trim() && typeof raw.color === 'string') {
			return { name: raw.name.trim().slice(0, 40), color: raw.color, named: raw.named === true };
		}
	} catch {
		// A broken entry is replaced by loadIdentity.
	}
	return null;
}

/**
 * This browser's identity, made up on the first visit: "Gast" and a number (not "Deelnemer",
 * which is also a role) and a presence colour; the page then asks for a real name once.
 */
export function loadIdentity(storage: Storage): Identity {
	const stored = read(storage);
	if (stored) return { name: stored.name, color: stored.color };
	const identity = {
		name: `Gast ${Math.floor(10 + Math.random() * 90)}`,
		color: PRESENCE_COLORS[Math.floor(Math.random() * PRESENCE_COLORS.length)]
	};
	storage.setItem(KEY, JSON.stringify({ ...identity, named: false }));
	return identity;
}

/**
 * True once this browser chose its own name. A name stored before the page asked (older
 * versions made up "Deelnemer NN") counts as not chosen unless it is something else.
 */
export function hasChosenName(storage: Storage): boolean {
	const stored = read(storage);
	if (!stored) return false;
	return stored.named === true || !/^(Deelnemer|Gast) \d{2}$/.test(stored.name);
}

/** Saves the name and colour the person chose (and so stops the page asking). */
export function saveIdentity(storage: Storage, identity: Identity): void {
	storage.setItem(KEY, JSON.stringify({ ...identity, named: true }));
}
