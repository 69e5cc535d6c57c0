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
