import { json } from '@sveltejs/kit';
import { authorize } from '$lib/server/api/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** The journey as it is now, read from the live document. */
export const GET: RequestHandler = async ({ request, params }) => {
	const access = await authorize(request, params.id);
	if ('response' in access) return access.response;
	return json((await services().journeys.snapshot(params.id)).journey);
};
