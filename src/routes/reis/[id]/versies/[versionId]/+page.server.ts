import { error } from '@sveltejs/kit';
import { pageAccess } from '$lib/server/auth/page-access';
import { services } from '$lib/server/services';
import { VersionError } from '$lib/server/versions';
import type { PageServerLoad } from './$types';

/** One version, read-only, with what changed since the one before and who edited. */
export const load: PageServerLoad = async ({ params, url, cookies, request }) => {
	const { role } = await pageAccess(params.id, url, cookies, request);
	try {
		const detail = await services().versions.detail(params.id, params.versionId);
		return { id: params.id, role, ...detail };
	} catch (e) {
		if (e instanceof VersionError) error(e.status, { message: e.message });
		throw e;
	}
};
