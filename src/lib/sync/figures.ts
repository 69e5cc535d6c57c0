import type * as Y from 'yjs';
import { KEYS, layout } from './doc-layout';

/**
 * Contact figures live in the database (counts per onderwerp, kanaal and
 * month), not in the Y.Doc. An import stamps the doc's meta, so every open
 * page learns at once that it should fetch them again.
 */
export function markFiguresChanged(doc: Y.Doc, at: number, origin?: unknown): void {
	doc.transact(() => layout(doc).meta.set(KEYS.figuresChangedAt, at), origin);
}

/** When the figures last changed (ms since the epoch), or 0 when there are none. */
export function figuresChangedAt(doc: Y.Doc): number {
	const at = layout(doc).meta.get(KEYS.figuresChangedAt);
	return typeof at === 'number' && Number.isFinite(at) ? at : 0;
}
