import { error } from '@sveltejs/kit';
import { tokensFromFacilitator } from '$lib/server/auth/tokens';
import { journeyLink } from '$lib/server/journeys';
import { services } from '$lib/server/services';
import { ROLES, type Role } from '$lib/sync/protocol';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, url, setHeaders }) => {
	const token = url.searchParams.get('token');
	if (!token)
		error(401, {
			message: 'Deze link is niet compleet: het token ontbreekt. Vraag de begeleider om de link opnieuw.'
		});
	const s = services();
	if (!s.journeys.exists(params.id)) error(404, { message: 'Deze klantreis bestaat niet (meer).' });
	const role = s.auth.role(params.id, token);
	if (!role) error(403, { message: 'Deze link geeft geen toegang tot deze klantreis.' });
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
	return { id: params.id, role, token, links, journey: s.journeys.snapshot(params.id).journey };
};
