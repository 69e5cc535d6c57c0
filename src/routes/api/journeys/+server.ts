import { json } from '@sveltejs/kit';
import { parseJourneyInput } from '$lib/model';
import { apiError, readJson, writeHandler } from '$lib/server/api/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Creates a new journey from a Journey body; answers with its id, tokens and role links. */
export const POST: RequestHandler = writeHandler(async ({ request, getClientAddress }) => {
	const s = services();
	if (!s.creations.take(getClientAddress())) {
		return apiError(429, 'Te veel nieuwe klantreizen vanaf dit adres; probeer het over een minuut opnieuw');
	}
	const body = await readJson(request);
	if (!body.ok) return body.response;
	const parsed = parseJourneyInput(body.value);
	if (!parsed.ok) return apiError(400, 'De klantreis klopt niet', parsed.issues);
	return json(await s.journeys.create(parsed.value), { status: 201 });
});
