import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Journey, Step } from '$lib/model';
import { compareJourneys, diffSteps, journeyFigures, versionChanges } from './compare';
import { comparisonMarkdown } from './compare-report';

const current = Journey.parse(JSON.parse(readFileSync('tests/fixtures/small-journey.json', 'utf8')));

/**
 * The fixture's gewenste reis: the afspraak moves to the KCC phone with
 * lighter demands, zoeken moves to the afspraak fase, ophalen makes way for a
 * call back after five days, and the pain point is solved.
 */
function desiredOf(j: Journey): Journey {
	const step = (id: string) => j.steps.find((s) => s.id === id)!;
	return Journey.parse({
		...j,
		id: 'gewenst',
		basedOn: j.id,
		channels: [...j.channels, { id: 'kcc', name: 'KCC', kind: 'telefoon' }],
		steps: [
			{ ...step('zoeken'), stageId: 'afspraak', order: 0.5 },
			{
				...step('afspraak'),
				channelId: 'kcc',
				order: 1,
				demands: { plan: 2, act: 2, persevere: 1, cope: 1 }
			},
			{
				id: 'terugbellen',
				stageId: 'ophalen',
				channelId: 'kcc',
				title: 'KCC belt terug',
				order: 3,
				waitDays: 5
			}
		],
		painPoints: j.painPoints.map((p) => ({ ...p, status: 'resolved' })),
		tickets: j.tickets.map((t) => ({ ...t, status: 'done' }))
	});
}

describe('journeyFigures', () => {
	it('counts steps, channel switches, waiting days, human gaps, open pain points and stuck steps', () => {
		expect(journeyFigures(current)).toMatchObject({
			steps: 3,
			channelSwitches: 1,
			waitDays: 0,
			humanAlternativeGaps: 2,
			openPainPoints: 1,
			openPainPointsByPrinciple: { serve: 1, seeTheWhole: 1, dialogue: 0 },
			stuck: { ans: 1 },
			stuckSteps: { ans: ['afspraak'] }
		});
	});
});

describe('compareJourneys', () => {
	it('gives the figures of both and the steps added, removed, moved and changed', () => {
		const result = compareJourneys(current, desiredOf(current));
		expect(result.desired).toMatchObject({
			steps: 3,
			channelSwitches: 1,
			waitDays: 5,
			humanAlternativeGaps: 1,
			openPainPoints: 0,
			stuck: { ans: 0 }
		});
		expect(result.steps).toEqual({
			added: ['terugbellen'],
			removed: ['ophalen'],
			moved: ['zoeken'],
			changed: ['afspraak']
		});
	});
});

describe('diffSteps', () => {
	const s = (id: string, order: number, stageId = 'a') =>
		Step.parse({ id, order, stageId, channelId: 'c', title: id });
	it('marks only the card that moved, not its neighbours', () => {
		const before = [s('1', 1), s('2', 2), s('3', 3), s('4', 4)];
		const after = [s('1', 1), s('3', 2), s('4', 3), s('2', 4)];
		expect(diffSteps(before, after)).toEqual({ added: [], removed: [], moved: ['2'], changed: [] });
	});
	it('does not count a step inserted before others as moving them', () => {
		const before = [s('1', 1), s('2', 2)];
		const after = [s('0', 0), s('1', 1.5), s('2', 2.5)];
		expect(diffSteps(before, after)).toEqual({ added: ['0'], removed: [], moved: [], changed: [] });
	});
});

describe('versionChanges', () => {
	it('lists steps, pain points and tickets that changed', () => {
		const result = versionChanges(current, desiredOf(current));
		expect(result.steps).toEqual({
			added: ['terugbellen'],
			removed: ['ophalen'],
			changed: ['zoeken', 'afspraak']
		});
		expect(result.painPoints.changed).toEqual(['alleen-online']);
		expect(result.tickets.changed).toEqual(['bel-afspraak']);
	});
});

describe('comparisonMarkdown', () => {
	it('writes the figures with their difference, per persona and per principle, and the step changes', () => {
		const desired = desiredOf(current);
		const md = comparisonMarkdown(compareJourneys(current, desired), current, desired, '29 november 2026');
		expect(md).toContain('# Huidige en gewenste reis: Paspoort aanvragen (testreis)');
		expect(md).toContain('| Wachttijd in dagen (opgeteld) | 0 | 5 | +5 |');
		expect(md).toContain('| Fases zonder menselijk alternatief (bellen, balie, huisbezoek) | 2 | 1 | −1 |');
		expect(md).toContain('| Ans | 1 | 0 | −1 |');
		expect(md).toContain('- Ans: nu bij Maakt online een afspraak; straks nergens');
		expect(md).toContain('| Het geheel zien | 1 | 0 | −1 |');
		expect(md).toContain('**Vervalt** (1)\n\n- Haalt het paspoort op');
		expect(md).toContain('**Nieuw** (1)\n\n- KCC belt terug');
	});
});
