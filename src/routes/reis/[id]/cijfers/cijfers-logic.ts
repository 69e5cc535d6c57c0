import {
	CONTACT_COLUMN_LABELS,
	REQUIRED_COLUMNS,
	recognizeColumns,
	type ContactColumn
} from '$lib/analysis/contacts';
import { CsvReader, detectDelimiter } from '$lib/analysis/csv-reader';

/**
 * The contact figures page's rules as pure functions (no DOM, no Svelte): how a
 * number reads, which columns the header of an export maps to, the query of an
 * upload. `contact-import.svelte.ts` carries them out; `cijfers-logic.test.ts`
 * tests them.
 */

/** Which export column holds which contact column (by the column's name in the file). */
export type ColumnMapping = Partial<Record<ContactColumn, string>>;

/** The first 64 KiB of a file are enough for its header line. */
export const HEADER_BYTES = 64 * 1024;

/** A count in Dutch notation: 12345 → "12.345". */
export const nl = (n: number): string => n.toLocaleString('nl-NL');

/** A fraction 0..1 as a rounded percentage ("83%"); null (nothing to divide) → "–". */
export const pct = (f: number | null): string => (f === null ? '–' : `${Math.round(f * 100)}%`);

/** True for a JSON export (Open Klant), by its name or MIME type; anything else is read as CSV. */
export function isJsonFile(file: { name: string; type: string }): boolean {
	return file.name.toLowerCase().endsWith('.json') || file.type === 'application/json';
}

/**
 * The header cells of a CSV export from the start of the file (a BOM is
 * dropped, the delimiter detected), and the mapping of the columns Klantreis
 * recognises by name (`recognizeColumns`). Only the first line is read.
 */
export function readHeader(head: string): { header: string[]; mapping: ColumnMapping } {
	const firstLine = head.replace(/^\uFEFF/, '').split(/\r?\n/)[0] ?? '';
	let header: string[] = [];
	const reader = new CsvReader(detectDelimiter(firstLine), (cells) => {
		if (header.length === 0) header = cells;
	});
	reader.push(`${firstLine}\n`);
	const found = recognizeColumns(header);
	const mapping: ColumnMapping = Object.fromEntries(
		Object.entries(found.positions).map(([column, at]) => [column, header[at as number]])
	);
	return { header, mapping };
}

/** The required columns the mapping has no export column for yet, in CONTACT_COLUMNS order. */
export function missingColumns(mapping: ColumnMapping): ContactColumn[] {
	return REQUIRED_COLUMNS.filter((c) => !mapping[c]);
}

/** The sentence naming the columns still to choose, or '' when none is missing. */
export function missingSentence(missing: readonly ContactColumn[]): string {
	return missing.length
		? `Kies eerst een kolom voor: ${missing.map((c) => CONTACT_COLUMN_LABELS[c]).join(', ')}.`
		: '';
}

/**
 * The query string of an upload (CONTRACT.md, "Contact figures"): the chosen
 * column per contact column for a CSV (a JSON export needs none) and
 * `voorbeeld=1` for a preview that stores nothing. '' when there is nothing to say.
 */
export function importQuery(mapping: ColumnMapping, isJson: boolean, previewOnly: boolean): string {
	const params = new URLSearchParams();
	if (!isJson) for (const [column, name] of Object.entries(mapping)) if (name) params.set(column, name);
	if (previewOnly) params.set('voorbeeld', '1');
	return params.size ? `?${params}` : '';
}

/** The top of a bar chart's domain: the largest value, at least 1 (so an empty chart has a scale). */
export function barMax(values: readonly number[]): number {
	return Math.max(1, ...values);
}
