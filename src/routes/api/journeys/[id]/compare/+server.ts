import { json } from '@sveltejs/kit';
import { apiError, authorize } from '$lib/server/api/http';
import { services } from '$lib/server/services';
import { VersionError } from '$lib/server/versions';
import type { RequestHandler } from './$types';

/**
 * Compares a gewenste reis with the journey it is based on (any role of the
 * desired journey): `{ current, desired, steps: { added, removed, moved, changed } }`.
 */
export const GET: RequestHandler = async ({ request, params }) => {
	const access = await authorize(request, params.id);
	if ('response' in access) return access.response;
	try {
		return json((await services().versions.compare(params.id)).comparison);
	} catch (e) {
		if (e instanceof VersionError) return apiError(e.status, e.message);
		throw e;
	}
};
