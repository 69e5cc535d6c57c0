import { z } from 'zod';
import type * as Y from 'yjs';
import { Step } from '$lib/model';
import { ENTRY_KEYS, META_KEYS, layout } from './doc-layout';
import { toPlain, updateStage } from './journey-doc';
import type { Origin } from './origins';
import { validate, write } from './write';

/** A moment in ms since the epoch. */
const Stamp = z.number().int().nonnegative();

/**
 * Contact figures live in the database (counts per onderwerp, kanaal and
 * month), not in the Y.Doc. An import stamps the doc's meta, so every open
 * page learns at once that it should fetch them again. Throws a
 * ValidationError for a stamp that is not a whole, non-negative number.
 */
export function markFiguresChanged(doc: Y.Doc, at: number, origin?: Origin): void {
	const stamp = validate(Stamp, at, META_KEYS.figuresChangedAt);
	write(doc, origin, () => layout(doc).meta.set(META_KEYS.figuresChangedAt, stamp));
}

/** When the figures last changed (ms since the epoch), or 0 when there are none. */
export function figuresChangedAt(doc: Y.Doc): number {
	const at = layout(doc).meta.get(META_KEYS.figuresChangedAt);
	return typeof at === 'number' && Number.isFinite(at) ? at : 0;
}

/**
 * The team's answer to "klik, bel, kom" for a fase (stage fields
 * `humanAlternative`, `humanAlternativeNote`): true or false overrides what the
 * map's kanalen say, null gives the fase back to the map. Validated against the
 * Stage schema before it is written; throws a ValidationError for a note that is too long.
 */
export function setHumanAlternative(
	doc: Y.Doc,
	stageId: string,
	answer: { humanAlternative: boolean | null; note?: string },
	origin?: Origin
): void {
	const cleared = answer.humanAlternative === null;
	updateStage(
		doc,
		stageId,
		{
			humanAlternative: cleared ? undefined : answer.humanAlternative,
			humanAlternativeNote: cleared || !answer.note ? undefined : answer.note
		},
		origin
	);
}

/** An onderwerp compared trimmed, with single spaces and case-insensitively. */
const topicKey = (t: string) => t.trim().replace(/\s+/g, ' ').toLowerCase();

/** Sets a step's onderwerpen, validated against the Step schema first (path `topics`). */
function setTopics(doc: Y.Doc, step: Y.Map<unknown>, topics: string[], origin?: Origin): void {
	const valid = validate(Step.shape.topics, topics, 'topics');
	write(doc, origin, () => step.set(ENTRY_KEYS.topics, valid));
}

function topicsOf(step: Y.Map<unknown>): string[] {
	const topics = toPlain(step.get(ENTRY_KEYS.topics));
	return Array.isArray(topics) ? topics.map(String) : [];
}

/**
 * Lets a step cover one more onderwerp (`topics`), so its imported contacts
 * count there; an onderwerp it already covers (trimmed, case-insensitive) is
 * left alone. Throws a ValidationError past 50 or for a text too long.
 */
export function addTopic(doc: Y.Doc, stepId: string, topic: string, origin?: Origin): void {
	const step = layout(doc).steps.get(stepId);
	if (!step) return;
	const current = topicsOf(step);
	if (current.some((t) => topicKey(t) === topicKey(topic))) return;
	setTopics(doc, step, [...current, topic.trim()], origin);
}

/**
 * Lets a step stop covering an onderwerp (compared trimmed and
 * case-insensitively); its contacts no longer count there. An onderwerp the
 * step does not cover is left alone.
 */
export function removeTopic(doc: Y.Doc, stepId: string, topic: string, origin?: Origin): void {
	const step = layout(doc).steps.get(stepId);
	if (!step) return;
	const current = topicsOf(step);
	const rest = current.filter((t) => topicKey(t) !== topicKey(topic));
	if (rest.length < current.length) setTopics(doc, step, rest, origin);
}
