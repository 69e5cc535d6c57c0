/**
 * Typed transaction origins. Undo managers track only local origins, and the
 * server tells its own writes (seeding, migration) from a client's.
 */
export const LOCAL_ORIGIN = Symbol('klantreis.local');
export const SEED_ORIGIN = Symbol('klantreis.seed');
export type LocalOrigin = typeof LOCAL_ORIGIN;
/** The server bringing a stored document up to this build's schemaVersion (doc-migrations.ts). */
export const MIGRATION_ORIGIN = Symbol('klantreis.migration');
/** The server writing on behalf of an API call (an import, a reply from a vakafdeling). */
export const SERVER_ORIGIN = Symbol('klantreis.server');
/** A vakafdeling's reply or status change through its afdelingslink (the server writes it). */
export const DEPARTMENT_ORIGIN = Symbol('klantreis.department');

/**
 * Who writes: every writer in src/lib/sync takes one of these (write.ts).
 * The server applies a client's update with the connection as origin; that is
 * not a write of ours and never goes through a writer.
 */
export type Origin =
	| LocalOrigin
	| typeof SEED_ORIGIN
	| typeof MIGRATION_ORIGIN
	| typeof SERVER_ORIGIN
	| typeof DEPARTMENT_ORIGIN;
