import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Journey, Ticket, type Ticket as TicketType } from '$lib/model';
import { CSV_COLUMNS, neutralise, startsLikeFormula, toCsv } from './csv';
import { EXPORT_FORMATS, exportFileName, FORMAT_INFO, type ExportFormat } from './index';
import { JIRA_COLUMNS, toJiraCsv } from './jira';
import { toJson } from './json';
import { escapeMarkdownInline, toMarkdown } from './markdown';
import { toOpenKlant } from './openklant';

const GOLDEN = join('src', 'lib', 'export', 'golden');
const journey = Journey.parse(JSON.parse(readFileSync(join(GOLDEN, 'journey.json'), 'utf8')));
const ctx = {
	journey,
	journeyUrl: 'https://klantreis.example/reis/golden-reis',
	generatedAt: '2026-05-04T09:30:00Z'
};

/** Golden files end in `.golden` where Prettier would otherwise reformat them. */
const GOLDEN_FILES: Record<ExportFormat, string> = {
	csv: 'tickets.csv',
	jira: 'tickets-jira.csv',
	md: 'tickets.md.golden',
	json: 'tickets.json.golden',
	openklant: 'tickets-openklant.json.golden'
};

describe('golden files', () => {
	it.each(EXPORT_FORMATS)('%s matches its golden file byte for byte', (format) => {
		const actual = FORMAT_INFO[format].render(journey.tickets, ctx);
		const file = join(GOLDEN, GOLDEN_FILES[format]);
		// UPDATE_GOLDEN=1 rewrites them; review the diff before committing. A missing file fails:
		// a test that writes its own expectation would pass whatever the export does. Not
		// toMatchFileSnapshot: vitest writes missing snapshots outside CI and compares with
		// normalised line ends, and these files must keep their CRLF byte for byte.
		if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, actual, 'utf8');
		if (!existsSync(file)) {
			expect.fail(`Golden file ${file} is missing; write it with UPDATE_GOLDEN=1 and review it`);
		}
		expect(actual).toBe(readFileSync(file, 'utf8'));
	});
});

/** Reads CSV the way Dutch Excel does: BOM, `;`, RFC 4180 quotes, CRLF between records. */
function readLikeExcel(text: string): string[][] {
	return parse(text, { bom: true, delimiter: ';', record_delimiter: '\r\n', relax_column_count: false });
}

/** Undoes the one `'` the injection rule put in front; nothing else may differ. */
function unneutralise(cell: string): string {
	return cell.startsWith("'") && startsLikeFormula(cell.slice(1)) ? cell.slice(1) : cell;
}

describe('CSV for Dutch Excel', () => {
	const text = toCsv(journey.tickets, ctx, { delimiter: ';', bom: true });

	it('starts with a UTF-8 BOM and ends every record with CRLF', () => {
		expect(Buffer.from(text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
		expect(text.endsWith('\r\n')).toBe(true);
		expect(text.split('\r\n')[0]).toBe('\uFEFF' + CSV_COLUMNS.join(';'));
	});

	it('gives back every title and description exactly, after the injection prefix', () => {
		const [header, ...rows] = readLikeExcel(text);
		expect(header).toEqual([...CSV_COLUMNS]);
		expect(rows).toHaveLength(journey.tickets.length);
		const titles = rows.map((r) => r[header.indexOf('Titel')]);
		const descriptions = rows.map((r) => r[header.indexOf('Omschrijving')]);
		expect(titles).toEqual(journey.tickets.map((t) => neutralise(t.title)));
		expect(descriptions).toEqual(journey.tickets.map((t) => neutralise(t.description)));
		expect(titles.map(unneutralise)).toEqual(journey.tickets.map((t) => t.title));
		expect(descriptions.map(unneutralise)).toEqual(journey.tickets.map((t) => t.description));
		// The \r\n inside the acceptance criteria stays a \r\n; the \n elsewhere stays a \n.
		expect(rows[0][header.indexOf('Acceptatiecriteria')]).toContain('één gesprek een afspraak.\r\n');
	});

	it('lets no cell start like a formula', () => {
		for (const row of readLikeExcel(text)) {
			for (const cell of row) expect(startsLikeFormula(cell)).toBe(false);
		}
	});

	it('round-trips any text, with any delimiter, quote and line break in it', () => {
		const textArb = fc.string({
			unit: fc.constantFrom(
				'a',
				'é',
				' ',
				';',
				',',
				'"',
				"'",
				'\n',
				'\r\n',
				'\r',
				'=',
				'+',
				'-',
				'@',
				'\t',
				'€',
				'\u00A0',
				'\u200B',
				'\uFEFF',
				'＝',
				'＋',
				'－',
				'＠'
			),
			maxLength: 40
		});
		fc.assert(
			fc.property(fc.array(fc.tuple(textArb, textArb), { minLength: 1, maxLength: 5 }), (pairs) => {
				const tickets: TicketType[] = pairs.map(([title, description], i) => ({
					...journey.tickets[3],
					id: `t${i}`,
					title,
					description
				}));
				const [header, ...rows] = readLikeExcel(toCsv(tickets, ctx, { delimiter: ';', bom: true }));
				// Exactly the text, with only the injection rule's `'` in front where it applies.
				expect(rows.map((r) => r[header.indexOf('Titel')])).toEqual(pairs.map((p) => neutralise(p[0])));
				expect(rows.map((r) => r[header.indexOf('Omschrijving')])).toEqual(
					pairs.map((p) => neutralise(p[1]))
				);
			}),
			{ numRuns: 300 }
		);
	});
});

describe('Jira CSV', () => {
	const text = toJiraCsv(journey.tickets, ctx);
	const [header, ...rows] = parse(text, { delimiter: ',', record_delimiter: '\r\n' }) as string[][];

	it('has the header Jira maps and no BOM', () => {
		expect(text.charCodeAt(0)).not.toBe(0xfeff);
		expect(header).toEqual([...JIRA_COLUMNS]);
		expect(rows).toHaveLength(journey.tickets.length);
	});

	it('maps the department to Component/s, the priority to Jira names, and keeps labels free of spaces', () => {
		expect(rows.map((r) => r[3])).toEqual(journey.tickets.map((t) => t.department));
		expect(rows.map((r) => r[2])).toEqual(['High', 'Highest', 'Low', 'Medium']);
		expect(rows[0][4].split(' ')).toEqual(['klantreis', 'klantreis-bel-afspraak', 'status-in-progress']);
	});

	it('applies the same injection rule', () => {
		expect(rows[1][0]).toBe(`'${journey.tickets[1].title}`);
		for (const row of rows) for (const cell of row) expect(startsLikeFormula(cell)).toBe(false);
	});

	it('puts evidence, acceptance criteria and the link to the step in the description', () => {
		expect(rows[0][1]).toContain('Afhakers: 31% (Website-statistieken, 2026-Q2, kanaal Website)');
		expect(rows[0][1]).toContain('Acceptatiecriteria:');
		expect(rows[0][1]).toContain('https://klantreis.example/reis/golden-reis#stap-afspraak');
	});
});

describe('Markdown memo', () => {
	const md = toMarkdown(journey.tickets, ctx);

	it('has a heading per vakafdeling, default ones first in their order', () => {
		const h2 = md.split('\n').filter((l) => l.startsWith('## '));
		expect(h2).toEqual([
			'## Overzicht',
			'## Burgerzaken',
			'## Sociaal Domein',
			'## Communicatie',
			'## Belastingen \\& Innen'
		]);
	});

	it('escapes user text: no HTML, no headings, lists or links of its own', () => {
		expect(md).not.toMatch(/<b>|<testreis>/);
		expect(md).toContain('\\<b\\>geen HTML\\</b\\>');
		expect(md).toContain('\\[geen link\\]\\(https://evil.example\\)');
		expect(md).not.toMatch(/^# Geen kop/m);
		expect(md).toContain('\\# Geen kop');
		expect(md).toContain('\\- geen lijst');
		expect(md).toContain('1\\. geen nummer');
		expect(md).toContain('\\=HYPERLINK');
	});

	it('links back to the steps', () => {
		expect(md).toContain(
			'[Maakt online een \\*afspraak\\*](https://klantreis.example/reis/golden-reis#stap-afspraak)'
		);
	});

	it('escapes so that removing the escapes gives back the text', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 60 }), (s) => {
				const escaped = escapeMarkdownInline(s);
				const flat = s.replace(/\s+/g, ' ').trim();
				expect(escaped.replace(/\\([!-/:-@[-`{-~])/g, '$1')).toBe(flat);
				// Every markup character is escaped.
				expect(escaped.replace(/\\[!-/:-@[-`{-~]/g, '')).not.toMatch(/[\\`*_{}[\]()<>#!|~&]/);
			}),
			{ numRuns: 500 }
		);
	});
});

describe('JSON', () => {
	const doc = JSON.parse(toJson(journey.tickets, ctx));

	it('holds the tickets as the schema defines them, with their context', () => {
		expect(doc.format).toBe('klantreis-tickets');
		expect(doc.tickets.map((t: unknown) => Ticket.parse(t))).toEqual(journey.tickets);
		const first = doc.tickets[0];
		expect(first.context.steps.map((s: { id: string }) => s.id)).toEqual(['afspraak']);
		expect(first.context.painPoints[0].id).toBe('alleen-online');
		// Bram's stress (2) leaves him 0 to 2 per component: the online appointment asks more.
		expect(first.context.personasStuck).toEqual([
			{ id: 'ans', name: 'Ans' },
			{ id: 'bram', name: 'Bram' }
		]);
	});
});

describe('Open Klant', () => {
	it('maps each ticket to an InterneTaak within its field limits', () => {
		const taken = toOpenKlant(journey.tickets, ctx);
		expect(taken).toHaveLength(4);
		expect(taken.map((t) => t.status)).toEqual(['te_verwerken', 'te_verwerken', 'verwerkt', 'verwerkt']);
		expect(taken[0].gevraagdeHandeling).toBe(journey.tickets[0].title);
		for (const t of taken) {
			expect(t.gevraagdeHandeling.length).toBeLessThanOrEqual(200);
			expect(t.toelichting.length).toBeLessThanOrEqual(400);
		}
	});
});

describe('file names', () => {
	it('are plain ASCII, per format', () => {
		expect(exportFileName(journey, 'csv')).toBe('paspoort-aanvragen-goud-testreis-tickets.csv');
		expect(exportFileName({ id: 'X1', title: '***' }, 'jira')).toBe('x1-tickets-jira.csv');
	});
});

describe('size', () => {
	it('exports 5,000 tickets to CSV (time is reported, not asserted)', () => {
		const many = Array.from({ length: 5000 }, (_, i) => ({
			...journey.tickets[i % 4],
			id: `t${i}`,
			title: `${journey.tickets[i % 4].title} ${i}`
		}));
		const big = { ...journey, tickets: many };
		const start = performance.now();
		const text = toCsv(many, { journey: big }, { delimiter: ';', bom: true });
		const ms = performance.now() - start;
		console.log(`CSV van 5000 tickets: ${ms.toFixed(0)} ms, ${(text.length / 1e6).toFixed(1)} MB`);
		expect(readLikeExcel(text)).toHaveLength(5001);
	});
});
