import { pageAccess } from '$lib/server/auth/page-access';
import { services } from '$lib/server/services';
import type { LayoutServerLoad } from './$types';

/**
 * What every page of a journey needs: the role the link (or the page cookie)
 * gives and the journey as stored, for the first paint; the layout then keeps
 * one live connection for all of them (see +layout.svelte).
 */
export const load: LayoutServerLoad = async ({ params, url, cookies, request, setHeaders }) => {
	const { role, token } = await pageAccess(params.id, url, cookies, request);
	// The pages hold a capability token: never cache them anywhere.
	setHeaders({ 'cache-control': 'no-store' });
	return { id: params.id, role, token, journey: (await services().journeys.snapshot(params.id)).journey };
};
