import { adviesFileName, adviesMarkdown } from '$lib/export/advies';
import { pageAccess } from '$lib/server/auth/page-access';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** The advies download behind the page's button (a link sends the page cookie, not a bearer header). */
export const GET: RequestHandler = async ({ params, url, cookies, request }) => {
	await pageAccess(params.id, url, cookies, request);
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
