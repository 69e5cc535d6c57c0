import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { Journey } from '$lib/model';
import { addTopic, figuresChangedAt, markFiguresChanged, removeTopic, setHumanAlternative } from './figures';
import { layout } from './doc-layout';
import { readJourney, writeJourney } from './journey-doc';
import { LOCAL_ORIGIN } from './origins';
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

	it('adds and removes the onderwerpen of a step, case-insensitively, as one undoable change each', () => {
		const doc = new Y.Doc();
		writeJourney(doc, template);
		const stepId = template.steps[0].id;
		const topicsOf = () => readJourney(doc, 'j').journey.steps.find((s) => s.id === stepId)!.topics;
		const before = topicsOf();
		const origin: typeof LOCAL_ORIGIN = LOCAL_ORIGIN;
		const undo = new Y.UndoManager(layout(doc).steps, { trackedOrigins: new Set([origin]) });
		addTopic(doc, stepId, '  Parkeervergunning ', origin);
		expect(topicsOf()).toEqual([...before, 'Parkeervergunning']);
		undo.stopCapturing();
		removeTopic(doc, stepId, 'PARKEERVERGUNNING', origin);
		expect(topicsOf()).toEqual(before);
		// An onderwerp the step does not cover changes nothing (and adds no undo step).
		removeTopic(doc, stepId, 'Bestaat niet', origin);
		expect(undo.undoStack).toHaveLength(2);
		undo.undo();
		expect(topicsOf()).toEqual([...before, 'Parkeervergunning']);
		expect(() => addTopic(doc, stepId, 'x'.repeat(121), origin)).toThrow();
	});
});
