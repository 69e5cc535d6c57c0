import { describe, expect, it } from 'vitest';
import { TELEFOON, testJourney, testPersona, testStages, WEBSITE } from '$lib/model/testing';
import { cellAt, dotsPath, heatRowPaths, layoutJourney, SIZES, wrapText } from './layout';

const journey = testJourney({
	stages: testStages(['a', 'A'], ['b', 'B']),
	channels: [WEBSITE, TELEFOON],
	personas: [testPersona('p', 'P')],
	steps: [
		{ id: 's1', stageId: 'a', channelId: 'web', title: 'Een', order: 1, emotions: { p: 1 } },
		{ id: 's2', stageId: 'a', channelId: 'web', title: 'Twee', order: 2, emotions: { p: -1 } },
		{ id: 's3', stageId: 'b', channelId: 'tel', title: 'Drie', order: 3, emotions: { p: -2 } }
	]
});

describe('layoutJourney', () => {
	const layout = layoutJourney(journey, ['p']);

	it('puts fases in columns and kanalen in rows as tall as their fullest cell', () => {
		expect(layout.columns.map((c) => c.id)).toEqual(['a', 'b']);
		expect(layout.rows[0].height).toBeGreaterThan(layout.rows[1].height);
		expect(layout.rows[1].y).toBe(layout.rows[0].y + layout.rows[0].height);
	});

	it('stacks the cards of one cell and numbers them in reis order', () => {
		const [one, two, three] = layout.cards;
		expect([one.number, two.number, three.number]).toEqual([1, 2, 3]);
		expect(two.x).toBe(one.x);
		expect(two.y).toBe(one.y + SIZES.cardHeight + SIZES.cardGap);
		expect(three.x).toBeGreaterThan(one.x);
	});

	it('draws the reis line and marks a switch of channel', () => {
		expect(layout.segments.map((s) => [s.from, s.to, s.switchesChannel])).toEqual([
			['s1', 's2', false],
			['s2', 's3', true]
		]);
		expect(layout.segments.every((s) => s.d.startsWith('M'))).toBe(true);
	});

	it('draws an emotion curve per selected persona, lower for worse', () => {
		const [curve] = layout.emotion.curves;
		expect(curve.points.map((p) => p.value)).toEqual([1, -1, -2]);
		expect(curve.points[0].y).toBeLessThan(curve.points[2].y);
		expect(curve.d).not.toBe('');
		expect(layoutJourney(journey).emotion.curves).toEqual([]);
	});

	it('adds a doenvermogen row per selected persona below the curves', () => {
		expect(layout.heat.rows.map((r) => r.personaId)).toEqual(['p']);
		expect(layout.heat.top).toBeGreaterThan(layout.emotion.top + layout.emotion.height);
		expect(layout.height).toBeGreaterThanOrEqual(layout.heat.rows[0].y + layout.heat.rows[0].height);
		expect(layoutJourney(journey).height).toBe(layoutJourney(journey).gridBottom);
	});

	it('finds the cell and slot under a point', () => {
		const two = layout.byStep.get('s2')!;
		expect(cellAt(layout, two.x + 5, two.y + two.height - 2)).toEqual({
			stageId: 'a',
			channelId: 'web',
			slot: 2
		});
		expect(cellAt(layout, two.x + 5, two.y + 2)).toEqual({ stageId: 'a', channelId: 'web', slot: 1 });
		expect(cellAt(layout, 0, 0)).toBeNull();
	});
});

describe('wrapText', () => {
	it('wraps on words and cuts with an ellipsis', () => {
		expect(wrapText('Belt het KCC over de status', 12, 3)).toEqual(['Belt het KCC', 'over de', 'status']);
		const cut = wrapText('een twee drie vier vijf zes zeven acht negen tien', 10, 2);
		expect(cut).toHaveLength(2);
		expect(cut[1].endsWith('…')).toBe(true);
		expect(wrapText('', 10, 2)).toEqual([]);
	});
});

describe('paths of many marks', () => {
	it('draws one circle per point in a single path', () => {
		const d = dotsPath(
			[
				{ x: 10, y: 20 },
				{ x: 30, y: 40 }
			],
			5
		);
		expect(d.match(/M/g)).toHaveLength(2);
		expect(d.startsWith('M5,20a5,5')).toBe(true);
	});

	it('draws a doenvermogen row as one path per level, with glyphs where it is tight or stuck', () => {
		const levels: Record<string, 'none' | 'ok' | 'tight' | 'stuck'> = {
			a: 'ok',
			b: 'stuck',
			c: 'tight',
			d: 'stuck'
		};
		const steps = Object.keys(levels).map((stepId, i) => ({ stepId, x: 100 + i * 50 }));
		const row = heatRowPaths(steps, 40, 0, 26, (id) => levels[id]);
		expect(row.cells.stuck.match(/M/g)).toHaveLength(2);
		expect(row.cells.ok.match(/M/g)).toHaveLength(1);
		expect(row.cells.none).toBe('');
		expect(row.stuck.match(/M/g)).toHaveLength(4);
		expect(row.tight.match(/M/g)).toHaveLength(1);
	});
});
