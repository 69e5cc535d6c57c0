import { PRIORITY_LABELS, SEVERITY_LABELS, TICKET_STATUS_LABELS, type Ticket } from '$lib/model';
import { formatEvidence } from './prefill';
import { ticketContexts, type ExportContext } from './context';

export type CsvOptions = {
	/** `;` for Dutch Excel (its list separator), `,` for most other tools. */
	delimiter: ';' | ',';
	/** A UTF-8 byte order mark, without which Excel reads the file as Windows-1252. */
	bom: boolean;
	/**
	 * Where the full text of a cut cell can be read (a link, or a name), for the
	 * "ingekort" marker; left out, the marker names the JSON and Markdown exports.
	 */
	fullTextAt?: string;
};

/**
 * Most characters one cell may hold: Excel cuts a cell there, and Jira's CSV
 * importer refuses a longer field. Counted in UTF-16 code units (JS length),
 * never fewer than Excel's characters.
 */
export const MAX_CELL_CHARS = 32_767;

/**
 * Characters that make a spreadsheet read a cell as a formula (OWASP, CSV
 * injection): `= + - @`, also as their full-width forms (＝＋－＠), which some
 * spreadsheets fold to ASCII, and also after leading spaces, non-breaking or
 * zero-width spaces or a BOM, which some trim; a leading tab or CR alone too.
 */
const FORMULA_START = /^(?:[\t\r]|[\s\u180E\u200B-\u200D\u2060\uFEFF]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

/** Whether a spreadsheet could read this text as a formula (see FORMULA_START). */
export function startsLikeFormula(value: string): boolean {
	return FORMULA_START.test(value);
}

/**
 * Neutralises a cell a spreadsheet would run as a formula by putting `'`
 * in front; anything else is returned unchanged, so text round-trips.
 */
export function neutralise(value: string): string {
	return FORMULA_START.test(value) ? `'${value}` : value;
}

/** The marker at the end of a cut cell: visible, and it says where the whole text is. */
export function truncationMarker(total: number, fullTextAt?: string): string {
	const where = fullTextAt ?? 'de JSON- of Markdown-export van deze tickets';
	return `\n… [ingekort: deze cel had ${total} tekens; de volledige tekst staat in ${where}]`;
}

/**
 * A cell's text within MAX_CELL_CHARS: unchanged when it fits, else cut (never
 * inside a surrogate pair) with the "ingekort" marker at the end.
 */
export function fitCell(value: string, fullTextAt?: string): string {
	if (value.length <= MAX_CELL_CHARS) return value;
	const marker = truncationMarker(value.length, fullTextAt);
	let end = MAX_CELL_CHARS - marker.length;
	const last = value.charCodeAt(end - 1);
	if (last >= 0xd800 && last <= 0xdbff) end--;
	return value.slice(0, end) + marker;
}

/**
 * One cell, RFC 4180: quoted when it holds the delimiter, a quote or a line
 * break, quotes doubled. Line breaks inside stay exactly as the text has them.
 * The cell's content (without the CSV quotes) stays within MAX_CELL_CHARS.
 */
export function csvCell(value: string, delimiter: string, fullTextAt?: string): string {
	const safe = fitCell(neutralise(value), fullTextAt);
	return safe.includes(delimiter) || /["\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Rows to CSV text: CRLF after every row, as RFC 4180 and Excel expect. */
export function csvRows(rows: readonly (readonly string[])[], options: CsvOptions): string {
	const body = rows.map((row) =>
		row.map((c) => csvCell(c, options.delimiter, options.fullTextAt)).join(options.delimiter)
	);
	return (options.bom ? '\uFEFF' : '') + body.map((line) => `${line}\r\n`).join('');
}

/** Column headers of the spreadsheet export, in order. */
export const CSV_COLUMNS = [
	'ID',
	'Titel',
	'Omschrijving',
	'Vakafdeling',
	'Prioriteit',
	'Status',
	'Eigenaar',
	'Streefdatum',
	'Acceptatiecriteria',
	'Stappen',
	'Fasen',
	'Kanalen',
	'Pijnpunten',
	'Onderbouwing',
	"Persona's die vastlopen",
	'Klantreis'
] as const;

const BULLET = '• ';

/** Where a cut cell's whole text is: the journey page when the export knows its address. */
export function fullTextAt(ctx: ExportContext): string | undefined {
	return ctx.journeyUrl ? `de klantreis (${ctx.journeyUrl}) en de JSON-export` : undefined;
}

/** The tickets as a spreadsheet: one row per ticket, Dutch headers and labels. */
export function toCsv(
	tickets: readonly Ticket[],
	ctx: ExportContext,
	options: CsvOptions = { delimiter: ';', bom: true }
): string {
	const rows = ticketContexts(tickets, ctx.journey).map(({ ticket, painPoints, steps, personasStuck }) => [
		ticket.id,
		ticket.title,
		ticket.description,
		ticket.department,
		PRIORITY_LABELS[ticket.priority],
		TICKET_STATUS_LABELS[ticket.status],
		ticket.owner,
		ticket.dueDate,
		ticket.acceptanceCriteria,
		steps.map((s) => s.title).join('\n'),
		[...new Set(steps.map((s) => s.stageName))].join('\n'),
		[...new Set(steps.map((s) => s.channelName))].join('\n'),
		painPoints.map((p) => `${BULLET}${SEVERITY_LABELS[p.severity]}: ${p.description}`).join('\n'),
		painPoints.flatMap((p) => p.evidence.map((e) => `${BULLET}${formatEvidence(e)}`)).join('\n'),
		personasStuck.map((p) => p.name).join(', '),
		ctx.journey.title
	]);
	return csvRows([[...CSV_COLUMNS], ...rows], { fullTextAt: fullTextAt(ctx), ...options });
}
