import { pageAccess } from '$lib/server/auth/page-access';
import { adviesDownload } from '$lib/server/contacts';
import type { RequestHandler } from './$types';

/** The advies download behind the page's button (a link sends the page cookie, not a bearer header). */
export const GET: RequestHandler = async ({ params, url, cookies, request }) => {
	await pageAccess(params.id, url, cookies, request);
	return adviesDownload(params.id);
};
