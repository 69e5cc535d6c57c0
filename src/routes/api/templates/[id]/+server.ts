import { json } from '@sveltejs/kit';
import { apiError } from '$lib/server/api/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** One template, as a Journey that can be POSTed to /api/journeys. */
export const GET: RequestHandler = async ({ params }) => {
	const template = await services().store.getTemplate(params.id);
	return template ? json(template) : apiError(404, 'Dit sjabloon bestaat niet');
};
