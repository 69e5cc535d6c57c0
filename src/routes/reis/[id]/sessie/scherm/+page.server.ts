import { participantLink } from '../participant-link.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, parent }) => {
	// Access, the token and the journey come from the journey layout (+layout.server.ts).
	const { role, token } = await parent();
	// Only the facilitator's presenter view shows the participants' QR code.
	return { participantLink: participantLink(params.id, role, token) };
};
