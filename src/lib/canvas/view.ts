/**
 * What part of the map is in view, and how much of it to draw in detail.
 * Pure geometry in canvas units (px at zoom 1); the zoom attachment and the
 * canvas component use it, and the server uses it to draw the first view.
 */

/** A pan and zoom: screen = canvas × k + (x, y), as d3-zoom's transform. */
export type View = { x: number; y: number; k: number };
export type Rect = { x0: number; y0: number; x1: number; y1: number };

export const MIN_SCALE = 0.15;
export const MAX_SCALE = 3;
/**
 * Below this zoom a card's text is 4 px or less on screen: unreadable, and
 * laying out that text is most of the cost of a large map (a 300-step map
 * has about 1,600 text elements; Chromium takes some 350 ms to lay them out).
 * Further out the cards are drawn as shapes with lines where the text goes.
 */
export const DETAIL_SCALE = 0.3;

/** The largest zoom "Passend maken" goes to: a small map fills a projector, not more. */
export const MAX_FIT_SCALE = 1.6;

/**
 * The view that fills a viewport of `viewWidth` × `viewHeight` px with a map
 * of `width` × `height` canvas units, centred across, 16 px from the top.
 *
 * `fitHeight` (default `height`) is the part of the map, from its top, that
 * must fit in the height: the canvas passes the grid of fases and kanalen, so
 * the cards fill the screen (readable on a projector) and the emotion and
 * doenvermogen lanes below are a pan away rather than shrinking every card.
 * The zoom stays within MIN_SCALE and MAX_FIT_SCALE.
 */
export function fitView(
	width: number,
	height: number,
	viewWidth: number,
	viewHeight: number,
	fitHeight = height
): View {
	const k = Math.max(
		MIN_SCALE,
		Math.min(MAX_FIT_SCALE, (viewWidth - 32) / width, (viewHeight - 32) / Math.min(height, fitHeight))
	);
	return { x: (viewWidth - width * k) / 2, y: 16, k };
}

/**
 * The view that shows `rect` (canvas units, e.g. what someone else sees:
 * their visibleRect) whole and centred in a viewport of `viewWidth` ×
 * `viewHeight` px, within MIN_SCALE and MAX_SCALE: so following a person
 * on another screen size shows the same part of the map.
 */
export function viewForRect(rect: Rect, viewWidth: number, viewHeight: number): View {
	const w = Math.max(1, rect.x1 - rect.x0);
	const h = Math.max(1, rect.y1 - rect.y0);
	const k = Math.max(MIN_SCALE, Math.min(MAX_SCALE, viewWidth / w, viewHeight / h));
	return {
		x: viewWidth / 2 - ((rect.x0 + rect.x1) / 2) * k,
		y: viewHeight / 2 - ((rect.y0 + rect.y1) / 2) * k,
		k
	};
}

/** Two views the same within half a pixel and a thousandth of zoom (no visible difference). */
export function sameView(a: View, b: View): boolean {
	return Math.abs(a.x - b.x) < 0.5 && Math.abs(a.y - b.y) < 0.5 && Math.abs(a.k - b.k) < 0.001;
}

/** The part of the map a viewport of `width` × `height` shows. */
export function visibleRect(view: View, width: number, height: number): Rect {
	return {
		x0: -view.x / view.k,
		y0: -view.y / view.k,
		x1: (width - view.x) / view.k,
		y1: (height - view.y) / view.k
	};
}

/** A rect grown by `share` of its width and height on every side. */
export function grow(rect: Rect, share: number): Rect {
	const dx = (rect.x1 - rect.x0) * share;
	const dy = (rect.y1 - rect.y0) * share;
	return { x0: rect.x0 - dx, y0: rect.y0 - dy, x1: rect.x1 + dx, y1: rect.y1 + dy };
}

export function contains(outer: Rect, inner: Rect): boolean {
	return inner.x0 >= outer.x0 && inner.y0 >= outer.y0 && inner.x1 <= outer.x1 && inner.y1 <= outer.y1;
}

export function overlaps(rect: Rect, x: number, y: number, width: number, height: number): boolean {
	return x < rect.x1 && x + width > rect.x0 && y < rect.y1 && y + height > rect.y0;
}

/**
 * The region whose text is drawn: null when zoomed out below DETAIL_SCALE,
 * otherwise the view with half a view of margin on each side, so a pan can
 * go half a screen before any text has to be added. `current` is kept while
 * it still covers the view (and is not more than twice the size it would be
 * now), so most pan and zoom frames change nothing on the page.
 */
export function detailRegion(view: View, width: number, height: number, current: Rect | null): Rect | null {
	if (view.k < DETAIL_SCALE) return null;
	const visible = visibleRect(view, width, height);
	const next = grow(visible, 0.5);
	// Zooming in shrinks the view inside the region: keep it only while it is not far too big.
	if (current && contains(current, visible) && area(current) <= 2 * area(next)) return current;
	return next;
}

function area(rect: Rect): number {
	return (rect.x1 - rect.x0) * (rect.y1 - rect.y0);
}

/** The minimap's largest size (px), so a tall map's overview does not cover the map itself. */
export const MINIMAP_MAX = { width: 180, height: 150 };
/** The minimap's distance from the canvas's edges (px). */
export const MINIMAP_MARGIN = 12;

/** The minimap's scale and size (px) for a map of `width` × `height` canvas units. */
export function minimapSize(width: number, height: number) {
	const scale = Math.min(MINIMAP_MAX.width / Math.max(width, 1), MINIMAP_MAX.height / Math.max(height, 1));
	return { scale, width: Math.max(40, width * scale), height: Math.max(40, height * scale) };
}

/**
 * Which corner of the canvas (both on the right) the minimap sits in: the bottom,
 * unless it would cover more of `keepClear` there than at the top. `keepClear`
 * is a part of the map in canvas units (the contact lane, whose last bars lie
 * right under a bottom minimap once the lane is panned up into view).
 */
export function minimapCorner(
	view: View,
	viewWidth: number,
	viewHeight: number,
	size: { width: number; height: number },
	keepClear: Rect | null
): 'bottom' | 'top' {
	if (!keepClear) return 'bottom';
	const screen = {
		x0: keepClear.x0 * view.k + view.x,
		y0: keepClear.y0 * view.k + view.y,
		x1: keepClear.x1 * view.k + view.x,
		y1: keepClear.y1 * view.k + view.y
	};
	const x = viewWidth - MINIMAP_MARGIN - size.width;
	const covered = (y: number) => {
		const w = Math.min(screen.x1, x + size.width) - Math.max(screen.x0, x);
		const h = Math.min(screen.y1, y + size.height) - Math.max(screen.y0, y);
		return w > 0 && h > 0 ? w * h : 0;
	};
	return covered(MINIMAP_MARGIN) < covered(viewHeight - MINIMAP_MARGIN - size.height) ? 'top' : 'bottom';
}
