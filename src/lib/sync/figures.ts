import type * as Y from 'yjs';
import { Stage, Step } from '$lib/model';
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

/**
 * The team's answer to "klik, bel, kom" for a fase (stage fields
 * `humanAlternative`, `humanAlternativeNote`): true or false overrides what the
 * map's kanalen say, null gives the fase back to the map. Validated against the
 * Stage schema before it is written; throws a ZodError for a note that is too long.
 */
export function setHumanAlternative(
	doc: Y.Doc,
	stageId: string,
	answer: { humanAlternative: boolean | null; note?: string },
	origin?: unknown
): void {
	const fields = Stage.pick({ humanAlternative: true, humanAlternativeNote: true }).parse({
		humanAlternative: answer.humanAlternative,
		humanAlternativeNote: answer.note
	});
	const stage = layout(doc)
		.stages.toArray()
		.find((m) => m.get('id') === stageId);
	if (!stage) return;
	doc.transact(() => {
		if (fields.humanAlternative === null || fields.humanAlternative === undefined) {
			stage.delete('humanAlternative');
			stage.delete('humanAlternativeNote');
			return;
		}
		stage.set('humanAlternative', fields.humanAlternative);
		if (fields.humanAlternativeNote) stage.set('humanAlternativeNote', fields.humanAlternativeNote);
		else stage.delete('humanAlternativeNote');
	}, origin);
}

/**
 * Lets a step cover one more onderwerp (`topics`), so its imported contacts
 * count there; an onderwerp it already covers (trimmed, case-insensitive) is
 * left alone. Validated against the Step schema; throws a ZodError past 50.
 */
export function addTopic(doc: Y.Doc, stepId: string, topic: string, origin?: unknown): void {
	const step = layout(doc).steps.get(stepId);
	if (!step) return;
	const current = Array.isArray(step.get('topics')) ? (step.get('topics') as unknown[]).map(String) : [];
	const key = (t: string) => t.trim().replace(/\s+/g, ' ').toLowerCase();
	if (current.some((t) => key(t) === key(topic))) return;
	const topics = Step.shape.topics.parse([...current, topic.trim()]);
	doc.transact(() => step.set('topics', topics), origin);
}

/**
 * Lets a step stop covering an onderwerp (compared trimmed and
 * case-insensitively); its contacts no longer count there. An onderwerp the
 * step does not cover is left alone. The remaining list is validated against
 * the Step schema before it is written.
 */
export function removeTopic(doc: Y.Doc, stepId: string, topic: string, origin?: unknown): void {
	const step = layout(doc).steps.get(stepId);
	if (!step) return;
	const current = Array.isArray(step.get('topics')) ? (step.get('topics') as unknown[]).map(String) : [];
	const key = (t: string) => t.trim().replace(/\s+/g, ' ').toLowerCase();
	const rest = current.filter((t) => key(t) !== key(topic));
	if (rest.length === current.length) return;
	const topics = Step.shape.topics.parse(rest);
	doc.transact(() => step.set('topics', topics), origin);
}
