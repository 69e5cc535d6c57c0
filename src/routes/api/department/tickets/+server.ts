import {
	DEPARTMENT_FORMATS,
	isDepartmentFormat,
	toDepartmentCsv,
	toDepartmentMarkdown
} from '$lib/export/department';
import { authorizeDepartment } from '$lib/server/api/department';
import { apiError } from '$lib/server/api/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * Every ticket of the link's vakafdeling across the instance's journeys,
 * ranked by expected effect: JSON (the default), CSV or Markdown.
 */
export const GET: RequestHandler = async ({ request, url }) => {
	const access = await authorizeDepartment(request);
	if ('response' in access) return access.response;
	const format = url.searchParams.get('format') ?? 'json';
	if (!isDepartmentFormat(format)) {
		return apiError(400, `Onbekend formaat "${format}". Kies uit: ${DEPARTMENT_FORMATS.join(', ')}.`, [
			{ path: 'format', message: `Een van: ${DEPARTMENT_FORMATS.join(', ')}` }
		]);
	}
	const { department } = access.link;
	const now = new Date();
	const view = await services().departments.ranked(department, now.toISOString().slice(0, 10));
	const rows = view.rows;
	const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
	if (format === 'json') {
		return new Response(view.json(), {
			headers: { ...headers, 'content-type': 'application/json' }
		});
	}
	const slug = (department ?? 'alle-afdelingen')
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
	const [body, type, suffix] =
		format === 'csv'
			? [toDepartmentCsv(rows), 'text/csv; charset=utf-8', 'csv']
			: [
					toDepartmentMarkdown(rows, { department, generatedAt: now.toISOString() }),
					'text/markdown; charset=utf-8',
					'md'
				];
	return new Response(body, {
		headers: {
			...headers,
			'content-type': type,
			'content-disposition': `attachment; filename="tickets-${slug || 'afdeling'}.${suffix}"`
		}
	});
};
