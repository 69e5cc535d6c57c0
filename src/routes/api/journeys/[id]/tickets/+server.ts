import { EXPORT_FORMATS, exportTickets, isExportFormat } from '$lib/export';
import { apiError, authorize } from '$lib/server/api/http';
import { publicOrigin } from '$lib/server/public-origin';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** The tickets of a journey in one export format, as a download. Any role may read them. */
export const GET: RequestHandler = async ({ request, params, url }) => {
	const access = await authorize(request, params.id);
	if ('response' in access) return access.response;
	const format = url.searchParams.get('format');
	if (!isExportFormat(format)) {
		return apiError(
			400,
			`${format ? `Onbekend formaat "${format}".` : 'Geef een formaat mee, bijvoorbeeld ?format=csv.'} Kies uit: ${EXPORT_FORMATS.join(', ')}.`,
			[{ path: 'format', message: `Een van: ${EXPORT_FORMATS.join(', ')}` }]
		);
	}
	const { journey } = await services().journeys.snapshot(params.id);
	// Links in the export point at the page without a token: the file travels further than the
	// workshop. The same public address as the share panel, so a file made on localhost works elsewhere.
	const origin = publicOrigin(url).origin ?? url.origin;
	const journeyUrl = `${origin}/reis/${encodeURIComponent(params.id)}`;
	const { body, contentType, fileName } = exportTickets(format, {
		journey,
		journeyUrl,
		generatedAt: new Date().toISOString()
	});
	return new Response(body, {
		headers: {
			'content-type': contentType,
			'content-disposition': `attachment; filename="${fileName}"`,
			'cache-control': 'no-store',
			'x-content-type-options': 'nosniff'
		}
	});
};
