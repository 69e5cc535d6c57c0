import { error } from '@sveltejs/kit';
import { toDepartmentCsv, toDepartmentMarkdown } from '$lib/export/department';
import { departmentPageAccess } from '$lib/server/auth/department-access';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * The department list as a download for the page's buttons (the cookie holds
 * the token, so it never reaches the page's script): CSV or Markdown, ranked
 * by expected effect.
 */
export const GET: RequestHandler = async ({ url, cookies, request }) => {
	const { link } = await departmentPageAccess(url, cookies, request);
	const format = url.searchParams.get('format');
	if (format !== 'csv' && format !== 'md') error(400, { message: 'Kies als formaat csv of md.' });
	const now = new Date();
	const { rows } = await services().departments.ranked(link.department, now.toISOString().slice(0, 10));
	const name = `tickets-${(link.department ?? 'alle-afdelingen').toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
	const [body, type] =
		format === 'csv'
			? [toDepartmentCsv(rows), 'text/csv; charset=utf-8']
			: [
					toDepartmentMarkdown(rows, { department: link.department, generatedAt: now.toISOString() }),
					'text/markdown; charset=utf-8'
				];
	return new Response(body, {
		headers: {
			'content-type': type,
			'content-disposition': `attachment; filename="${name}.${format}"`,
			'cache-control': 'no-store'
		}
	});
};
