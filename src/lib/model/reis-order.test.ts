import { describe, expect, it } from 'vitest';
import { orderForSlot, sortByReis } from './reis-order';

const stages = [{ id: 'orienteren' }, { id: 'aanvragen' }, { id: 'nazorg' }];

describe('sortByReis', () => {
	it('orders by fase first, then by order within the fase, then by id', () => {
		const steps = [
			{ id: 'a', stageId: 'nazorg', order: 1 },
			{ id: 'b', stageId: 'aanvragen', order: 2 },
			{ id: 'c', stageId: 'nazorg', order: 3 },
			{ id: 'e', stageId: 'orienteren', order: 9 },
			{ id: 'd', stageId: 'orienteren', order: 9 }
		];
		expect(sortByReis(steps, stages).map((s) => s.id)).toEqual(['d', 'e', 'b', 'a', 'c']);
	});

	it('follows a reordering of the fases and leaves its input alone', () => {
		const steps = [
			{ id: 'x', stageId: 'orienteren', order: 1 },
			{ id: 'y', stageId: 'nazorg', order: 2 }
		];
		expect(sortByReis(steps, [...stages].reverse()).map((s) => s.id)).toEqual(['y', 'x']);
		expect(steps.map((s) => s.id)).toEqual(['x', 'y']);
	});

	it('puts a step of an unknown fase last and counts a missing order as 0', () => {
		const steps = [
			{ id: 'lost', stageId: 'weg', order: -5 },
			{ id: 'late', stageId: 'orienteren', order: 1 },
			{ id: 'early', stageId: 'orienteren' }
		];
		expect(sortByReis(steps, stages).map((s) => s.id)).toEqual(['early', 'late', 'lost']);
	});
});

describe('orderForSlot', () => {
	// One fase with three steps, two of them in the cell the step is dropped into.
	const fase = [
		{ id: 'p', stageId: 'f', order: 1 },
		{ id: 'q', stageId: 'f', order: 2 },
		{ id: 'r', stageId: 'f', order: 4 }
	];
	const cell = [fase[0], fase[2]];

	it('goes between its neighbours in the cell', () => {
		expect(orderForSlot(fase, cell, 1)).toBe(2.5);
	});

	it('above the first card of a cell: between it and the step before it in the fase', () => {
		expect(orderForSlot(fase, [fase[1], fase[2]], 0)).toBe(1.5);
		expect(orderForSlot(fase, cell, 0)).toBe(0);
	});

	it('below the last card: between it and the next step of the fase, or after it', () => {
		expect(orderForSlot(fase, [fase[0]], 1)).toBe(1.5);
		expect(orderForSlot(fase, cell, 2)).toBe(5);
	});

	it('in an empty cell: at the start or the end of the fase', () => {
		expect(orderForSlot(fase, [], 0, 'start')).toBe(0);
		expect(orderForSlot(fase, [], 0, 'end')).toBe(5);
		expect(orderForSlot(fase, [], 0)).toBe(5);
		expect(orderForSlot([], [], 0, 'start')).toBe(1);
	});
});
