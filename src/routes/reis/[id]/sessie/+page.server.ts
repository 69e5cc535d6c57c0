import { pageAccess } from '$lib/server/auth/page-access';
import { tokensFromFacilitator } from '$lib/server/auth/tokens';
import { services } from '$lib/server/services';
import type { PageServerLoad } from './$types';
import { BASE_PATH } from '$lib/server/base-path';

export const load: PageServerLoad = async ({ params, url, cookies, request, setHeaders }) => {
	const { role, token } = await pageAccess(params.id, url, cookies, request);
	// The page holds a capability token: never cache it anywhere.
	setHeaders({ 'cache-control': 'no-store' });
	// The trainer (facilitator) can hand out the participants' link to this page.
	const participantLink =
		role === 'facilitator'
			? `${BASE_PATH}/reis/${encodeURIComponent(params.id)}/sessie?token=${encodeURIComponent(tokensFromFacilitator(token).editor)}`
			: null;
	return {
		id: params.id,
		role,
		token,
		participantLink,
		journey: (await services().journeys.snapshot(params.id)).journey
	};
};
