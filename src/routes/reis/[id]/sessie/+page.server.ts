import { participantLink } from './participant-link.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, parent }) => {
	// Access, the token and the journey come from the journey layout (+layout.server.ts).
	const { role, token } = await parent();
	// The trainer (facilitator) can hand out the participants' link to this page.
	return { participantLink: participantLink(params.id, role, token) };
};
