import * as Y from 'yjs';
import { CURRENT_SCHEMA_VERSION } from '$lib/model';
import { META_KEYS, layout } from './doc-layout';
import type { Origin } from './origins';
import { write } from './write';

/**
 * Ordered migrations for stored documents (a journey's Y.Doc), as tldraw has
 * per record type: JSON files and request bodies go through `migrate` in
 * `$lib/model/migrations`, a live document through these, when its room loads
 * on the server. A migration changes the doc in place and must be safe to run
 * on a doc that another instance migrated at the same moment (Yjs merges both
 * writes): prefer "set when missing" over "append".
 */
export type DocMigration = {
	/** The version the doc has before; the migration leaves it at `from + 1`. */
	from: number;
	/** Says what changes, for the log line of the instance that runs it. */
	name: string;
	migrate: (doc: Y.Doc) => void;
};

/**
 * The stored-document migrations of this build, in order. Empty while the
 * stored layout is that of version 1; a layout change is one entry here plus
 * a fixture of the old version in `tests/fixtures/docs/` (the migration test
 * loads one doc of every earlier version).
 */
export const DOC_MIGRATIONS: readonly DocMigration[] = [];

/**
 * The version a stored doc says it has (`meta.schemaVersion`). A doc without
 * one (written by another program before any meta) counts as version 1, the
 * first layout of the contract.
 */
export function docVersion(doc: Y.Doc): number {
	const v = layout(doc).meta.get(META_KEYS.schemaVersion);
	return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : 1;
}

/** What `migrateDoc` did: the versions before and after, and the migrations it ran. */
export type DocMigrationResult = { from: number; to: number; applied: string[] };

/**
 * Brings a loaded doc up to `target` (CURRENT_SCHEMA_VERSION) as ONE update
 * applied with `origin`, so a room stores and broadcasts the migration like an
 * edit. The steps run on a scratch copy first: a migration that throws leaves
 * the doc exactly as it was (Yjs has no rollback) and the error reaches the
 * caller, naming the version. A doc already at the target is not touched (no
 * update at all). A doc newer than this build (after a rollback) is left as it
 * is, with `to === from`.
 */
export function migrateDoc(
	doc: Y.Doc,
	origin: Origin,
	migrations: readonly DocMigration[] = DOC_MIGRATIONS,
	target: number = CURRENT_SCHEMA_VERSION
): DocMigrationResult {
	const from = docVersion(doc);
	const applied: string[] = [];
	if (from >= target) return { from, to: from, applied };
	const scratch = new Y.Doc();
	Y.applyUpdate(scratch, Y.encodeStateAsUpdate(doc));
	write(scratch, origin, () => {
		for (let version = from; version < target; version++) {
			const step = migrations.find((m) => m.from === version);
			if (!step) throw new Error(`geen migratie van documentversie ${version} naar ${version + 1}`);
			step.migrate(scratch);
			applied.push(step.name);
		}
		layout(scratch).meta.set(META_KEYS.schemaVersion, target);
	});
	Y.applyUpdate(doc, Y.encodeStateAsUpdate(scratch, Y.encodeStateVector(doc)), origin);
	scratch.destroy();
	return { from, to: target, applied };
}
