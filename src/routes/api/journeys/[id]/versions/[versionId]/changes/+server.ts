import { json } from '@sveltejs/kit';
import { apiError, authorize } from '$lib/server/api/http';
import { services } from '$lib/server/services';
import { VersionError } from '$lib/server/versions';
import type { RequestHandler } from './$types';

/**
 * What changed since the version before (any role):
 * `{ version, previous, changes: { steps, painPoints, tickets }, editors }`,
 * each change list `{ added, removed, changed }` of ids; `editors` are the
 * display names of the people whose edits are in this version and not in the previous one.
 */
export const GET: RequestHandler = async ({ request, params }) => {
	const access = await authorize(request, params.id);
	if ('response' in access) return access.response;
	try {
		const { version, previous, changes, editors, removedTitles } = await services().versions.detail(
			params.id,
			params.versionId
		);
		return json({ version, previous, changes, editors, removedTitles });
	} catch (e) {
		if (e instanceof VersionError) return apiError(e.status, e.message);
		throw e;
	}
};
