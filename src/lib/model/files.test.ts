import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseJourney, parsePersonaFile } from './journey';

function jsonFiles(dir: string) {
	return readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.map((f) => ({ file: f, raw: JSON.parse(readFileSync(join(dir, f), 'utf8')) as unknown }));
}

describe('personas/', () => {
	const files = jsonFiles('personas');
	it('holds at least eight personas', () => expect(files.length).toBeGreaterThanOrEqual(8));
	it.each(files)('$file validates', ({ raw }) => {
		const result = parsePersonaFile(raw);
		expect(result.ok ? [] : result.issues).toEqual([]);
	});
	it('has unique ids, and each file is named after its id', () => {
		const ids = files.map(({ file, raw }) => {
			const id = (raw as { id: string }).id;
			expect(file).toBe(`${id}.json`);
			return id;
		});
		expect(new Set(ids).size).toBe(ids.length);
	});
});

describe('journeys/', () => {
	const files = jsonFiles('journeys');
	it('holds at least four journeys', () => expect(files.length).toBeGreaterThanOrEqual(4));
	it.each(files)('$file validates and is rich enough for a workshop', ({ raw }) => {
		const result = parseJourney(raw);
		expect(result.ok ? [] : result.issues).toEqual([]);
		if (!result.ok) return;
		const j = result.value;
		expect(j.stages.length).toBeGreaterThanOrEqual(5);
		expect(j.channels.length).toBeGreaterThanOrEqual(4);
		expect(j.steps.length).toBeGreaterThanOrEqual(12);
		expect(j.personas.length).toBeGreaterThanOrEqual(2);
		expect(j.personas.length).toBeLessThanOrEqual(4);
		expect(j.painPoints.length).toBeGreaterThan(0);
		expect(j.painPoints.some((p) => p.evidence.length > 0)).toBe(true);
		expect(j.tickets.length).toBeGreaterThan(0);
		expect(j.steps.every((s) => Object.keys(s.emotions).length > 0)).toBe(true);
	});
});
