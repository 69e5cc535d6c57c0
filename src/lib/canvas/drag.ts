import { drag } from 'd3-drag';
import { select } from 'd3-selection';

export type DragHandlers = {
	/** Top-left of the card while it is dragged, in canvas units. */
	onDrag: (x: number, y: number) => void;
	/** Dropped with its top-left at x, y. */
	onDrop: (x: number, y: number) => void;
};

/**
 * Drag a card to another cell or place (d3-drag, as an attachment on the
 * card's <g>). Coordinates are those of the zoomed parent group, so they are
 * canvas units at any zoom. A click that does not move stays a click.
 */
export function draggableCard(
	origin: () => { x: number; y: number },
	handlers: DragHandlers,
	enabled: boolean
) {
	return (node: SVGGElement) => {
		if (!enabled) return;
		let moved = false;
		const behavior = drag<SVGGElement, unknown>()
			.clickDistance(4)
			.subject(() => origin())
			.on('start', () => (moved = false))
			.on('drag', (event: { x: number; y: number }) => {
				moved = true;
				handlers.onDrag(event.x, event.y);
			})
			.on('end', (event: { x: number; y: number }) => {
				if (moved) handlers.onDrop(event.x, event.y);
			});
		const selection = select(node).call(behavior);
		return () => {
			selection.on('.drag', null);
		};
	};
}
