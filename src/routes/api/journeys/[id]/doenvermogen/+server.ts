import { json } from '@sveltejs/kit';
import { analyseJourney } from '$lib/analysis/doenvermogen';
import { authorize } from '$lib/server/api/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * Where each persona gets stuck (vastlopen) on the reis as it is now:
 * `{ personas: [{ personaId, steps: [{ stepId, stuck, ... }] }] }`.
 * The per-step detail (gaps per component, risk, reasons) comes from the
 * same pure analysis the canvas uses; see docs/doenvermogen.md.
 */
export const GET: RequestHandler = async ({ request, params }) => {
	const access = await authorize(request, params.id);
	if ('response' in access) return access.response;
	const { personas } = analyseJourney((await services().journeys.snapshot(params.id)).journey);
	return json({ personas });
};
