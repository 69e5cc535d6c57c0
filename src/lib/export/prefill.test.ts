import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Journey } from '$lib/model';
import { ticketDraft } from './prefill';

const journey = Journey.parse(JSON.parse(readFileSync('src/lib/export/golden/journey.json', 'utf8')));

describe('ticketDraft', () => {
	it('prefills title, evidence, step, fase, kanaal, stuck personas, priority and department', () => {
		const draft = ticketDraft(journey, ['alleen-online', 'nope']);
		expect(draft.painPointIds).toEqual(['alleen-online']);
		expect(draft.title).toBe('Afspraak maken kan alleen online.');
		expect(draft.description).toContain(
			'Pijnpunt bij stap "Maakt online een *afspraak*" (fase Afspraak maken, kanaal Website):'
		);
		expect(draft.description).toContain('Afhakers: 31% (Website-statistieken, 2026-Q2, kanaal Website)');
		expect(draft.description).toContain("Persona's die hier vastlopen: Ans, Bram.");
		expect(draft.priority).toBe('high');
		expect(draft.department).toBe('Burgerzaken');
	});

	it('names no stuck persona where the step asks nothing of anyone beyond their capacity', () => {
		const draft = ticketDraft(journey, ['wachtrij']);
		expect(draft.description).not.toContain('vastlopen');
		expect(draft.priority).toBe('low');
	});
});
