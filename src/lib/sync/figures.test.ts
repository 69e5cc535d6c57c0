import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { Journey } from '$lib/model';
import { figuresChangedAt, markFiguresChanged, setHumanAlternative } from './figures';
import { readJourney, writeJourney } from './journey-doc';
import { readFileSync } from 'node:fs';

const template = Journey.parse(JSON.parse(readFileSync('journeys/verhuizing-doorgeven.json', 'utf8')));

describe('figures in the document', () => {
	it('stamps when the figures changed', () => {
		const doc = new Y.Doc();
		expect(figuresChangedAt(doc)).toBe(0);
		markFiguresChanged(doc, 1234);
		expect(figuresChangedAt(doc)).toBe(1234);
	});

	it("keeps the team's answer per fase, and gives it back to the map", () => {
		const doc = new Y.Doc();
		writeJourney(doc, template);
		setHumanAlternative(doc, 'bevestiging', { humanAlternative: true, note: 'balie op afspraak' });
		let stage = readJourney(doc, 'j').journey.stages.find((s) => s.id === 'bevestiging')!;
		expect(stage).toMatchObject({ humanAlternative: true, humanAlternativeNote: 'balie op afspraak' });
		setHumanAlternative(doc, 'bevestiging', { humanAlternative: null });
		stage = readJourney(doc, 'j').journey.stages.find((s) => s.id === 'bevestiging')!;
		expect(stage).toEqual({ id: 'bevestiging', name: 'Bevestiging' });
		expect(() =>
			setHumanAlternative(doc, 'bevestiging', { humanAlternative: true, note: 'x'.repeat(300) })
		).toThrow();
	});
});
