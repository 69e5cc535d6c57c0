import { buildToets, toetsFileName, toetsMarkdown } from '$lib/analysis/toets';
import { authorize } from '$lib/server/api/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** The draft doenvermogentoets of a journey as a Markdown download. */
export const GET: RequestHandler = async ({ request, params }) => {
	const access = await authorize(request, params.id);
	if ('response' in access) return access.response;
	const journey = (await services().journeys.snapshot(params.id)).journey;
	const today = new Date().toLocaleDateString('nl-NL', { day: 'numeric', month: 'long', year: 'numeric' });
	return new Response(toetsMarkdown(buildToets(journey), today), {
		headers: {
			'content-type': 'text/markdown; charset=utf-8',
			'content-disposition': `attachment; filename="${toetsFileName(journey.title)}"`,
			'cache-control': 'no-store'
		}
	});
};
