import { tokensFromFacilitator } from '$lib/server/auth/tokens';
import { journeyLink } from '$lib/server/journeys';
import { publicOrigin } from '$lib/server/public-origin';
import { ROLES, type Role } from '$lib/sync/protocol';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, parent, url }) => {
	// Access, the token and the journey come from the journey layout (+layout.server.ts).
	const { role, token } = await parent();
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
		links,
		// Links and the QR code must work on the other devices in the room, also when this
		// page was opened on localhost (the facilitator's own laptop).
		publicOrigin: links ? publicOrigin(url) : null
	};
};
