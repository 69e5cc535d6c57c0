import * as Y from 'yjs';
import { PainPoint, type Issue } from '$lib/model';
import { layout, type EntityMap } from './doc-layout';
import { toPlain } from './journey-doc';

/**
 * Pijnpunten in the Y.Doc: create, update and delete, each in one transaction
 * with the caller's origin (undo follows it). Input is validated before
 * anything is written, and a pain point must sit on a step that exists, so
 * the doc only ever gets entries that a snapshot keeps. `principles` and
 * `evidence` are plain arrays, as the contract says.
 */

/** Refused input, with the path of each problem (as the API reports them). */
export class PainPointError extends Error {
	constructor(readonly issues: Issue[]) {
		super(issues.map((i) => `${i.path}: ${i.message}`).join('; '));
		this.name = 'PainPointError';
	}
}

function parse(input: unknown): PainPoint {
	const result = PainPoint.safeParse(input);
	if (!result.success) {
		throw new PainPointError(
			result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
		);
	}
	return result.data;
}

function requireStep(doc: Y.Doc, stepId: string): void {
	if (!layout(doc).steps.has(stepId)) {
		throw new PainPointError([{ path: 'stepId', message: `Onbekende stap "${stepId}"` }]);
	}
}

function toYMap(p: PainPoint): EntityMap {
	const map = new Y.Map<unknown>();
	for (const [key, value] of Object.entries(p)) if (value !== undefined) map.set(key, value);
	return map;
}

/** The fields a caller gives for a new pain point; the rest gets the schema's defaults. */
export type PainPointInput = Pick<PainPoint, 'id' | 'stepId' | 'principles' | 'severity'> &
	Partial<PainPoint>;

/** Adds a pain point; throws PainPointError (with paths) and writes nothing when it is not valid. */
export function createPainPoint(doc: Y.Doc, input: PainPointInput, origin?: unknown): PainPoint {
	const painPoint = parse(input);
	requireStep(doc, painPoint.stepId);
	const map = layout(doc).painPoints;
	if (map.has(painPoint.id))
		throw new PainPointError([{ path: 'id', message: `Dubbel id "${painPoint.id}"` }]);
	doc.transact(() => map.set(painPoint.id, toYMap(painPoint)), origin);
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
	origin?: unknown
): PainPoint | null {
	const map = layout(doc).painPoints.get(id);
	if (!(map instanceof Y.Map)) return null;
	const current = toPlain(map) as Record<string, unknown>;
	const next = parse({ ...current, ...changes, id });
	if (next.stepId !== current.stepId) requireStep(doc, next.stepId);
	doc.transact(() => {
		for (const [key, value] of Object.entries(next)) {
			if (value === undefined) continue;
			if (JSON.stringify(current[key]) !== JSON.stringify(value)) map.set(key, value);
		}
		for (const key of Object.keys(changes)) {
			if ((changes as Record<string, unknown>)[key] === undefined && map.has(key)) map.delete(key);
		}
	}, origin);
	return next;
}

/** Deletes a pain point and takes it out of every ticket that pointed at it. */
export function deletePainPoint(doc: Y.Doc, id: string, origin?: unknown): void {
	const l = layout(doc);
	if (!l.painPoints.has(id)) return;
	doc.transact(() => {
		l.painPoints.delete(id);
		// A ticket keeping the id would only have it reported and filtered on every read.
		for (const ticket of l.tickets.values()) {
			const ids = ticket.get('painPointIds');
			if (Array.isArray(ids) && ids.includes(id)) {
				ticket.set(
					'painPointIds',
					ids.filter((pid) => pid !== id)
				);
			}
		}
	}, origin);
}
