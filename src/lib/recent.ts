import type { Role } from './sync/protocol';

/** A journey this browser has opened, so the home page can list it again. */
export type RecentJourney = { id: string; title: string; role: Role; link: string; openedAt: string };

const KEY = 'klantreis.recent';

export function loadRecent(storage: Storage): RecentJourney[] {
	try {
		const raw = JSON.parse(storage.getItem(KEY) ?? '[]') as unknown;
		return Array.isArray(raw) ? (raw as RecentJourney[]).filter((r) => r && typeof r.id === 'string') : [];
	} catch {
		return [];
	}
}

/**
 * Remembers a journey; a stronger role for the same journey is kept over a
 * weaker one, so opening the viewer link does not hide the facilitator link.
 */
export function rememberJourney(storage: Storage, entry: RecentJourney): void {
	const rank: Record<Role, number> = { facilitator: 3, editor: 2, viewer: 1 };
	const list = loadRecent(storage);
	const existing = list.find((r) => r.id === entry.id);
	const keep =
		existing && rank[existing.role] > rank[entry.role]
			? { ...existing, title: entry.title, openedAt: entry.openedAt }
			: entry;
	const next = [keep, ...list.filter((r) => r.id !== entry.id)].slice(0, 50);
	storage.setItem(KEY, JSON.stringify(next));
}

export function forgetJourney(storage: Storage, id: string): void {
	storage.setItem(KEY, JSON.stringify(loadRecent(storage).filter((r) => r.id !== id)));
}
