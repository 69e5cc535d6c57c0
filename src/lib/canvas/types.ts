/** Shapes the map shares with the page that holds it. */

/** Another person on the map, as the canvas draws them (from awareness). */
export type PeerView = {
	clientId: number;
	name: string;
	color: string;
	/** Their pointer in canvas units, or null when it is off the map. */
	pointer?: { x: number; y: number } | null;
	/** The step they have open, if any. */
	editing?: string | null;
};

/**
 * What a card does with input, passed from the canvas through the cards layer
 * to each card: ids are step ids, x and y the card's top left in canvas units.
 */
export type CardHandlers = {
	/** Whether the person may move or remove cards (not a viewer). */
	canWrite: boolean;
	onselect: (id: string) => void;
	onkey: (event: KeyboardEvent, id: string) => void;
	ondragmove: (id: string, x: number, y: number) => void;
	ondrop: (id: string, x: number, y: number) => void;
};
