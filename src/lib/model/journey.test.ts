import { describe, expect, it } from 'vitest';
import {
	Journey,
	JourneyOfParsedEntries,
	parseJourney,
	parseJourneyInput,
	parsePersonaFile
} from './journey';
import { CURRENT_SCHEMA_VERSION, migrate, type Migration } from './migrations';
import { rawJourney, testPersona, testStages } from './testing';

const persona = testPersona('p1', 'Test Persoon', {
	age: 40,
	digitalSkills: 'basic',
	doenvermogen: { plan: 3, act: 3, persevere: 2, cope: 2 },
	stress: 1
});

function journey(): Record<string, unknown> {
	return rawJourney({
		id: 'j1',
		title: 'Verhuizing doorgeven',
		stages: testStages(['s1', 'Oriënteren'], ['s2', 'Aanvragen']),
		channels: [{ id: 'c1', name: 'Website', kind: 'website' }],
		personas: [persona],
		steps: [
			{ id: 'st1', stageId: 's1', channelId: 'c1', title: 'Zoekt op de website', emotions: { p1: -1 } },
			{ id: 'st2', stageId: 's2', channelId: 'c1', title: 'Vult het formulier in', demands: { plan: 3 } }
		],
		painPoints: [
			{ id: 'pp1', stepId: 'st1', principles: ['seeTheWhole'], severity: 2, description: 'Onvindbaar' }
		],
		tickets: [{ id: 't1', painPointIds: ['pp1'], department: 'Burgerzaken', title: 'Zoekwoorden verbeteren' }]
	});
}

function issuesOf(raw: unknown) {
	const result = parseJourney(raw);
	return result.ok ? [] : result.issues;
}

describe('Journey schema', () => {
	it('accepts a valid journey and fills in the defaults of a step', () => {
		const result = parseJourney(journey());
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const step = result.value.steps[1];
		expect(step.note).toBe('');
		expect(step.emotions).toEqual({});
		expect(step.demands).toEqual({ plan: 3, act: 0, persevere: 0, cope: 0 });
		expect(result.value.tickets[0]).toMatchObject({ priority: 'medium', status: 'open', description: '' });
	});

	it.each([
		['a demand above 5', (j: any) => (j.steps[1].demands.plan = 6), 'steps.1.demands.plan'],
		['a fractional demand', (j: any) => (j.steps[1].demands.act = 1.5), 'steps.1.demands.act'],
		['an emotion out of range', (j: any) => (j.steps[0].emotions.p1 = 3), 'steps.0.emotions.p1'],
		['a dangling stage', (j: any) => (j.steps[0].stageId = 'nope'), 'steps.0.stageId'],
		['a dangling channel', (j: any) => (j.steps[1].channelId = 'nope'), 'steps.1.channelId'],
		[
			'an emotion for an unknown persona',
			(j: any) => (j.steps[0].emotions.ghost = 1),
			'steps.0.emotions.ghost'
		],
		['a pain point on a missing step', (j: any) => (j.painPoints[0].stepId = 'gone'), 'painPoints.0.stepId'],
		[
			'an unknown principle',
			(j: any) => (j.painPoints[0].principles = ['smile']),
			'painPoints.0.principles.0'
		],
		['no principle at all', (j: any) => (j.painPoints[0].principles = []), 'painPoints.0.principles'],
		['a severity of 4', (j: any) => (j.painPoints[0].severity = 4), 'painPoints.0.severity'],
		[
			'a ticket on a missing pain point',
			(j: any) => (j.tickets[0].painPointIds = ['x']),
			'tickets.0.painPointIds.0'
		],
		['an unknown priority', (j: any) => (j.tickets[0].priority = 'asap'), 'tickets.0.priority'],
		['a duplicate step id', (j: any) => (j.steps[1].id = 'st1'), 'steps.1.id'],
		[
			'a doenvermogen of 0',
			(j: any) => (j.personas[0].doenvermogen.plan = 0),
			'personas.0.doenvermogen.plan'
		],
		['a stress of 4', (j: any) => (j.personas[0].stress = 4), 'personas.0.stress'],
		['an unknown channel kind', (j: any) => (j.channels[0].kind = 'fax'), 'channels.0.kind'],
		['an empty title', (j: any) => (j.title = '  '), 'title'],
		['a newer schemaVersion', (j: any) => (j.schemaVersion = 99), 'schemaVersion'],
		['a missing schemaVersion', (j: any) => delete j.schemaVersion, 'schemaVersion']
	])('refuses %s with its path', (_name, mutate, path) => {
		const j = journey();
		mutate(j);
		expect(issuesOf(j).map((i) => i.path)).toContain(path);
	});

	it('refuses evidence without source or period, or a percentage above 100', () => {
		const j = journey() as any;
		j.painPoints[0].evidence = [
			{ metric: 'forwarded', value: 140, source: 'KCC-rapportage', period: '2026-Q1' },
			{ metric: 'contacts', value: 10, period: '2026-Q1' }
		];
		const paths = issuesOf(j).map((i) => i.path);
		expect(paths).toContain('painPoints.0.evidence.0.value');
		expect(paths).toContain('painPoints.0.evidence.1.source');
	});

	it('lets a POST body leave out the id, but not a file', () => {
		const j = journey();
		delete j.id;
		expect(parseJourneyInput(j).ok).toBe(true);
		expect(issuesOf(j).map((i) => i.path)).toContain('id');
	});

	it('refuses what is not an object at all', () => {
		expect(issuesOf('hallo').length).toBeGreaterThan(0);
		expect(issuesOf(null).length).toBeGreaterThan(0);
	});
});

describe('the whole-journey check over parsed entries (readJourney)', () => {
	const paths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
		result.success ? [] : result.error!.issues.map((i) => i.path.map(String).join('.'));

	it('gives what Journey gives, with the entries passed through as the same objects', () => {
		const parsed = Journey.parse(journey());
		const again = JourneyOfParsedEntries.parse(parsed);
		expect(again).toEqual(parsed);
		expect(again.steps[1]).toBe(parsed.steps[1]);
		expect(again.tickets[0]).toBe(parsed.tickets[0]);
	});

	it.each([
		['a dangling stage', (j: any) => (j.steps[0].stageId = 'nope')],
		['an emotion for an unknown persona', (j: any) => (j.steps[0].emotions.ghost = 1)],
		['a pain point on a missing step', (j: any) => (j.painPoints[0].stepId = 'gone')],
		['a ticket on a missing pain point', (j: any) => (j.tickets[0].painPointIds = ['x'])],
		['a duplicate step id', (j: any) => (j.steps[1].id = 'st1')],
		[
			'more than 20 personas',
			(j: any) => (j.personas = Array.from({ length: 21 }, (_, i) => ({ ...j.personas[0], id: `p${i}` })))
		],
		['an empty title', (j: any) => (j.title = '  ')]
	])('refuses %s with the path Journey gives', (_name, mutate) => {
		const parsedEntries = Journey.parse(journey()) as any;
		mutate(parsedEntries);
		const expected = paths(Journey.safeParse(parsedEntries));
		expect(expected.length).toBeGreaterThan(0);
		expect(paths(JourneyOfParsedEntries.safeParse(parsedEntries))).toEqual(expected);
	});
});

describe('Persona files', () => {
	it('need a schemaVersion', () => {
		expect(parsePersonaFile({ ...persona, schemaVersion: 1 }).ok).toBe(true);
		const missing = parsePersonaFile(persona);
		expect(missing.ok ? [] : missing.issues.map((i) => i.path)).toContain('schemaVersion');
	});
	it('name doenvermogen when a capacity is out of its scale', () => {
		const bad = parsePersonaFile({
			...persona,
			schemaVersion: 1,
			doenvermogen: { ...persona.doenvermogen, cope: 9 }
		});
		expect(bad.ok ? [] : bad.issues.map((i) => i.path)).toEqual(['doenvermogen.cope']);
	});
});

describe('migrate', () => {
	const renameTitle: Migration = {
		from: 0,
		migrate: ({ name, ...rest }) => ({ ...rest, title: name })
	};

	it('runs the migrations in order up to the current version', () => {
		const old = { schemaVersion: 0, name: 'Oud formaat' };
		expect(migrate(old, [renameTitle], 1)).toEqual({ schemaVersion: 1, title: 'Oud formaat' });
	});

	it('chains several migrations', () => {
		const addOrganisation: Migration = { from: 1, migrate: (d) => ({ ...d, organisation: 'Gemeente X' }) };
		expect(migrate({ schemaVersion: 0, name: 'A' }, [addOrganisation, renameTitle], 2)).toEqual({
			schemaVersion: 2,
			title: 'A',
			organisation: 'Gemeente X'
		});
	});

	it('leaves current, newer and unversioned documents alone', () => {
		const current = { schemaVersion: CURRENT_SCHEMA_VERSION, title: 'x' };
		expect(migrate(current)).toBe(current);
		const newer = { schemaVersion: CURRENT_SCHEMA_VERSION + 1 };
		expect(migrate(newer)).toBe(newer);
		expect(migrate([1, 2])).toEqual([1, 2]);
	});
});
