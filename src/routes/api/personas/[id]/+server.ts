import { json } from '@sveltejs/kit';
import { apiError, readJson } from '$lib/server/api/http';
import {
	deletePersona,
	getLibraryPersona,
	personaFileText,
	replacePersona
} from '$lib/server/persona-library';
import type { RequestHandler } from './$types';

/**
 * One persona of the library. `?download` answers it as a file in the
 * personas/ format (Content-Disposition), for the export button.
 */
export const GET: RequestHandler = async ({ params, url }) => {
	const persona = await getLibraryPersona(params.id);
	if (!persona) return apiError(404, 'Deze persona bestaat niet');
	if (!url.searchParams.has('download')) return json(persona);
	return new Response(personaFileText(persona), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="${persona.id}.json"`
		}
	});
};

/** Replaces a persona; validated like POST. */
export const PUT: RequestHandler = async ({ params, request }) => {
	const body = await readJson(request);
	if (!body.ok) return body.response;
	const result = await replacePersona(params.id, body.value);
	if (!result.ok) return apiError(result.status, result.error, result.issues);
	return json(result.persona);
};

/** Removes a persona from the library; journeys keep their embedded copies. */
export const DELETE: RequestHandler = async ({ params }) => {
	if (!(await deletePersona(params.id))) return apiError(404, 'Deze persona bestaat niet');
	return new Response(null, { status: 204 });
};
