import * as Y from 'yjs';
import { toIssues, type Issue } from '$lib/model';
import type { EntityMap } from './doc-layout';
import type { Origin } from './origins';

/**
 * The one way to write a journey's documents. Every writer in `src/lib/sync`
 * (journey-doc, pain-points, tickets, figures, trainer-session, notes):
 *
 * 1. validates what it will write against the zod schema of `$lib/model`
 *    (`validate`), and checks that what it points at exists (`refuse`), and
 *    throws a `ValidationError` before touching the doc when something is wrong;
 * 2. then writes in ONE transaction with a typed origin (`write`), so undo
 *    (which tracks LOCAL_ORIGIN) and the server (which tells its own writes
 *    from a client's) know whose change it was.
 *
 * Yjs has no rollback, so "validate first, then write" is what keeps an
 * invalid value out of the doc: a refused write changes nothing.
 */

/**
 * A write refused because the value does not validate, with one issue per
 * problem and its dotted path (`demands.plan`, `principles`), as the REST API
 * reports a 400 (`{ error, issues: [{ path, message }] }`).
 */
export class ValidationError extends Error {
	constructor(readonly issues: Issue[]) {
		super(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '));
		this.name = 'ValidationError';
	}
}

type Schema<T> = {
	safeParse(
		value: unknown
	): { success: true; data: T } | { success: false; error: Parameters<typeof toIssues>[0] };
};

/**
 * `schema.parse(value)`, but a failure is a ValidationError whose paths start
 * with `at` (`at` 'demands' and issue 'plan' give 'demands.plan').
 */
export function validate<T>(schema: Schema<T>, value: unknown, at = ''): T {
	const result = schema.safeParse(value);
	if (result.success) return result.data;
	throw new ValidationError(
		toIssues(result.error).map((i) => ({ ...i, path: [at, i.path].filter(Boolean).join('.') }))
	);
}

/** Throws a ValidationError for one problem (an unknown reference, a duplicate id). */
export function refuse(path: string, message: string): never {
	throw new ValidationError([{ path, message }]);
}

/**
 * Runs `fn` in one transaction with `origin`. Leave `origin` out only inside a
 * transaction that already has one (`JourneyConnection.change`,
 * `Rooms.change` with a server origin): Yjs then folds this write into it.
 */
export function write<T>(doc: Y.Doc, origin: Origin | undefined, fn: () => T): T {
	let result!: T;
	doc.transact(() => {
		result = fn();
	}, origin ?? null);
	return result;
}

/**
 * A new Y.Map holding `entries`; undefined values are left out, and a key in
 * `nested` gets the shared type that function makes of its value (a step's
 * `emotions` as a Y.Map, a ticket's `replies` as a Y.Array).
 */
export function toYMap(
	entries: Record<string, unknown>,
	nested: Record<string, (value: unknown) => Y.Map<unknown> | Y.Array<unknown> | Y.XmlFragment> = {}
): EntityMap {
	const map = new Y.Map<unknown>();
	for (const [key, value] of Object.entries(entries)) {
		if (value === undefined) continue;
		map.set(key, nested[key] ? nested[key](value) : value);
	}
	return map;
}

/**
 * Sets the fields `keys` of an existing entry to their values in `next` (a
 * validated whole) where they differ from `current` (the entry as plain data),
 * and deletes those `next` leaves undefined. Only the fields that differ are
 * written, so two people changing different fields of one entry at once both
 * keep their change. Call inside `write`.
 */
export function setChangedFields(
	map: EntityMap,
	current: Record<string, unknown>,
	next: Record<string, unknown>,
	keys: readonly string[]
): void {
	for (const key of keys) {
		const value = next[key];
		if (value === undefined) {
			if (map.has(key)) map.delete(key);
		} else if (JSON.stringify(current[key]) !== JSON.stringify(value)) map.set(key, value);
	}
}
