import { describe, expect, it } from 'vitest';
import type { StepFigures } from '$lib/analysis/contacts';
import { Journey } from '$lib/model';
import { barDescription, contactLane, contactLaneHeight, kanaalPatternId } from './contact-lane';
import { layoutJourney } from './layout';

const journey = Journey.parse({
	schemaVersion: 1,
	id: 'j',
	title: 'T',
	stages: [
		{ id: 'a', name: 'A' },
		{ id: 'b', name: 'B' }
	],
	channels: [
		{ id: 'web', name: 'Website', kind: 'website' },
		{ id: 'tel', name: 'Telefoon', kind: 'telefoon' }
	],
	personas: [],
	steps: [
		{ id: 's1', stageId: 'a', channelId: 'web', title: 'Een', order: 1 },
		{ id: 's2', stageId: 'b', channelId: 'tel', title: 'Twee', order: 2 }
	]
});

const figures: StepFigures[] = [
	{
		stepId: 's1',
		contacts: 100,
		firstTimeRight: 0.724,
		forwarded: null,
		callbackFollowedUp: null,
		byChannel: [
			{ channelId: 'web', contacts: 20 },
			{ channelId: 'tel', contacts: 60 }
		],
		byMonth: []
	},
	{
		stepId: 's2',
		contacts: 50,
		firstTimeRight: null,
		forwarded: 0.1,
		callbackFollowedUp: null,
		byChannel: [{ channelId: 'tel', contacts: 50 }],
		byMonth: []
	}
];

describe('contactLane', () => {
	const layout = layoutJourney(journey, [], { contactLane: (w) => contactLaneHeight(journey.channels, w) });
	const height = contactLaneHeight(journey.channels, layout.width);
	const lane = contactLane(layout, figures, journey.channels)!;

	it('is laid out below everything else and makes the map taller', () => {
		expect(layoutJourney(journey).contacts).toBeNull();
		expect(contactLane(layoutJourney(journey), figures, journey.channels)).toBeNull();
		expect(layout.contacts!.top).toBeGreaterThan(layout.gridBottom);
		expect(layout.height).toBe(layout.contacts!.top + height);
	});

	it('stacks a bar per step by kanaal in map order, then the contacts on kanalen the map lacks', () => {
		const [one, two] = lane.bars;
		expect(one.segments.map((s) => [s.key, s.contacts])).toEqual([
			['web', 20],
			['tel', 60],
			['ander', 20]
		]);
		expect(one.segments[0].fill).toBe(`url(#${kanaalPatternId(0)})`);
		// Heights follow the counts.
		expect(lane.base - two.top).toBeCloseTo((lane.base - one.top) / 2, 5);
		// Segments touch: the top of one is the bottom of the next.
		expect(one.segments[0].y).toBeCloseTo(one.segments[1].y + one.segments[1].height, 5);
		expect(one.x).toBe(layout.emotion.steps[0].x);
	});

	it('gives the percentages, a dash where the export did not say', () => {
		expect(lane.bars.map((b) => [b.firstTimeRight, b.forwarded])).toEqual([
			['72%', '–'],
			['–', '10%']
		]);
		expect(barDescription(lane.bars[0], 'Een')).toBe(
			'Stap 1, Een: 100 contacten (Website 20, Telefoon 60, ander kanaal 20); in één keer goed 72%, doorverbonden onbekend'
		);
	});

	it('lists every kanaal in the legend, and "ander kanaal" only when used', () => {
		expect(lane.legend.map((l) => l.label)).toEqual([
			'Website',
			'Telefoon',
			'ander kanaal (niet op de kaart)'
		]);
		const none = contactLane(layout, [{ ...figures[1] }], journey.channels)!;
		expect(none.legend.map((l) => l.label)).toEqual(['Website', 'Telefoon']);
		// The legend sits between the title and the bars, within the map's width.
		for (const item of lane.legend) {
			expect(item.y).toBeGreaterThan(lane.titleY);
			expect(item.y + 20).toBeLessThanOrEqual(lane.barsTop);
		}
		expect(lane.legend[1].x).toBeGreaterThan(lane.legend[0].x);
	});

	it('wraps the legend on a narrow map, and the lane grows with it', () => {
		const many = Array.from({ length: 8 }, (_, i) => ({ name: `Kanaal met een lange naam ${i}` }));
		expect(contactLaneHeight(many, 600)).toBeGreaterThan(contactLaneHeight(many, 3000));
	});

	it('says when the period holds no contacts', () => {
		expect(lane.empty).toBe(false);
		expect(contactLane(layout, [], journey.channels)!.empty).toBe(true);
	});
});
