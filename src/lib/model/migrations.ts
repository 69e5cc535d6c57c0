/** The schemaVersion this build writes. Bump it and add a migration to change a format. */
export const CURRENT_SCHEMA_VERSION = 1;

/** A migration takes a document of version `from` and returns one of version `from + 1`. */
export type Migration = { from: number; migrate: (doc: Record<string, unknown>) => Record<string, unknown> };

/**
 * Ordered migrations for journey and persona documents. Empty while only
 * version 1 exists; the hook is here so that a format change is one entry.
 */
export const MIGRATIONS: readonly Migration[] = [];

/**
 * Brings a raw document (file, request body) up to CURRENT_SCHEMA_VERSION.
 * Anything that is not an object, or has no numeric schemaVersion, or is
 * newer than this build, is returned unchanged so the schema can refuse it
 * with a path.
 */
export function migrate(
	raw: unknown,
	migrations: readonly Migration[] = MIGRATIONS,
	target: number = CURRENT_SCHEMA_VERSION
): unknown {
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
	let doc = raw as Record<string, unknown>;
	let version = doc.schemaVersion;
	if (typeof version !== 'number' || !Number.isInteger(version)) return raw;
	while (version < target) {
		const step = migrations.find((m) => m.from === version);
		if (!step) return doc;
		doc = { ...step.migrate(doc), schemaVersion: version + 1 };
		version += 1;
	}
	return doc;
}
