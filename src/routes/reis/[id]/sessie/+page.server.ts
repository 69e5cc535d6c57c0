import { participantLink } from './participant-link.server';
import { publicOrigin } from '$lib/server/public-origin';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, parent, url }) => {
	// Access, the token and the journey come from the journey layout (+layout.server.ts).
	const { role, token } = await parent();
	// The trainer (facilitator) can hand out the participants' link to this page.
	// Links, the QR code and exports use the address other devices in the room reach (as the
	// map's share panel does), also when this page was opened on localhost.
	return { participantLink: participantLink(params.id, role, token), publicOrigin: publicOrigin(url) };
};
