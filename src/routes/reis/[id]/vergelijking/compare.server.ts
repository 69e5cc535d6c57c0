import { error, type Cookies } from '@sveltejs/kit';
import { pageAccess } from '$lib/server/auth/page-access';
import { services } from '$lib/server/services';
import { VersionError } from '$lib/server/versions';

/** The comparison of a gewenste reis (opened by any of its role links) with its current journey. */
export async function comparisonFromLink(id: string, url: URL, cookies: Cookies, request: Request) {
	const { role } = await pageAccess(id, url, cookies, request);
	try {
		return { role, ...(await services().versions.compare(id)) };
	} catch (e) {
		if (e instanceof VersionError) error(e.status, { message: e.message });
		throw e;
	}
}
