import { BASE_PATH } from '$lib/server/base-path';
import { tokensFromFacilitator } from '$lib/server/auth/tokens';
import type { Role } from '$lib/sync/protocol';

/**
 * The participants' link to the trainer session (the editor's token), for the
 * facilitator alone: the page shows it as a link and the presenter view as a
 * QR code. Null for anyone else.
 */
export function participantLink(journeyId: string, role: Role, token: string): string | null {
	if (role !== 'facilitator') return null;
	return `${BASE_PATH}/reis/${encodeURIComponent(journeyId)}/sessie?token=${encodeURIComponent(tokensFromFacilitator(token).editor)}`;
}
