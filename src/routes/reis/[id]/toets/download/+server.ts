import { buildToets, toetsFileName, toetsMarkdown } from '$lib/analysis/toets';
import { journeyFromLink, today } from '../access.server';
import type { RequestHandler } from './$types';

/**
 * The Markdown download behind the page's button. A browser link cannot send
 * a bearer header, so this takes the role link's `?token=`, like the page.
 */
export const GET: RequestHandler = async ({ params, url, cookies, request }) => {
	const { journey } = await journeyFromLink(params.id, url, cookies, request);
	return new Response(toetsMarkdown(buildToets(journey), today()), {
		headers: {
			'content-type': 'text/markdown; charset=utf-8',
			'content-disposition': `attachment; filename="${toetsFileName(journey.title)}"`,
			'cache-control': 'no-store'
		}
	});
};
