import { pageAccess } from '$lib/server/auth/page-access';
import { tokensFromFacilitator } from '$lib/server/auth/tokens';
import { journeyLink } from '$lib/server/journeys';
import { publicOrigin } from '$lib/server/public-origin';
import { services } from '$lib/server/services';
import { ROLES, type Role } from '$lib/sync/protocol';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url, cookies, request, setHeaders }) => {
	const { role, token } = await pageAccess(params.id, url, cookies, request);
	// The page holds a capability token: never cache it anywhere.
	setHeaders({ 'cache-control': 'no-store' });
	// The facilitator holds the key to all three links (see tokensFromFacilitator).
	let links: Record<Role, string> | null = null;
	if (role === 'facilitator') {
		const tokens = tokensFromFacilitator(token);
		links = Object.fromEntries(ROLES.map((r) => [r, journeyLink(params.id, tokens[r])])) as Record<
			Role,
			string
		>;
	}
	return {
		id: params.id,
		role,
		token,
		links,
		// Links and the QR code must work on the other devices in the room, also when this
		// page was opened on localhost (the facilitator's own laptop).
		publicOrigin: links ? publicOrigin(url) : null,
		journey: (await services().journeys.snapshot(params.id)).journey
	};
};
