import { tokensFromFacilitator } from '$lib/server/auth/tokens';
import { journeyLink } from '$lib/server/journeys';
import { ROLES, type Role } from '$lib/sync/protocol';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, parent }) => {
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
	return { links };
};
