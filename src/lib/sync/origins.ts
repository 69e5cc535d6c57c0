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
