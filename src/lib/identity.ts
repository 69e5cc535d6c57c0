import { PRESENCE_COLORS } from './sync/awareness';

/** Who this browser is in a workshop: a name and a colour, no account. */
export type Identity = { name: string; color: string };

const KEY = 'klantreis.user';

export function loadIdentity(storage: Storage): Identity {
	try {
		const raw = JSON.parse(storage.getItem(KEY) ?? 'null') as Partial<Identity> | null;
		if (raw && typeof raw.name === 'string' && raw.name.trim() && typeof raw.color === 'string') {
			return { name: raw.name.trim().slice(0, 40), color: raw.color };
		}
	} catch {
		// A broken entry is replaced below.
	}
	const identity = {
		name: `Deelnemer ${Math.floor(10 + Math.random() * 90)}`,
		color: PRESENCE_COLORS[Math.floor(Math.random() * PRESENCE_COLORS.length)]
	};
	saveIdentity(storage, identity);
	return identity;
}

export function saveIdentity(storage: Storage, identity: Identity): void {
	storage.setItem(KEY, JSON.stringify(identity));
}
