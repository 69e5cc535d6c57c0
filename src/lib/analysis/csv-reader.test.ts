import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvReader, splitQuoted } from './csv-reader';

function read(chunks: string[], delimiter = ';') {
	const out: [string[], number][] = [];
	const reader = new CsvReader(delimiter, (cells, line) => out.push([cells, line]));
	for (const c of chunks) reader.push(c);
	reader.end();
	return out;
}

describe('CsvReader', () => {
	it('reads records with BOM, CRLF, quotes, quoted line breaks and the line each starts on', () => {
		const text = '\uFEFFa;b;c\r\n1;"x;""y""";3\r\n2;"regel 1\r\nregel 2";4\r\n\r\n5;6;7';
		expect(read([text])).toEqual([
			[['a', 'b', 'c'], 1],
			[['1', 'x;"y"', '3'], 2],
			[['2', 'regel 1\r\nregel 2', '4'], 3],
			[['5', '6', '7'], 6]
		]);
	});

	it('gives the same records however the text is cut into chunks', () => {
		const text = 'a,b\n"1\n2",x\n3,"y,""z"""\n';
		const whole = read([text], ',');
		for (let i = 0; i <= text.length; i++)
			for (let j = i; j <= text.length; j += 3)
				expect(read([text.slice(0, i), text.slice(i, j), text.slice(j)], ',')).toEqual(whole);
	});

	it('agrees with csv-parse on any table of cells', () => {
		const cell = fc.string({ unit: fc.constantFrom('a', 'b', ';', '"', '\n', ' ', 'é') });
		fc.assert(
			fc.property(
				fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
				(rows) => {
					const text = rows
						.map((r) =>
							r.map((c) => (/[;"\n]/.test(c) || c === '' ? `"${c.replace(/"/g, '""')}"` : c)).join(';')
						)
						.join('\r\n');
					const ours = read([text]).map(([cells]) => cells);
					expect(ours).toEqual(parse(text, { delimiter: ';', relax_column_count: true }));
				}
			)
		);
	});

	it('splits a quoted line', () => {
		expect(splitQuoted('a;"b;""c""";d', ';')).toEqual(['a', 'b;"c"', 'd']);
	});
});
