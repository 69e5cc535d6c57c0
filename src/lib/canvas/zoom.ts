import { select } from 'd3-selection';
import { zoom, zoomIdentity, type ZoomTransform } from 'd3-zoom';
import { fitView, MAX_SCALE, MIN_SCALE, type Rect, type View } from './view';

export type ZoomController = {
	zoomBy: (factor: number) => void;
	/** Fits a box of canvas units into the view. */
	fit: (width: number, height: number) => void;
	/** Centres the view on a canvas point, keeping the scale. */
	centerOn: (x: number, y: number) => void;
	/**
	 * Shows a rectangle of canvas units (another person's view, for following),
	 * as large as fits, centred; not counted as the user's own pan or zoom.
	 */
	show: (rect: Rect) => void;
};

export type ZoomHandlers = {
	/**
	 * Every change of the view, up to one per frame during a gesture; `byUser` is true when
	 * the person's own wheel, drag, pinch or key moved it (d3's sourceEvent), false for a
	 * jump by code (fit, centre, follow).
	 */
	onZoom: (t: ZoomTransform, byUser: boolean) => void;
	/** A gesture (drag, wheel, pinch, or a jump by a button) starts or ends. */
	onGesture: (active: boolean) => void;
	ready: (c: ZoomController) => void;
};

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
			.on('zoom', (event: { transform: ZoomTransform; sourceEvent: unknown }) =>
				handlers.onZoom(event.transform, !!event.sourceEvent)
			)
			.on('end', () => handlers.onGesture(false));
		const selection = select(element).call(behavior).on('dblclick.zoom', null);
		// Without events: the view is already on screen, drawn by the component.
		const { x, y, k } = initial();
		selection.property('__zoom', zoomIdentity.translate(x, y).scale(k));
		const size = () => ({ w: element.clientWidth || 800, h: element.clientHeight || 600 });
		handlers.ready({
			zoomBy: (factor) => behavior.scaleBy(selection, factor),
			fit: (width, height) => {
				const { w, h } = size();
				const view = fitView(width, height, w, h);
				behavior.transform(selection, zoomIdentity.translate(view.x, view.y).scale(view.k));
			},
			centerOn: (x, y) => {
				const { w, h } = size();
				behavior.translateTo(selection, x, y, [w / 2, h / 2]);
			},
			show: (rect) => {
				const { w, h } = size();
				const rw = Math.max(1, rect.x1 - rect.x0);
				const rh = Math.max(1, rect.y1 - rect.y0);
				const k = Math.max(MIN_SCALE, Math.min(MAX_SCALE, w / rw, h / rh));
				const x = w / 2 - ((rect.x0 + rect.x1) / 2) * k;
				const y = h / 2 - ((rect.y0 + rect.y1) / 2) * k;
				behavior.transform(selection, zoomIdentity.translate(x, y).scale(k));
			}
		});
		return () => {
			selection.on('.zoom', null);
		};
	};
}
