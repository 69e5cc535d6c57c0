import { describe, expect, it } from 'vitest';
import { sortByReis, type Journey } from '$lib/model';
import { TELEFOON, testJourney, testStages, WEBSITE } from '$lib/model/testing';
import { cardKeyAction, moveByArrow, moveToSlot, neighbour } from './keyboard';
import { layoutJourney } from './layout';

/** A blank journey with three fases and steps A, B, C, one in each. */
const journey = testJourney({
	title: 'Leeg',
	stages: testStages(['f1', 'Een'], ['f2', 'Twee'], ['f3', 'Drie']),
	channels: [WEBSITE, TELEFOON],
	steps: [
		{ id: 'a', stageId: 'f1', channelId: 'web', title: 'A', order: 1 },
		{ id: 'b', stageId: 'f2', channelId: 'web', title: 'B', order: 2 },
		{ id: 'c', stageId: 'f3', channelId: 'web', title: 'C', order: 3 }
	]
});
const layout = layoutJourney(journey);
const context = { journey, layout, canWrite: true };
const apply = (j: Journey, id: string, to: { stageId: string; channelId: string; order: number }) =>
	({ ...j, steps: j.steps.map((s) => (s.id === id ? { ...s, ...to } : s)) }) as Journey;
const reis = (j: Journey) => sortByReis(j.steps, j.stages).map((s) => s.id);

describe('cardKeyAction', () => {
	it('arrows focus the neighbour in that direction, Home and End the ends of the reis', () => {
		expect(cardKeyAction({ key: 'ArrowRight' }, 'a', context)).toEqual({ kind: 'focus', id: 'b' });
		expect(cardKeyAction({ key: 'ArrowLeft' }, 'a', context)).toEqual({ kind: 'none' });
		expect(cardKeyAction({ key: 'End' }, 'a', context)).toEqual({ kind: 'focus', id: 'c' });
		expect(cardKeyAction({ key: 'Home' }, 'c', context)).toEqual({ kind: 'focus', id: 'a' });
	});

	it('Enter and Space open the step; Delete removes it only for a writer', () => {
		expect(cardKeyAction({ key: 'Enter' }, 'b', context)).toEqual({ kind: 'select', id: 'b' });
		expect(cardKeyAction({ key: ' ' }, 'b', context)).toEqual({ kind: 'select', id: 'b' });
		expect(cardKeyAction({ key: 'Delete' }, 'b', context)).toEqual({ kind: 'remove', id: 'b' });
		expect(cardKeyAction({ key: 'Backspace' }, 'b', { ...context, canWrite: false })).toBeNull();
	});

	it("Alt + arrow moves a writer's card, and is a no-op for a reader", () => {
		expect(cardKeyAction({ key: 'ArrowRight', altKey: true }, 'a', context)).toMatchObject({
			kind: 'move',
			id: 'a',
			to: { stageId: 'f2', channelId: 'web' }
		});
		expect(cardKeyAction({ key: 'ArrowRight', altKey: true }, 'a', { ...context, canWrite: false })).toEqual({
			kind: 'none'
		});
	});

	it('leaves other keys and shortcuts to the page', () => {
		expect(cardKeyAction({ key: 'a' }, 'a', context)).toBeNull();
		expect(cardKeyAction({ key: 'ArrowRight', ctrlKey: true }, 'a', context)).toBeNull();
	});
});

describe('moveByArrow', () => {
	it('Alt + → twice takes A into the last fase, at its start: B, A, C', () => {
		const once = moveByArrow(journey, 'a', 1, 0)!;
		expect(once.stageId).toBe('f2');
		const j1 = apply(journey, 'a', once);
		expect(reis(j1)).toEqual(['a', 'b', 'c']);
		const twice = moveByArrow(j1, 'a', 1, 0)!;
		const j2 = apply(j1, 'a', twice);
		expect(twice.stageId).toBe('f3');
		expect(reis(j2)).toEqual(['b', 'a', 'c']);
		// And the map numbers and lines follow the same order.
		const moved = layoutJourney(j2);
		expect(moved.cards.map((c) => [c.step.id, c.number])).toEqual([
			['b', 1],
			['a', 2],
			['c', 3]
		]);
		expect(moved.segments.map((s) => `${s.from}>${s.to}`)).toEqual(['b>a', 'a>c']);
	});

	it('Alt + ← lands at the end of the fase on the left', () => {
		const to = moveByArrow(journey, 'c', -1, 0)!;
		expect(reis(apply(journey, 'c', to))).toEqual(['a', 'b', 'c']);
		const back = moveByArrow(journey, 'b', -1, 0)!;
		expect(reis(apply(journey, 'b', back))).toEqual(['a', 'b', 'c']);
		expect(back.stageId).toBe('f1');
	});

	it('Alt + ↑/↓ changes kanaal and keeps the place in the reis; stops at the edges', () => {
		expect(moveByArrow(journey, 'b', 0, 1)).toEqual({ stageId: 'f2', channelId: 'tel', order: 2 });
		expect(moveByArrow(journey, 'b', 0, -1)).toBeNull();
		expect(moveByArrow(journey, 'c', 1, 0)).toBeNull();
		expect(moveByArrow(journey, 'nope', 1, 0)).toBeNull();
	});
});

describe('moveToSlot', () => {
	it('a drop into a cell goes between its cards, within the fase', () => {
		const j = apply(journey, 'c', { stageId: 'f2', channelId: 'web', order: 5 });
		// Cell (f2, web) holds B (2) and C (5); drop A between them.
		const to = moveToSlot(j, 'a', 'f2', 'web', 1);
		expect(to.order).toBe(3.5);
		expect(reis(apply(j, 'a', to))).toEqual(['b', 'a', 'c']);
		expect(moveToSlot(j, 'a', 'f2', 'web', 99).order).toBe(6);
	});
});

describe('neighbour', () => {
	it('finds nothing from an unknown card', () => {
		expect(neighbour(layout, 'nope', 1, 0)).toBeNull();
	});
});
