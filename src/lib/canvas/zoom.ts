import { select } from 'd3-selection';
import { zoom, zoomIdentity, type ZoomTransform } from 'd3-zoom';

export type ZoomController = {
	zoomBy: (factor: number) => void;
	/** Fits a box of canvas units into the view. */
	fit: (width: number, height: number) => void;
	/** Centres the view on a canvas point, keeping the scale. */
	centerOn: (x: number, y: number) => void;
};

export const MIN_SCALE = 0.15;
export const MAX_SCALE = 3;

/**
 * Pan and zoom of the map (wheel, drag, pinch) by d3-zoom, as a Svelte
 * attachment on the <svg>. Dragging that starts on a card is left to the
 * card (it moves the card), and double-click is ours (it adds a step).
 */
export function zoomable(onZoom: (t: ZoomTransform) => void, ready: (c: ZoomController) => void) {
	return (svg: SVGSVGElement) => {
		const behavior = zoom<SVGSVGElement, unknown>()
			.scaleExtent([MIN_SCALE, MAX_SCALE])
			.filter((event: Event) => {
				if (event.type === 'wheel') return true;
				const target = event.target as Element | null;
				const pointer = event as MouseEvent;
				return !pointer.button && !pointer.ctrlKey && !target?.closest('[data-card]');
			})
			.on('zoom', (event: { transform: ZoomTransform }) => onZoom(event.transform));
		const selection = select(svg).call(behavior).on('dblclick.zoom', null);
		const size = () => ({ w: svg.clientWidth || 800, h: svg.clientHeight || 600 });
		ready({
			zoomBy: (factor) => behavior.scaleBy(selection, factor),
			fit: (width, height) => {
				const { w, h } = size();
				const k = Math.max(MIN_SCALE, Math.min(1, (w - 32) / width, (h - 32) / height));
				behavior.transform(selection, zoomIdentity.translate((w - width * k) / 2, 16).scale(k));
			},
			centerOn: (x, y) => {
				const { w, h } = size();
				behavior.translateTo(selection, x, y, [w / 2, h / 2]);
			}
		});
		return () => {
			selection.on('.zoom', null);
		};
	};
}
