import { adviesFileName, adviesMarkdown } from '$lib/export/advies';
import { authorize } from '$lib/server/api/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** The klantcontact- en interactie-advies as Markdown (`text/markdown`); see docs/contacts.md. */
export const GET: RequestHandler = async ({ request, params }) => {
	const access = await authorize(request, params.id);
	if ('response' in access) return access.response;
	const s = services();
	const [{ journey }, figures] = await Promise.all([
		s.journeys.snapshot(params.id),
		s.store.contactFigures(params.id)
	]);
	return new Response(adviesMarkdown(journey, figures, new Date()), {
		headers: {
			'content-type': 'text/markdown; charset=utf-8',
			'content-disposition': `attachment; filename="${adviesFileName(journey.title)}"`,
			'cache-control': 'no-store'
		}
	});
};
