import { json } from '@sveltejs/kit';
import { apiError, authorize } from '$lib/server/api/http';
import { services } from '$lib/server/services';
import { VersionError } from '$lib/server/versions';
import type { RequestHandler } from './$types';

/** The journey as it was at the version (any role), valid against the schema. */
export const GET: RequestHandler = async ({ request, params }) => {
	const access = await authorize(request, params.id);
	if ('response' in access) return access.response;
	try {
		return json(await services().versions.read(params.id, params.versionId));
	} catch (e) {
		if (e instanceof VersionError) return apiError(e.status, e.message);
		throw e;
	}
};
