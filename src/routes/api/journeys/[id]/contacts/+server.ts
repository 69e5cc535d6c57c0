import { json } from '@sveltejs/kit';
import { CONTACT_COLUMNS, summarizeImport, type ColumnMapping } from '$lib/analysis/contacts';
import { apiError, authorize, readText, writeHandler } from '$lib/server/api/http';
import { tallyCsv, tallyOpenKlant, type TallyResult } from '$lib/server/contacts';
import { services } from '$lib/server/services';
import { markFiguresChanged } from '$lib/sync/figures';
import { SERVER_ORIGIN } from '$lib/sync/origins';
import type { RequestHandler } from './$types';

/**
 * Imports a KCC export (CONTRACT.md, "Contact figures"): `text/csv` (streamed)
 * or `application/json` (Open Klant 2 klantcontacten). Rows are counted per
 * onderwerp, kanaal and month and dropped; the counts replace those of the
 * months the export covers. Query: a column's name as parameter maps it to the
 * export's own header (`?datum=Datum%20contact`); `voorbeeld=1` answers the
 * summary without storing anything (the preview of the import dialog).
 * `200 { imported, matched, unmatched, … }`; 400 with `rows.<i>.<column>` and
 * nothing changed; 403 for a viewer; 413 past MAX_IMPORT_BYTES.
 */
export const POST: RequestHandler = writeHandler(async ({ request, params, url }) => {
	const access = await authorize(request, params.id);
	if ('response' in access) return access.response;
	if (access.role === 'viewer') return apiError(403, 'Met een kijklink kunt u geen cijfers importeren');
	const s = services();
	const max = s.config.limits.maxImportBytes;
	if (Number(request.headers.get('content-length') ?? '0') > max)
		return apiError(413, `Het bestand is groter dan ${max} bytes (MAX_IMPORT_BYTES)`);

	const mapping: ColumnMapping = {};
	for (const column of CONTACT_COLUMNS) {
		const header = url.searchParams.get(column);
		if (header) mapping[column] = header;
	}
	const type = request.headers.get('content-type')?.split(';')[0].trim().toLowerCase() ?? '';
	let result: TallyResult;
	if (type === 'application/json') {
		const text = await readText(request, max);
		if (text === null) return apiError(413, `Het bestand is groter dan ${max} bytes (MAX_IMPORT_BYTES)`);
		let list: unknown;
		try {
			list = JSON.parse(text);
		} catch (e) {
			return apiError(400, 'De inhoud is geen geldige JSON', [
				{ path: '', message: e instanceof Error ? e.message : 'Onleesbare JSON' }
			]);
		}
		result = tallyOpenKlant(list);
	} else {
		if (!request.body) return apiError(400, 'Stuur het CSV-bestand mee als inhoud');
		result = await tallyCsv(request.body as unknown as AsyncIterable<Uint8Array>, { mapping, maxBytes: max });
	}
	if (!result.ok) return apiError(result.status, result.error, result.issues);

	const journey = (await s.journeys.snapshot(params.id)).journey;
	const summary = summarizeImport(journey, result.tally);
	if (url.searchParams.get('voorbeeld') !== '1') {
		await s.store.replaceContactFigures(params.id, summary.months, result.tally.figures());
		// Open pages fetch the figures again when this stamp changes.
		await s.rooms.change(params.id, (doc) => markFiguresChanged(doc, Date.now(), SERVER_ORIGIN));
	}
	return json(summary);
});
