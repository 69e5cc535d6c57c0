import { PRIORITY_LABELS, SEVERITY_LABELS, TICKET_STATUS_LABELS, type Ticket } from '$lib/model';
import { formatEvidence } from './prefill';
import { ticketContexts, type ExportContext } from './context';

export type CsvOptions = {
	/** `;` for Dutch Excel (its list separator), `,` for most other tools. */
	delimiter: ';' | ',';
	/** A UTF-8 byte order mark, without which Excel reads the file as Windows-1252. */
	bom: boolean;
};

/** Characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Neutralises a cell a spreadsheet would run as a formula by putting `'`
 * in front; anything else is returned unchanged, so text round-trips.
 */
export function neutralise(value: string): string {
	return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * One cell, RFC 4180: quoted when it holds the delimiter, a quote or a line
 * break, quotes doubled. Line breaks inside stay exactly as the text has them.
 */
export function csvCell(value: string, delimiter: string): string {
	const safe = neutralise(value);
	return safe.includes(delimiter) || /["\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Rows to CSV text: CRLF after every row, as RFC 4180 and Excel expect. */
export function csvRows(rows: readonly (readonly string[])[], options: CsvOptions): string {
	const body = rows.map((row) => row.map((c) => csvCell(c, options.delimiter)).join(options.delimiter));
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
	return csvRows([[...CSV_COLUMNS], ...rows], options);
}
