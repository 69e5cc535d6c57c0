import { pageAccess } from '$lib/server/auth/page-access';
import { services } from '$lib/server/services';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url, cookies, request, setHeaders }) => {
	const { role, token } = await pageAccess(params.id, url, cookies, request);
	// The page holds a capability token: never cache it anywhere.
	setHeaders({ 'cache-control': 'no-store' });
	return { id: params.id, role, token, journey: (await services().journeys.snapshot(params.id)).journey };
};
