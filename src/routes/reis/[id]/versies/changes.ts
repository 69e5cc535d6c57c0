/**
 * Marker colours for what changed (on the cards of a version or a gewenste
 * reis), with at least 3:1 contrast on white (WCAG 1.4.11); the marker's
 * label says the same in words.
 */
export const CHANGE_COLORS = {
	added: '#1e6b30',
	moved: '#8a3ffc',
	changed: '#b8470b'
} as const;
