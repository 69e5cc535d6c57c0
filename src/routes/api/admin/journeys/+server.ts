import { json } from '@sveltejs/kit';
import { authorizeAdmin } from '$lib/server/api/admin';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Every journey on the instance, with its size and open connections (no tokens: only hashes are kept). */
export const GET: RequestHandler = async ({ request, getClientAddress }) => {
	const refused = authorizeAdmin(request, getClientAddress());
	if (refused) return refused;
	const s = services();
	const open = s.sync.connectionCounts();
	return json(
		(await s.journeys.list()).map((j) => ({
			...j,
			connections: open.get(j.id) ?? 0,
			quarantined: s.rooms.loaded(j.id)?.problems.length ?? 0
		}))
	);
};
