import { json } from '@sveltejs/kit';
import { coverage } from '$lib/analysis/contacts';
import { authorize } from '$lib/server/api/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * "Klik, bel, kom" per fase (CONTRACT.md, "Contact figures"):
 * `{ stages: [{ stageId, humanAlternative, source }] }`; see docs/contacts.md.
 */
export const GET: RequestHandler = async ({ request, params }) => {
	const access = await authorize(request, params.id);
	if ('response' in access) return access.response;
	const { journey } = await services().journeys.snapshot(params.id);
	return json({ stages: coverage(journey) });
};
