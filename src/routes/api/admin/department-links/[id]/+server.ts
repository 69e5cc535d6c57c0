import { authorizeAdmin } from '$lib/server/api/admin';
import { apiError } from '$lib/server/api/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Deletes an afdelingslink; its token is refused from the next request on. */
export const DELETE: RequestHandler = async ({ request, params, getClientAddress }) => {
	const refused = authorizeAdmin(request, getClientAddress());
	if (refused) return refused;
	if (!(await services().departments.delete(params.id)))
		return apiError(404, 'Deze afdelingslink bestaat niet');
	return new Response(null, { status: 204 });
};
