import {
	ContactTally,
	readContactRow,
	readOpenKlantContact,
	recognizeColumns,
	CONTACT_COLUMN_LABELS,
	type ColumnMapping
} from '$lib/analysis/contacts';
import { adviesFileName, adviesMarkdown } from '$lib/export/advies';
import type { Issue } from '$lib/model';
import { services } from './services';
import { CsvReader, detectDelimiter } from '$lib/analysis/csv-reader';

/**
 * Reading a KCC export on the server (CONTRACT.md, "Contact figures"). The body
 * is streamed: a CSV of a million rows passes through in constant memory, each
 * record counted into a ContactTally and dropped. Nothing of a row is logged or
 * kept; an error message quotes at most 40 characters of the one cell at fault.
 */

/** Problems stop the read after this many: the user fixes the file, not 100,000 lines. */
const MAX_ISSUES = 20;

export type TallyResult =
	{ ok: true; tally: ContactTally } | { ok: false; status: 400 | 413; error: string; issues?: Issue[] };

function tooLarge(maxBytes: number): TallyResult {
	return { ok: false, status: 413, error: `Het bestand is groter dan ${maxBytes} bytes (MAX_IMPORT_BYTES)` };
}

/** Counts the bytes of a body and stops it past `maxBytes` (a 413, not a full disk or memory). */
class TooLarge extends Error {}
async function* limited(body: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
	let seen = 0;
	for await (const chunk of body) {
		seen += chunk.byteLength;
		if (seen > maxBytes) throw new TooLarge();
		yield chunk;
	}
}

/**
 * Tallies a CSV export (`;` or `,`, with or without a UTF-8 BOM, `\n` or `\r\n`,
 * quoted cells with line breaks). Columns are found by name or by `mapping`
 * (contract column → the export's header). Errors name the row and column as
 * `rows.<i>.<column>` (i = 0 for the first row after the header), or
 * `columns.<column>` for a missing column.
 */
export async function tallyCsv(
	body: AsyncIterable<Uint8Array>,
	options: { mapping?: ColumnMapping; maxBytes: number }
): Promise<TallyResult> {
	const source = limited(body, options.maxBytes);
	// The delimiter is read from the header line, so buffer until its line break.
	let head = Buffer.alloc(0);
	try {
		for (;;) {
			const next = await source.next();
			if (next.done) break;
			head = Buffer.concat([head, next.value]);
			if (head.includes(0x0a) || head.byteLength > 64 * 1024) break;
		}
	} catch (e) {
		if (e instanceof TooLarge) return tooLarge(options.maxBytes);
		throw e;
	}
	const firstLine =
		head
			.toString('utf8')
			.replace(/^\uFEFF/, '')
			.split(/\r?\n/)[0] ?? '';
	if (!firstLine.trim())
		return { ok: false, status: 400, error: 'Het bestand is leeg of heeft geen kopregel' };
	const delimiter = detectDelimiter(firstLine);

	const tally = new ContactTally();
	const issues: Issue[] = [];
	let positions: ReturnType<typeof recognizeColumns>['positions'] | null = null;
	let missing: Issue[] = [];
	let index = 0;
	// Each record is counted and dropped as soon as it is read: nothing per row is kept.
	const reader = new CsvReader(delimiter, (record, line) => {
		if (issues.length >= MAX_ISSUES || missing.length) return;
		if (!positions) {
			const found = recognizeColumns(record, options.mapping);
			missing = found.missing.map((c) => ({
				path: `columns.${c}`,
				message: `Kolom "${CONTACT_COLUMN_LABELS[c]}" niet gevonden in de kopregel`
			}));
			positions = found.positions;
			return;
		}
		const read = readContactRow(record, positions, index, line);
		index++;
		if ('row' in read) tally.add(read.row);
		else issues.push(...read.issues);
	});
	const decoder = new TextDecoder('utf-8');
	const done = () => issues.length >= MAX_ISSUES || missing.length > 0;
	try {
		reader.push(decoder.decode(head, { stream: true }));
		for await (const chunk of source) {
			if (done()) break;
			reader.push(decoder.decode(chunk, { stream: true }));
		}
		if (!done()) reader.push(decoder.decode());
		reader.end();
	} catch (e) {
		if (e instanceof TooLarge) return tooLarge(options.maxBytes);
		throw e;
	}
	if (missing.length)
		return {
			ok: false,
			status: 400,
			error: 'Verplichte kolommen ontbreken; koppel ze in de importstap',
			issues: missing
		};
	if (issues.length)
		return { ok: false, status: 400, error: 'Er staan fouten in het bestand; er is niets veranderd', issues };
	if (!positions) return { ok: false, status: 400, error: 'Het bestand heeft geen kopregel' };
	return { ok: true, tally };
}

/** Tallies a list of Open Klant 2 klantcontacten (already parsed JSON). */
export function tallyOpenKlant(list: unknown): TallyResult {
	// Open Klant's list endpoints page their answer as { results: [...] }; take either form.
	const items = Array.isArray(list)
		? list
		: typeof list === 'object' && list !== null && Array.isArray((list as { results?: unknown }).results)
			? (list as { results: unknown[] }).results
			: null;
	if (!items)
		return {
			ok: false,
			status: 400,
			error: 'Verwacht een lijst klantcontacten (Open Klant 2)',
			issues: [{ path: '', message: 'Verwacht een array' }]
		};
	const tally = new ContactTally();
	const issues: Issue[] = [];
	for (let i = 0; i < items.length && issues.length < MAX_ISSUES; i++) {
		const read = readOpenKlantContact(items[i], i);
		if ('row' in read) tally.add(read.row);
		else issues.push(...read.issues);
	}
	if (issues.length)
		return { ok: false, status: 400, error: 'Er staan fouten in de lijst; er is niets veranderd', issues };
	return { ok: true, tally };
}

/**
 * The klantcontact- en interactie-advies of a journey as a Markdown download
 * (`text/markdown`), for the API and for the page's button alike.
 */
export async function adviesDownload(journeyId: string): Promise<Response> {
	const s = services();
	const [{ journey }, figures] = await Promise.all([
		s.journeys.snapshot(journeyId),
		s.store.contactFigures(journeyId)
	]);
	return new Response(adviesMarkdown(journey, figures, new Date()), {
		headers: {
			'content-type': 'text/markdown; charset=utf-8',
			'content-disposition': `attachment; filename="${adviesFileName(journey.title)}"`,
			'cache-control': 'no-store'
		}
	});
}
