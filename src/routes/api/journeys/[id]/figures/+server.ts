import { json } from '@sveltejs/kit';
import { stepFigures } from '$lib/analysis/contacts';
import { apiError, authorize } from '$lib/server/api/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The imported contact figures per step (CONTRACT.md, "Contact figures"):
 * `{ steps: [{ stepId, contacts, firstTimeRight, forwarded, byChannel, byMonth }] }`,
 * in the order of the reis. `?van=YYYY-MM&tot=YYYY-MM` limits the period (both
 * ends included); `months` (an extension) lists every month that has figures.
 * `?per=onderwerp` (an extension) adds `figures`, the stored counts per month,
 * onderwerp and kanaal, so a live page can count them against its own copy of
 * the map (a step's onderwerpen just edited) without asking again.
 */
export const GET: RequestHandler = async ({ request, params, url }) => {
	const access = await authorize(request, params.id);
	if ('response' in access) return access.response;
	const period = { from: url.searchParams.get('van'), to: url.searchParams.get('tot') };
	for (const [key, value] of [
		['van', period.from],
		['tot', period.to]
	] as const)
		if (value && !MONTH.test(value))
			return apiError(400, 'Geef een maand als JJJJ-MM', [
				{ path: key, message: `"${value}" is geen maand (JJJJ-MM)` }
			]);
	const s = services();
	const [figures, { journey }] = await Promise.all([
		s.store.contactFigures(params.id),
		s.journeys.snapshot(params.id)
	]);
	return json({
		steps: stepFigures(journey, figures, period),
		months: [...new Set(figures.map((f) => f.month))].sort(),
		...(url.searchParams.get('per') === 'onderwerp' ? { figures } : {})
	});
};
