import { authorize } from '$lib/server/api/http';
import { adviesDownload } from '$lib/server/contacts';
import type { RequestHandler } from './$types';

/** The klantcontact- en interactie-advies as Markdown (`text/markdown`); see docs/contacts.md. */
export const GET: RequestHandler = async ({ request, params }) => {
	const access = await authorize(request, params.id);
	if ('response' in access) return access.response;
	return adviesDownload(params.id);
};
