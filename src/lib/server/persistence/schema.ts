/**
 * The database's own schema, one list of migrations for both stores: the
 * embedded SQLite file and PostgreSQL differ only in their column types, so
 * each store asks for the list in its dialect. Applied in order, each once
 * (SQLite records the count in `user_version`, PostgreSQL in
 * `schema_migrations`). Append new ones; never edit one that has shipped:
 * the SQL each dialect gets must stay exactly what it was.
 */

/** Column types of one database. */
export type Dialect = {
	/** A 64-bit integer (milliseconds, counts, Yjs client ids). */
	int: string;
	/** Bytes (an encoded Yjs document or update). */
	bytes: string;
	/** An auto-incrementing primary key (the order updates were stored in). */
	serial: string;
};

export const SQLITE: Dialect = { int: 'INTEGER', bytes: 'BLOB', serial: 'INTEGER PRIMARY KEY AUTOINCREMENT' };
export const POSTGRES: Dialect = { int: 'BIGINT', bytes: 'BYTEA', serial: 'BIGSERIAL PRIMARY KEY' };

/**
 * The tables of one kind of Yjs document (`doc`: the journey's, `session`: the
 * trainer session's): the last snapshot per journey and the updates stored
 * since, in order. The text is the one the shipped migrations had, to the space.
 */
function yDocTables(t: Dialect, kind: 'doc' | 'session'): string {
	return `CREATE TABLE ${kind}_snapshots (
		journey_id TEXT PRIMARY KEY REFERENCES journeys(id) ON DELETE CASCADE,
		state ${t.bytes} NOT NULL,
		updated_at ${t.int} NOT NULL
	);
	CREATE TABLE ${kind}_updates (
		seq ${t.serial},
		journey_id TEXT NOT NULL REFERENCES journeys(id) ON DELETE CASCADE,
		data ${t.bytes} NOT NULL
	);
	CREATE INDEX ${kind}_updates_journey ON ${kind}_updates (journey_id, seq);`;
}

/** The migrations in `t`'s column types; index + 1 is the schema version. */
export function migrations(t: Dialect): readonly string[] {
	return [
		`CREATE TABLE journeys (
		id TEXT PRIMARY KEY,
		title TEXT NOT NULL,
		created_at ${t.int} NOT NULL
	);
	CREATE TABLE journey_tokens (
		journey_id TEXT NOT NULL REFERENCES journeys(id) ON DELETE CASCADE,
		role TEXT NOT NULL,
		token_hash TEXT NOT NULL,
		PRIMARY KEY (journey_id, role)
	);
	${yDocTables(t, 'doc')}
	CREATE TABLE personas (
		id TEXT PRIMARY KEY,
		data TEXT NOT NULL,
		updated_at ${t.int} NOT NULL
	);
	CREATE TABLE templates (
		id TEXT PRIMARY KEY,
		data TEXT NOT NULL
	);
	CREATE TABLE settings (
		key TEXT PRIMARY KEY,
		value TEXT NOT NULL
	);`,
		`CREATE TABLE contact_figures (
		journey_id TEXT NOT NULL REFERENCES journeys(id) ON DELETE CASCADE,
		month TEXT NOT NULL,
		topic_key TEXT NOT NULL,
		channel_key TEXT NOT NULL,
		topic TEXT NOT NULL,
		channel TEXT NOT NULL,
		contacts ${t.int} NOT NULL,
		ftr_known ${t.int} NOT NULL,
		ftr ${t.int} NOT NULL,
		fwd_known ${t.int} NOT NULL,
		fwd ${t.int} NOT NULL,
		cb_known ${t.int} NOT NULL,
		cb ${t.int} NOT NULL,
		cbf_known ${t.int} NOT NULL,
		cbf ${t.int} NOT NULL,
		PRIMARY KEY (journey_id, month, topic_key, channel_key)
	);`,
		// #19 versions and the desired journey; self-contained, so it can be renumbered on merge.
		`CREATE TABLE journey_versions (
		id TEXT PRIMARY KEY,
		journey_id TEXT NOT NULL REFERENCES journeys(id) ON DELETE CASCADE,
		name TEXT NOT NULL,
		created_at ${t.int} NOT NULL,
		auto_day TEXT,
		state ${t.bytes} NOT NULL
	);
	CREATE INDEX journey_versions_journey ON journey_versions (journey_id, created_at);
	CREATE UNIQUE INDEX journey_versions_auto ON journey_versions (journey_id, auto_day) WHERE auto_day IS NOT NULL;
	CREATE TABLE journey_editors (
		journey_id TEXT NOT NULL REFERENCES journeys(id) ON DELETE CASCADE,
		client_id ${t.int} NOT NULL,
		name TEXT NOT NULL,
		PRIMARY KEY (journey_id, client_id)
	);
	CREATE TABLE desired_journeys (
		journey_id TEXT PRIMARY KEY REFERENCES journeys(id) ON DELETE CASCADE,
		based_on TEXT NOT NULL REFERENCES journeys(id) ON DELETE CASCADE
	);
	CREATE INDEX desired_journeys_based_on ON desired_journeys (based_on);`,
		// Afdelingslinks (issue 18): capability links per vakafdeling, token stored hashed.
		`CREATE TABLE department_links (
		id TEXT PRIMARY KEY,
		department TEXT,
		token_hash TEXT NOT NULL UNIQUE,
		created_at ${t.int} NOT NULL
	);`,
		// The trainer session's own document (room `<id>/sessie`, docs/hostmanship.md), beside the journey's.
		yDocTables(t, 'session')
	];
}
