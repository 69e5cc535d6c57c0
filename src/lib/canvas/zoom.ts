import { select } from 'd3-selection';
import { zoom, zoomIdentity, type ZoomTransform } from 'd3-zoom';
import { fitView, MAX_SCALE, MIN_SCALE, sameView, type Rect, type View } from './view';

/**
 * The map's view, for the page and for the canvas itself. A view is
 * `{ x, y, k }`: screen px = canvas units × k + (x, y), as d3-zoom's
 * transform (k is the zoom, 1 = 100%).
 */
export type ZoomController = {
	zoomBy: (factor: number) => void;
	/**
	 * Fills the viewport with a box of canvas units (`fitHeight`: the part from
	 * the top that must fit in the height; see fitView).
	 */
	fit: (width: number, height: number, fitHeight?: number) => void;
	/** Centres the view on a canvas point, keeping the scale. */
	centerOn: (x: number, y: number, options?: { animate?: boolean }) => void;
	/** The current view. */
	getView: () => View;
	/**
	 * Shows `view` (e.g. another person's, to follow them); `animate` glides
	 * there in about 300 ms, unless the user asked for reduced motion.
	 */
	setView: (view: View, options?: { animate?: boolean }) => void;
};

/**
 * The map's view as the page sees it (JourneyCanvas's `bind:controller`):
 * every call but fit() keeps the view where it is put (no refit on resize)
 * until the next fit().
 */
export type CanvasController = {
	/** "Passend maken": the map fills the canvas; it is redone on resize until the view moves. */
	fit: () => void;
	getView: () => View;
	/** Shows `view` (e.g. the facilitator's, to follow them). */
	setView: (view: View, options?: { animate?: boolean }) => void;
	/** The part of the map in view, in canvas units (send it to followers: screens differ). */
	getViewRect: () => Rect;
	/** Shows a part of the map (someone's getViewRect) whole and centred, at this screen's size. */
	showViewRect: (rect: Rect, options?: { animate?: boolean }) => void;
	/** Centres a step and keeps it centred when the canvas changes size (the walk). */
	showStep: (id: string, options?: { animate?: boolean }) => void;
	zoomBy: (factor: number) => void;
	centerOn: (x: number, y: number, options?: { animate?: boolean }) => void;
};

export type ZoomHandlers = {
	/**
	 * Every change of the view, up to one per frame during a gesture. `byUser`
	 * is true for a wheel, drag or pinch, false for a change made in code.
	 */
	onZoom: (t: ZoomTransform, byUser: boolean) => void;
	/** A gesture (drag, wheel, pinch, or a jump by a button) starts or ends. */
	onGesture: (active: boolean) => void;
	ready: (c: ZoomController) => void;
};

const GLIDE_MS = 300;

/**
 * Pan and zoom of the map (wheel, drag, pinch) by d3-zoom, as a Svelte
 * attachment on the element that holds the map. Dragging that starts on a
 * card is left to the card (it moves the card), and double-click is ours (it
 * adds a step). `initial` is the view the server drew, so the first gesture
 * continues from what is on screen.
 */
export function zoomable(handlers: ZoomHandlers, initial: () => View) {
	return (element: HTMLElement) => {
		const behavior = zoom<HTMLElement, unknown>()
			.scaleExtent([MIN_SCALE, MAX_SCALE])
			.filter((event: Event) => {
				if (event.type === 'wheel') return true;
				const target = event.target as Element | null;
				const pointer = event as MouseEvent;
				return !pointer.button && !pointer.ctrlKey && !target?.closest('[data-card]');
			})
			.on('start', () => handlers.onGesture(true))
			.on('zoom', (event: { transform: ZoomTransform; sourceEvent: Event | null }) =>
				handlers.onZoom(event.transform, !!event.sourceEvent)
			)
			.on('end', () => handlers.onGesture(false));
		const selection = select(element).call(behavior).on('dblclick.zoom', null);
		// Without events: the view is already on screen, drawn by the component.
		const { x, y, k } = initial();
		selection.property('__zoom', zoomIdentity.translate(x, y).scale(k));
		const size = () => ({ w: element.clientWidth || 800, h: element.clientHeight || 600 });

		let glide = 0;
		const current = (): View => {
			const t = selection.property('__zoom') as ZoomTransform;
			return { x: t.x, y: t.y, k: t.k };
		};
		const jump = (v: View) => behavior.transform(selection, zoomIdentity.translate(v.x, v.y).scale(v.k));
		/** To `to`, at once or gliding (eased, interpolated in screen space; fine for short hops). */
		const go = (to: View, animate = false) => {
			cancelAnimationFrame(glide);
			const reduce = globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
			if (!animate || reduce) return jump(to);
			const from = current();
			const start = performance.now();
			const frame = (now: number) => {
				const t = Math.min(1, (now - start) / GLIDE_MS);
				const e = t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
				jump({
					x: from.x + (to.x - from.x) * e,
					y: from.y + (to.y - from.y) * e,
					k: from.k + (to.k - from.k) * e
				});
				if (t < 1) glide = requestAnimationFrame(frame);
			};
			glide = requestAnimationFrame(frame);
		};

		handlers.ready({
			zoomBy: (factor) => behavior.scaleBy(selection, factor),
			fit: (width, height, fitHeight) => {
				const { w, h } = size();
				const view = fitView(width, height, w, h, fitHeight);
				// Already there: no zoom event, so a refit after every edit costs nothing.
				if (!sameView(view, current())) go(view);
			},
			centerOn: (cx, cy, options) => {
				const { w, h } = size();
				const { k } = current();
				go({ x: w / 2 - cx * k, y: h / 2 - cy * k, k }, options?.animate);
			},
			getView: current,
			setView: (view, options) => {
				const k = Math.max(MIN_SCALE, Math.min(MAX_SCALE, view.k));
				go({ x: view.x, y: view.y, k }, options?.animate);
			}
		});
		return () => {
			cancelAnimationFrame(glide);
			selection.on('.zoom', null);
		};
	};
}
