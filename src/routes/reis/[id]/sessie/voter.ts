import { VoterId } from '$lib/model';

const KEY = 'klantreis.voter';

/**
 * This browser's stable voter id for trainer sessions: random, kept in
 * localStorage, so a reload keeps the votes one already spent. There are no
 * accounts; someone with two browsers gets two budgets, which is fine in a room.
 */
export function loadVoterId(storage: Storage): string {
	const stored = storage.getItem(KEY);
	if (stored && VoterId.safeParse(stored).success) return stored;
	const id = crypto.randomUUID().replaceAll('-', '');
	storage.setItem(KEY, id);
	return id;
}
