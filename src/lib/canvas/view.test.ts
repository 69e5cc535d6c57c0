import { describe, expect, it } from 'vitest';
import {
	minimapCorner,
	minimapSize,
	DETAIL_SCALE,
	MAX_FIT_SCALE,
	MIN_SCALE,
	contains,
	detailRegion,
	fitView,
	overlaps,
	grow,
	viewForRect,
	visibleRect
} from './view';

describe('fitView', () => {
	it('fills the viewport with a small map, up to the largest fit zoom, centred', () => {
		expect(fitView(400, 300, 832, 632)).toEqual({ x: 96, y: 16, k: MAX_FIT_SCALE });
		expect(fitView(400, 200, 432, 400)).toEqual({ x: 16, y: 16, k: 1 });
	});

	it('fits only the given top part of the map in the height (the grid), the rest is a pan away', () => {
		// 1310 × 1138 map whose grid is 734 tall, in a 1450 × 800 canvas: the grid fills the height.
		const view = fitView(1310, 1138, 1450, 800, 734);
		expect(view.k).toBeCloseTo(768 / 734);
		expect(fitView(1310, 1138, 1450, 800).k).toBeCloseTo(768 / 1138);
	});

	it('scales a large map down to fit, but not below the minimum', () => {
		expect(fitView(2000, 1000, 1032, 600).k).toBeCloseTo(0.5);
		expect(fitView(2000, 9000, 800, 600).k).toBe(MIN_SCALE);
	});
});

describe('visibleRect', () => {
	it('maps the viewport back to canvas units', () => {
		expect(visibleRect({ x: -100, y: 50, k: 2 }, 800, 600)).toEqual({ x0: 50, y0: -25, x1: 450, y1: 275 });
	});
});

describe('detailRegion', () => {
	const view = { x: 0, y: 0, k: 1 };

	it('draws no text when zoomed out below the detail scale', () => {
		expect(detailRegion({ ...view, k: DETAIL_SCALE - 0.01 }, 800, 600, null)).toBeNull();
	});

	it('covers the view with half a view of margin', () => {
		expect(detailRegion(view, 800, 600, null)).toEqual({ x0: -400, y0: -300, x1: 1200, y1: 900 });
	});

	it('keeps the region while the view stays inside it, and moves it when the view leaves', () => {
		const first = detailRegion(view, 800, 600, null)!;
		expect(detailRegion({ ...view, x: -300 }, 800, 600, first)).toBe(first);
		const moved = detailRegion({ ...view, x: -500 }, 800, 600, first)!;
		expect(moved).not.toBe(first);
		expect(contains(moved, visibleRect({ ...view, x: -500 }, 800, 600))).toBe(true);
	});

	it('shrinks when zooming far in, so it does not keep the text of a wide view', () => {
		const wide = detailRegion({ x: 0, y: 0, k: 0.4 }, 800, 600, null)!;
		expect(detailRegion({ x: 0, y: 0, k: 0.5 }, 800, 600, wide)).toBe(wide);
		const near = detailRegion({ x: 0, y: 0, k: 1 }, 800, 600, wide)!;
		expect(near).toEqual({ x0: -400, y0: -300, x1: 1200, y1: 900 });
	});

	it('grows when zooming out within the detail scale', () => {
		const first = detailRegion(view, 800, 600, null)!;
		const wider = detailRegion({ x: 0, y: 0, k: 0.4 }, 800, 600, first)!;
		expect(wider.x1 - wider.x0).toBeGreaterThan(first.x1 - first.x0);
	});
});

describe('overlaps', () => {
	const rect = { x0: 0, y0: 0, x1: 100, y1: 100 };
	it('is true for a box that reaches into the rect and false for one beside it', () => {
		expect(overlaps(rect, 90, 90, 50, 50)).toBe(true);
		expect(overlaps(rect, 100, 0, 50, 50)).toBe(false);
		expect(overlaps(rect, -60, 10, 50, 50)).toBe(false);
	});
});

describe('viewForRect', () => {
	it('shows what another screen shows, whole and centred, on this one', () => {
		// A 1920 × 1080 screen at 100% from (100, 50); followed on a 960 × 720 screen.
		const theirs = visibleRect({ x: -100, y: -50, k: 1 }, 1920, 1080);
		const mine = viewForRect(theirs, 960, 720);
		expect(mine.k).toBeCloseTo(0.5);
		const shown = visibleRect(mine, 960, 720);
		expect(contains(grow(shown, 0.001), theirs)).toBe(true);
		expect((shown.x0 + shown.x1) / 2).toBeCloseTo((theirs.x0 + theirs.x1) / 2);
		expect((shown.y0 + shown.y1) / 2).toBeCloseTo((theirs.y0 + theirs.y1) / 2);
	});
});

describe('minimapCorner', () => {
	const size = minimapSize(1000, 1000);
	// A 1000 × 600 px canvas at zoom 1; the lane spans the map's width.
	const lane = { x0: 0, y0: 800, x1: 1000, y1: 950 };

	it('is as big as the map allows, at most 180 × 150 px', () => {
		expect(minimapSize(1000, 1000)).toEqual({ scale: 0.15, width: 150, height: 150 });
		expect(minimapSize(3000, 300).width).toBe(180);
	});

	it('stays at the bottom without a lane, or with the lane out of view', () => {
		expect(minimapCorner({ x: 0, y: 0, k: 1 }, 1000, 600, size, null)).toBe('bottom');
		expect(minimapCorner({ x: 0, y: 0, k: 1 }, 1000, 600, size, lane)).toBe('bottom');
	});

	it('moves to the top where at the bottom it would cover the lane panned into view', () => {
		// The lane's bottom 12 px above the canvas's bottom, as someone pans it into view.
		expect(minimapCorner({ x: 0, y: -362, k: 1 }, 1000, 600, size, lane)).toBe('top');
	});

	it('stays at the bottom when the lane fills both corners just as much', () => {
		// Zoomed in on the lane (4×): it fills the whole height.
		expect(minimapCorner({ x: 0, y: -3200, k: 4 }, 1000, 600, size, lane)).toBe('bottom');
	});
});
