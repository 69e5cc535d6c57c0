import { comparisonMarkdown } from '$lib/analysis/compare-report';
import { toetsFileName } from '$lib/analysis/toets';
import { today } from '../../toets/access.server';
import { comparisonFromLink } from '../compare.server';
import type { RequestHandler } from './$types';

/**
 * The comparison as Markdown for a collegevoorstel. A browser link cannot
 * send a bearer header, so this takes the page's cookie or `?token=`, like the page.
 */
export const GET: RequestHandler = async ({ params, url, cookies, request }) => {
	const { comparison, current, desired } = await comparisonFromLink(params.id, url, cookies, request);
	const file = toetsFileName(current.title).replace(/^doenvermogentoets-/, 'huidige-en-gewenste-reis-');
	return new Response(comparisonMarkdown(comparison, current, desired, today()), {
		headers: {
			'content-type': 'text/markdown; charset=utf-8',
			'content-disposition': `attachment; filename="${file}"`,
			'cache-control': 'no-store'
		}
	});
};
