import { describe, expect, it } from 'vitest';
import {
	barMax,
	importQuery,
	isJsonFile,
	missingColumns,
	missingSentence,
	nl,
	pct,
	readHeader
} from './cijfers-logic';

describe('cijfers-logic', () => {
	it('writes counts in Dutch notation and fractions as rounded percentages', () => {
		expect(nl(12345)).toBe('12.345');
		expect(pct(0.834)).toBe('83%');
		expect(pct(null)).toBe('–');
	});

	it('tells a JSON export by its name or MIME type', () => {
		expect(isJsonFile({ name: 'export.JSON', type: '' })).toBe(true);
		expect(isJsonFile({ name: 'export', type: 'application/json' })).toBe(true);
		expect(isJsonFile({ name: 'export.csv', type: 'text/csv' })).toBe(false);
	});

	it('reads only the header line (BOM dropped, delimiter detected) and maps the names it knows', () => {
		const { header, mapping } = readHeader(
			'\uFEFFDatum;Kanaal;Onderwerp;Naam\n2026-01-02;telefoon;verhuizing;X'
		);
		expect(header).toEqual(['Datum', 'Kanaal', 'Onderwerp', 'Naam']);
		expect(mapping).toMatchObject({ datum: 'Datum', kanaal: 'Kanaal', onderwerp: 'Onderwerp' });
		expect(Object.values(mapping)).not.toContain('Naam');
	});

	it('names the required columns still to choose', () => {
		expect(missingColumns({ datum: 'd' })).toEqual(['kanaal', 'onderwerp']);
		expect(missingSentence(['kanaal'])).toBe('Kies eerst een kolom voor: Kanaal.');
		expect(missingSentence([])).toBe('');
	});

	it('puts the mapping of a CSV and a preview flag in the query; a JSON export sends no mapping', () => {
		expect(importQuery({ datum: 'Datum', kanaal: '' }, false, true)).toBe('?datum=Datum&voorbeeld=1');
		expect(importQuery({ datum: 'Datum' }, true, false)).toBe('');
		expect(importQuery({}, false, false)).toBe('');
	});

	it('gives a bar chart a domain of at least 1', () => {
		expect(barMax([])).toBe(1);
		expect(barMax([0, 0])).toBe(1);
		expect(barMax([3, 7])).toBe(7);
	});
});
