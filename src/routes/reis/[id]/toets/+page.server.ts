import { buildToets } from '$lib/analysis/toets';
import { journeyFromLink, today } from './access.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url, cookies, request, setHeaders }) => {
	const { journey, token } = await journeyFromLink(params.id, url, cookies, request);
	// The page holds a capability token: never cache it anywhere.
	setHeaders({ 'cache-control': 'no-store' });
	return { id: params.id, token, toets: buildToets(journey), date: today() };
};
