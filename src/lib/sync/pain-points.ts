import * as Y from 'yjs';
import { PainPoint } from '$lib/model';
import { layout } from './doc-layout';
import { dropPainPoints, toPlain } from './journey-doc';
import type { Origin } from './origins';
import { refuse, setChangedFields, toYMap, validate, write } from './write';

/**
 * Pijnpunten in the Y.Doc: create, update and delete, each in one transaction
 * with the caller's origin (undo follows it). Input is validated before
 * anything is written (a ValidationError with the paths, as the API reports
 * them), and a pain point must sit on a step that exists, so the doc only
 * ever gets entries that a snapshot keeps. `principles` and `evidence` are
 * plain arrays, as the contract says.
 */

function requireStep(doc: Y.Doc, stepId: string): void {
	if (!layout(doc).steps.has(stepId)) refuse('stepId', `Onbekende stap "${stepId}"`);
}

/** The fields a caller gives for a new pain point; the rest gets the schema's defaults. */
export type PainPointInput = Pick<PainPoint, 'id' | 'stepId' | 'principles' | 'severity'> &
	Partial<PainPoint>;

/** Adds a pain point; throws a ValidationError (with paths) and writes nothing when it is not valid. */
export function createPainPoint(doc: Y.Doc, input: PainPointInput, origin?: Origin): PainPoint {
	const painPoint = validate(PainPoint, input);
	requireStep(doc, painPoint.stepId);
	const map = layout(doc).painPoints;
	if (map.has(painPoint.id)) refuse('id', `Dubbel id "${painPoint.id}"`);
	write(doc, origin, () => map.set(painPoint.id, toYMap(painPoint)));
	return painPoint;
}

export type PainPointChanges = Partial<Omit<PainPoint, 'id'>>;

/**
 * Changes fields of a pain point. The merged result is validated first, and
 * only fields that differ are set, so two people changing different fields at
 * once both keep their change. Returns the result, or null when it is gone.
 */
export function updatePainPoint(
	doc: Y.Doc,
	id: string,
	changes: PainPointChanges,
	origin?: Origin
): PainPoint | null {
	const map = layout(doc).painPoints.get(id);
	if (!(map instanceof Y.Map)) return null;
	const current = toPlain(map) as Record<string, unknown>;
	const next = validate(PainPoint, { ...current, ...changes, id });
	if (next.stepId !== current.stepId) requireStep(doc, next.stepId);
	// A field the changes set to undefined is removed (an optional field emptied).
	const keys = [...new Set([...Object.keys(next), ...Object.keys(changes)])];
	write(doc, origin, () => setChangedFields(map, current, next, keys));
	return next;
}

/** Deletes a pain point and takes it out of every ticket that pointed at it. */
export function deletePainPoint(doc: Y.Doc, id: string, origin?: Origin): void {
	const l = layout(doc);
	if (!l.painPoints.has(id)) return;
	write(doc, origin, () => {
		l.painPoints.delete(id);
		dropPainPoints(doc, new Set([id]));
	});
}
