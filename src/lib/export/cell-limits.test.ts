import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { Journey } from '$lib/model';
import { MAX_CELL_CHARS, neutralise, startsLikeFormula, toCsv } from './csv';
import { toJiraCsv } from './jira';
import { toJson } from './json';
import { toMarkdown } from './markdown';

const GOLDEN = join('src', 'lib', 'export', 'golden');
const base = JSON.parse(readFileSync(join(GOLDEN, 'journey.json'), 'utf8')) as Record<string, any>;

/** Deterministic long text: numbered lines, so a cut shows where it fell. */
function longText(prefix: string, chars: number): string {
	let out = '';
	for (let i = 1; out.length < chars; i++) out += `${prefix} regel ${i}: de inwoner belt opnieuw.\n`;
	return out.slice(0, chars);
}

/**
 * Valid input that overflows a cell: one ticket on 20 pain points of 4,000
 * characters each (the Pijnpunten cell and the Jira description pass 80,000),
 * and titles that start like formulas in the ways spreadsheets still evaluate.
 */
const painPoints = Array.from({ length: 20 }, (_, i) => ({
	id: `lang-${i}`,
	stepId: 'afspraak',
	principles: ['serve'],
	severity: 2,
	description: longText(`Pijnpunt ${i}`, 4000),
	evidence: []
}));
const HOSTILE_TITLES = [
	'＝HYPERLINK("http://evil.example","klik")',
	'＋1+1',
	'－2',
	'＠SUM(A1)',
	'  =1+1',
	'\u00A0=1+1',
	'\u200B+cmd',
	'\uFEFF@SUM(1)',
	'\t-3',
	'Gewone titel'
];
const journey = Journey.parse({
	...base,
	painPoints: [...base.painPoints, ...painPoints],
	tickets: [
		{
			id: 'heel-lang',
			painPointIds: painPoints.map((p) => p.id),
			department: 'Burgerzaken',
			title: 'Een ticket met heel veel context',
			description: longText('Omschrijving', 10_000),
			acceptanceCriteria: longText('Criterium', 5000),
			priority: 'high',
			status: 'open'
		},
		...HOSTILE_TITLES.map((title, i) => ({
			id: `vijandig-${i}`,
			painPointIds: ['alleen-online'],
			department: 'Burgerzaken',
			title,
			description: title,
			priority: 'low',
			status: 'open'
		}))
	]
});
const ctx = { journey, journeyUrl: 'https://klantreis.example/reis/golden-reis' };

/** Excel's reading: BOM, the delimiter, RFC 4180 quotes, CRLF records. */
function read(text: string, delimiter: ';' | ','): string[][] {
	return parse(text, { bom: true, delimiter, record_delimiter: '\r\n' });
}

/** Compares with a golden file; UPDATE_GOLDEN=1 writes it (review the diff), a missing one fails. */
function expectGolden(actual: string, name: string) {
	const file = join(GOLDEN, name);
	if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual, 'utf8');
	expect(existsSync(file), `${file} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
	expect(actual).toBe(readFileSync(file, 'utf8'));
}

describe.each([
	[
		'spreadsheet',
		() => toCsv(journey.tickets, ctx, { delimiter: ';', bom: true }),
		';',
		'tickets-limits.csv'
	],
	['Jira', () => toJiraCsv(journey.tickets, ctx), ',', 'tickets-limits-jira.csv']
] as const)('%s CSV', (_name, render, delimiter, golden) => {
	const text = render();
	const rows = read(text, delimiter);

	it('keeps every cell within 32,767 characters, a cut one with a visible "ingekort" marker', () => {
		const cut = rows.flat().filter((cell) => cell.includes('[ingekort:'));
		expect(cut.length).toBeGreaterThan(0);
		for (const cell of rows.flat()) expect(cell.length).toBeLessThanOrEqual(MAX_CELL_CHARS);
		for (const cell of cut) {
			expect(cell.length).toBeGreaterThan(MAX_CELL_CHARS - 100);
			expect(cell).toMatch(
				/\n… \[ingekort: deze cel had \d+ tekens; de volledige tekst staat in de klantreis \(https:\/\/klantreis\.example\/reis\/golden-reis\) en de JSON-export\]$/
			);
		}
	});

	it('lets no cell start like a formula, full-width and behind invisible spaces included', () => {
		for (const cell of rows.flat())
			expect(startsLikeFormula(cell), JSON.stringify(cell.slice(0, 20))).toBe(false);
		// The model trims titles; what is left of each still starts like a formula.
		for (const t of journey.tickets.filter((t) => t.id.startsWith('vijandig-')).slice(0, -1)) {
			expect(startsLikeFormula(t.title)).toBe(true);
			expect(rows.flat()).toContain(`'${t.title}`);
		}
		expect(rows.flat()).toContain('Gewone titel');
	});

	it('matches its golden file', () => expectGolden(text, golden));
});

describe('JSON and Markdown keep the text whole', () => {
	it('holds every long text in full', () => {
		const json = toJson(journey.tickets, ctx);
		const md = toMarkdown(journey.tickets, ctx);
		const parsed = JSON.parse(json) as { tickets: { description: string; acceptanceCriteria: string }[] };
		expect(parsed.tickets[0].description).toBe(journey.tickets[0].description);
		expect(parsed.tickets[0].acceptanceCriteria).toBe(journey.tickets[0].acceptanceCriteria);
		expect(json).not.toContain('ingekort');
		expect(md).not.toContain('ingekort');
		// Markdown escapes markup, so compare a line that has none.
		expect(md).toContain('Pijnpunt 19 regel 1: de inwoner belt opnieuw.');
		expect(md).toContain('Omschrijving regel 200: de inwoner belt opnieuw.');
	});
});

describe('neutralise', () => {
	it('covers full-width signs and leading spaces, NBSP, zero-width spaces and a BOM', () => {
		for (const value of [
			'＝1',
			'＋1',
			'－1',
			'＠A',
			' =1',
			'\u00A0+1',
			'\u200B-1',
			'\u200D@x',
			'\uFEFF=1',
			'\u3000=1'
		])
			expect(neutralise(value)).toBe(`'${value}`);
		for (const value of ['1=1', 'a+b', "'=1", '', ' gewoon', 'e-mail']) expect(neutralise(value)).toBe(value);
	});
});
