import { json } from '@sveltejs/kit';
import { apiError, readJson } from '$lib/server/api/http';
import { services } from '$lib/server/services';
import { createPersona, listLibrary } from '$lib/server/persona-library';
import type { RequestHandler } from './$types';
import { BASE_PATH } from '$lib/server/base-path';

/** The persona library of this instance: the rows that validate (the others are logged, see listLibrary). */
export const GET: RequestHandler = async () => json(await listLibrary());

/**
 * Adds a persona (the personas/ file format) to the library. Anyone on the
 * instance may, as anyone may create a journey; rate-limited the same way.
 */
export const POST: RequestHandler = async ({ request, getClientAddress }) => {
	const s = services();
	if (!s.creations.take(getClientAddress())) {
		return apiError(429, 'Te veel nieuwe persona’s vanaf dit adres; probeer het over een minuut opnieuw');
	}
	const body = await readJson(request);
	if (!body.ok) return body.response;
	const result = await createPersona(body.value);
	if (!result.ok) return apiError(result.status, result.error, result.issues);
	return json(result.persona, {
		status: 201,
		headers: { location: `${BASE_PATH}/api/personas/${encodeURIComponent(result.persona.id)}` }
	});
};
