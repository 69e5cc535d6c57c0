import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Journey, Step } from '$lib/model';
import { TELEFOON, testJourney, testPersona, testStages } from '$lib/model/testing';
import { layout } from './doc-layout';
import {
	addStep,
	fragmentToText,
	nextOrder,
	onDocChanged,
	readJourney,
	noteFragment,
	removeStep,
	setEmotion,
	setNoteText,
	updateStep,
	writeJourney
} from './journey-doc';

const sample: Journey = testJourney({
	id: 'j1',
	title: 'Melding openbare ruimte',
	description: 'Een losse stoeptegel',
	organisation: 'Gemeente Zuiderveen',
	stages: testStages(['s1', 'Melden'], ['s2', 'Afhandelen']),
	channels: [{ id: 'app', name: 'App', kind: 'app' }, TELEFOON],
	personas: [
		testPersona('p1', 'Henk', {
			age: 71,
			situation: 'Woont alleen.',
			quote: 'Ik bel liever.',
			goals: ['Veilig over straat'],
			preferredChannels: ['telefoon', 'balie'],
			digitalSkills: 'none',
			literacy: 'basic',
			doenvermogen: { plan: 3, act: 2, persevere: 3, cope: 2 },
			stress: 1
		})
	],
	steps: [
		{
			id: 'a',
			stageId: 's1',
			channelId: 'tel',
			title: 'Belt de gemeente',
			note: 'Wacht twaalf minuten.\n\nKrijgt een meldnummer.',
			order: 1,
			emotions: { p1: -1 },
			demands: { plan: 1, act: 2, persevere: 1, cope: 0 }
		},
		{
			id: 'b',
			stageId: 's2',
			channelId: 'app',
			title: 'Hoort niets meer',
			order: 2,
			demands: { persevere: 4 }
		}
	],
	painPoints: [
		{
			id: 'pp',
			stepId: 'b',
			principles: ['takeResponsibility', 'dialogue'],
			severity: 3,
			description: 'Zwart gat',
			evidence: [{ metric: 'callbackFollowedUp', value: 40, source: 'KCC-rapportage', period: '2026-Q2' }]
		}
	],
	tickets: [
		{
			id: 't',
			painPointIds: ['pp'],
			department: 'Openbare Ruimte',
			title: 'Terugkoppeling',
			priority: 'high'
		}
	]
});

/** A step as a foreign client may write it: a Y.Map with just these fields, unchecked. */
function foreignStep(fields: Record<string, unknown>): Y.Map<unknown> {
	const step = new Y.Map<unknown>();
	for (const [k, v] of Object.entries(fields)) step.set(k, v);
	return step;
}

function docOf(j: Journey) {
	const doc = new Y.Doc();
	writeJourney(doc, j);
	return doc;
}

describe('journey-doc', () => {
	it('round-trips a journey through the Y.Doc layout', () => {
		const { journey, problems } = readJourney(docOf(sample), 'j1');
		expect(problems).toEqual([]);
		expect(journey).toEqual(sample);
	});

	it('uses the contract layout: a note is a Y.XmlFragment, principles a plain array', () => {
		const doc = docOf(sample);
		const l = layout(doc);
		expect(l.meta.get('title')).toBe('Melding openbare ruimte');
		expect(l.stages.get(0).get('name')).toBe('Melden');
		expect(l.steps.get('a')?.get('note')).toBeInstanceOf(Y.XmlFragment);
		expect(l.painPoints.get('pp')?.get('principles')).toEqual(['takeResponsibility', 'dialogue']);
		expect(l.personas.get('p1')?.get('doenvermogen')).toEqual({ plan: 3, act: 2, persevere: 3, cope: 2 });
	});

	it('survives the trip through a state update, as the server stores it', () => {
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(docOf(sample)));
		expect(readJourney(copy, 'j1').journey).toEqual(sample);
	});

	it('fills in defaults for a step a foreign client wrote with only the required fields', () => {
		const doc = docOf(sample);
		layout(doc).steps.set(
			'c',
			foreignStep({ id: 'c', title: 'Van buitenaf', stageId: 's1', channelId: 'app' })
		);
		const { journey, problems } = readJourney(doc, 'j1');
		expect(problems).toEqual([]);
		expect(journey.steps.find((s) => s.id === 'c')).toMatchObject({
			note: '',
			order: 0,
			emotions: {},
			demands: { plan: 0, act: 0, persevere: 0, cope: 0 }
		});
	});

	it('leaves out and reports bad entries instead of breaking the snapshot', () => {
		const doc = docOf(sample);
		const l = layout(doc);
		l.steps.set(
			'x',
			foreignStep({ id: 'x', title: 'Kapot', stageId: 's1', channelId: 'app', demands: { plan: 'veel' } })
		);
		l.steps.set('y', foreignStep({ id: 'y', title: 'Nergens', stageId: 'nope', channelId: 'app' }));
		l.painPoints.set('junk', new Y.Map());
		l.tickets.set('t2', new Y.Map([['department', 7]]) as Y.Map<unknown>);
		l.stages.push([new Y.Map<unknown>([['id', 's9']])]);

		const { journey, problems } = readJourney(doc, 'j1');
		expect(Journey.safeParse(journey).success).toBe(true);
		expect(journey.steps.map((s) => s.id)).toEqual(['a', 'b']);
		expect(journey.painPoints.map((p) => p.id)).toEqual(['pp']);
		expect(journey.tickets.map((t) => t.id)).toEqual(['t']);
		const paths = problems.map((p) => p.path);
		expect(paths).toContain('steps.x.demands.plan');
		expect(paths).toContain('steps.y.stageId');
		expect(paths.some((p) => p.startsWith('painPoints.junk'))).toBe(true);
		expect(paths.some((p) => p.startsWith('tickets.t2'))).toBe(true);
		expect(paths.some((p) => p.startsWith('stages.2'))).toBe(true);
	});

	it('falls back to a placeholder title rather than an invalid journey', () => {
		const doc = docOf(sample);
		layout(doc).meta.set('title', 42);
		const { journey, problems } = readJourney(doc, 'j1');
		expect(journey.title).toBe('Klantreis zonder titel');
		expect(problems.map((p) => p.path)).toContain('meta.title');
	});

	it('reads steps in reis order: by fase, then by order within the fase; a new step is last in its fase', () => {
		const doc = docOf(sample);
		// Step a (fase s1) moved into fase s2 at order 5: now after b (order 2) although added first.
		updateStep(doc, 'a', { stageId: 's2', order: 5 });
		expect(readJourney(doc, 'j1').journey.steps.map((s) => s.id)).toEqual(['b', 'a']);
		// A step added in the first fase with the next order number is step 1, not the last.
		addStep(doc, { id: 'n', title: 'Nieuw', stageId: 's1', channelId: 'tel', order: nextOrder(doc) });
		expect(readJourney(doc, 'j1').journey.steps.map((s) => s.id)).toEqual(['n', 'b', 'a']);
	});

	it('adds and removes steps; removing a step takes its pain points along', () => {
		const doc = docOf(sample);
		addStep(doc, { id: 'n', title: 'Nieuw', stageId: 's2', channelId: 'tel', order: 3 });
		expect(readJourney(doc, 'j1').journey.steps.map((s) => s.id)).toEqual(['a', 'b', 'n']);
		removeStep(doc, 'b');
		const { journey, problems } = readJourney(doc, 'j1');
		expect(journey.steps.map((s) => s.id)).toEqual(['a', 'n']);
		expect(journey.painPoints).toEqual([]);
		expect(problems).toEqual([]);
	});

	it('reads rich text as Tiptap writes it: paragraphs, lists and hard breaks', () => {
		const doc = new Y.Doc();
		const fragment = doc.getXmlFragment('f');
		const p = new Y.XmlElement('paragraph');
		const bold = new Y.XmlText();
		bold.insert(0, 'Vet', { bold: true });
		bold.insert(3, ' en gewoon');
		p.insert(0, [bold]);
		const list = new Y.XmlElement('bulletList');
		const item = new Y.XmlElement('listItem');
		const itemP = new Y.XmlElement('paragraph');
		itemP.insert(0, [new Y.XmlText('punt')]);
		item.insert(0, [itemP]);
		list.insert(0, [item]);
		fragment.insert(0, [p, list]);
		expect(fragmentToText(fragment)).toBe('Vet en gewoon\npunt');
		setNoteText(fragment, 'een\ntwee');
		expect(fragmentToText(fragment)).toBe('een\ntwee');
	});
});

describe('basedOn (gewenste reis)', () => {
	it('round-trips through meta, and is absent on an ordinary journey', () => {
		const doc = new Y.Doc();
		writeJourney(doc, { ...sample, basedOn: 'huidig-1' });
		expect(layout(doc).meta.get('basedOn')).toBe('huidig-1');
		expect(readJourney(doc, 'j1').journey.basedOn).toBe('huidig-1');
		writeJourney(doc, sample);
		expect(readJourney(doc, 'j1').journey).not.toHaveProperty('basedOn');
	});

	it('leaves out and reports a value a foreign client wrote that is no id', () => {
		const doc = new Y.Doc();
		writeJourney(doc, sample);
		layout(doc).meta.set('basedOn', 'no spaces allowed');
		const { journey, problems } = readJourney(doc, 'j1');
		expect(journey).not.toHaveProperty('basedOn');
		expect(problems.map((p) => p.path)).toContain('meta.basedOn');
	});
});

describe('reading again after a change', () => {
	/** The same state in a doc that was never read: every entry parsed afresh. */
	function fresh(doc: Y.Doc) {
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
		return readJourney(copy, 'j1');
	}

	it('gives what a fresh read gives after every kind of edit, local and remote', () => {
		const doc = docOf(sample);
		const other = new Y.Doc();
		Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
		const l = layout(doc);
		const edits: [string, () => void][] = [
			['a title', () => updateStep(doc, 'a', { title: 'Belt opnieuw' })],
			['an emotion', () => setEmotion(doc, 'a', 'p1', 2)],
			['a demand', () => (l.steps.get('b')!.get('demands') as Y.Map<unknown>).set('plan', 3)],
			[
				'a note, deep in its fragment',
				() => {
					const paragraph = noteFragment(doc, 'a')!.get(0) as Y.XmlElement;
					(paragraph.get(0) as Y.XmlText).insert(0, 'Nog steeds: ');
				}
			],
			['an entry that stops validating', () => l.steps.get('b')!.set('title', 42)],
			['that entry fixed again', () => l.steps.get('b')!.set('title', 'Hoort weer iets')],
			['a pain point', () => l.painPoints.get('pp')!.set('severity', 1)],
			['a persona', () => l.personas.get('p1')!.set('name', 'Henk de Vries')],
			['a ticket', () => l.tickets.get('t')!.set('status', 'done')],
			[
				'a step added',
				() => addStep(doc, { id: 'c', title: 'Krijgt antwoord', stageId: 's2', channelId: 'app' })
			],
			['a step removed, its pain point with it', () => removeStep(doc, 'b')],
			['a fase renamed', () => (l.stages.get(0) as Y.Map<unknown>).set('name', 'Melding doen')],
			[
				'an edit from another client',
				() => {
					const step = other.getMap<Y.Map<unknown>>('steps').get('a')!;
					step.set('owner', 'KCC');
					Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
				}
			]
		];
		expect(readJourney(doc, 'j1')).toEqual(fresh(doc));
		for (const [what, edit] of edits) {
			edit();
			expect(readJourney(doc, 'j1'), what).toEqual(fresh(doc));
		}
		expect(readJourney(doc, 'j1').journey.steps.find((s) => s.id === 'a')).toMatchObject({
			title: 'Belt opnieuw',
			owner: 'KCC',
			note: 'Nog steeds: Wacht twaalf minuten.\n\nKrijgt een meldnummer.'
		});
	});

	it('reads inside a transaction and in its observers what the doc holds then', () => {
		const doc = docOf(sample);
		readJourney(doc, 'j1');
		const seen: string[] = [];
		doc.getMap('steps').observeDeep(() => {
			seen.push(readJourney(doc, 'j1').journey.steps[0].title);
		});
		doc.on('update', () => seen.push(readJourney(doc, 'j1').journey.steps[0].title));
		doc.transact(() => {
			updateStep(doc, 'a', { title: 'Eerst dit' });
			seen.push(readJourney(doc, 'j1').journey.steps[0].title);
			updateStep(doc, 'a', { title: 'Dan dat' });
		});
		expect(seen).toEqual(['Eerst dit', 'Dan dat', 'Dan dat']);
		expect(readJourney(doc, 'j1').journey.steps[0].title).toBe('Dan dat');
	});

	it('tells a reader once the transactions are done, when it parses only the entries that changed', () => {
		const doc = docOf(sample);
		const other = new Y.Doc();
		Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
		readJourney(doc, 'j1');
		const stepParses = vi.spyOn(Step, 'safeParse');
		const reads: Journey[] = [];
		const stop = onDocChanged(doc, () => reads.push(readJourney(doc, 'j1').journey));
		// What the doc's own 'update' event would see: the cleanup still runs, every step is parsed.
		const inUpdate: number[] = [];
		doc.on('update', () => {
			const before = stepParses.mock.calls.length;
			readJourney(doc, 'j1');
			inUpdate.push(stepParses.mock.calls.length - before);
		});
		const parsesBefore = () => stepParses.mock.calls.length - inUpdate.reduce((a, b) => a + b, 0);

		// A remote edit of step a: read once, step a parsed again, step b taken as it was.
		other.getMap<Y.Map<unknown>>('steps').get('a')!.set('owner', 'KCC');
		Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
		expect(reads).toHaveLength(1);
		expect(inUpdate).toEqual([2]);
		expect(parsesBefore()).toBe(1);
		expect(reads[0].steps.find((s) => s.id === 'a')!.owner).toBe('KCC');
		expect(reads[0]).toEqual(fresh(doc).journey);

		// Several writes in one transaction: one read. A transaction that changes nothing: none.
		doc.transact(() => {
			updateStep(doc, 'a', { title: 'Eerst dit' });
			updateStep(doc, 'a', { title: 'Dan dat' });
		});
		doc.transact(() => {});
		expect(reads).toHaveLength(2);
		expect(reads[1].steps.find((s) => s.id === 'a')!.title).toBe('Dan dat');

		stop();
		stepParses.mockRestore();
		updateStep(doc, 'a', { title: 'Niet meer gelezen' });
		expect(reads).toHaveLength(2);
	});
});
