import { tokensFromFacilitator } from '$lib/server/auth/tokens';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, parent }) => {
	// Access, the token and the journey come from the journey layout (+layout.server.ts).
	const { role, token } = await parent();
	// The trainer (facilitator) can hand out the participants' link to this page.
	const participantLink =
		role === 'facilitator'
			? `/reis/${encodeURIComponent(params.id)}/sessie?token=${encodeURIComponent(tokensFromFacilitator(token).editor)}`
			: null;
	return { participantLink };
};
