import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TokenHashes } from '../auth/tokens';
import type { ContactFigure } from '$lib/analysis/contacts';
import {
	docTables,
	StorageError,
	type DepartmentLinkRow,
	type JourneyStamp,
	type Store,
	type StoredDoc,
	type StoredVersion,
	type VersionRow
} from './store';
import { migrations, SQLITE } from './schema';
import * as figureRows from './figure-rows';
import { autoVersion } from './versions';

/** Ordered schema migrations of the database itself; index + 1 is the user_version. */
const MIGRATIONS = migrations(SQLITE);

export { StorageError, type StoredDoc } from './store';

/**
 * The embedded store: journeys, their Yjs updates and snapshots, tokens
 * (hashed), the persona library and the journey templates, in one SQLite
 * file in WAL mode. All calls are synchronous, so "append, then broadcast"
 * holds without any await in between.
 */
/**
 * Makes `db.prepare` return one compiled statement per SQL text, kept for the
 * life of the connection: compiling cost more than running the small queries
 * of the hot paths (a token check per socket and page, the journey's rows).
 * The store's SQL texts are a fixed set (table names come from docTables), and
 * no statement is switched to raw, pluck or iterate mode, so sharing is safe.
 */
function cachePreparedStatements(db: Database.Database): void {
	const prepare = db.prepare.bind(db);
	const statements = new Map<string, Database.Statement>();
	db.prepare = ((sql: string) => {
		let statement = statements.get(sql);
		if (!statement) {
			statement = prepare(sql);
			statements.set(sql, statement);
		}
		return statement;
	}) as typeof db.prepare;
}

export class SqliteStore implements Store {
	readonly kind = 'sqlite';
	readonly db: Database.Database;
	readonly isNew: boolean;

	constructor(dataDir: string) {
		try {
			mkdirSync(dataDir, { recursive: true });
		} catch (cause) {
			throw new StorageError(`Kan de datamap ${dataDir} niet aanmaken`, { cause });
		}
		const file = join(dataDir, 'klantreis.sqlite');
		this.isNew = !existsSync(file);
		try {
			this.db = new Database(file);
			cachePreparedStatements(this.db);
			this.db.pragma('journal_mode = WAL');
			this.db.pragma('synchronous = NORMAL');
			this.db.pragma('foreign_keys = ON');
			this.db.pragma('busy_timeout = 5000');
			const check = this.db.pragma('quick_check', { simple: true });
			if (check !== 'ok') throw new Error(`quick_check: ${String(check)}`);
			this.migrate();
		} catch (cause) {
			const reason = cause instanceof Error ? cause.message : String(cause);
			throw new StorageError(
				`De database ${file} is onleesbaar of beschadigd (${reason}). ` +
					'De server start niet, zodat er niets verloren gaat. Zet een back-up terug of kies een andere DATA_DIR.',
				{ cause }
			);
		}
	}

	private migrate() {
		const version = this.db.pragma('user_version', { simple: true }) as number;
		if (version > MIGRATIONS.length) {
			throw new Error(`databaseversie ${version} is nieuwer dan deze versie van Klantreis`);
		}
		for (let v = version; v < MIGRATIONS.length; v++) {
			this.db.transaction(() => {
				this.db.exec(MIGRATIONS[v]);
				this.db.pragma(`user_version = ${v + 1}`);
			})();
		}
	}

	close() {
		if (this.db.open) this.db.close();
	}

	ping(): void {
		this.db.prepare('SELECT 1').get();
	}

	/** A consistent copy of the live database at `file` (SQLite's online backup; writers carry on). */
	backup(file: string): Promise<unknown> {
		return this.db.backup(file);
	}

	// --- journeys and tokens ---

	createJourney(id: string, title: string, state: Uint8Array, hashes: TokenHashes): void {
		const now = Date.now();
		this.db.transaction(() => {
			this.db.prepare('INSERT INTO journeys (id, title, created_at) VALUES (?, ?, ?)').run(id, title, now);
			const token = this.db.prepare(
				'INSERT INTO journey_tokens (journey_id, role, token_hash) VALUES (?, ?, ?)'
			);
			for (const [role, hash] of Object.entries(hashes)) token.run(id, role, hash);
			this.db
				.prepare('INSERT INTO doc_snapshots (journey_id, state, updated_at) VALUES (?, ?, ?)')
				.run(id, Buffer.from(state), now);
		})();
	}

	journeyExists(id: string): boolean {
		return this.db.prepare('SELECT 1 FROM journeys WHERE id = ?').get(id) !== undefined;
	}

	tokenHashes(id: string): TokenHashes | null {
		const rows = this.db
			.prepare('SELECT role, token_hash FROM journey_tokens WHERE journey_id = ?')
			.all(id) as { role: keyof TokenHashes; token_hash: string }[];
		if (rows.length === 0) return null;
		return Object.fromEntries(rows.map((r) => [r.role, r.token_hash])) as TokenHashes;
	}

	setTitle(id: string, title: string): void {
		this.db.prepare('UPDATE journeys SET title = ? WHERE id = ?').run(title, id);
	}

	/** Every journey with its stored size, newest first (for the instance administrator). */
	listJourneys(): { id: string; title: string; createdAt: number; storedBytes: number }[] {
		return this.db
			.prepare(
				`SELECT j.id, j.title, j.created_at AS createdAt,
					COALESCE((SELECT length(state) FROM doc_snapshots s WHERE s.journey_id = j.id), 0) +
					COALESCE((SELECT SUM(length(data)) FROM doc_updates u WHERE u.journey_id = j.id), 0) AS storedBytes
				 FROM journeys j ORDER BY j.created_at DESC, j.id`
			)
			.all() as { id: string; title: string; createdAt: number; storedBytes: number }[];
	}

	/** Deletes a journey with its tokens, snapshot and updates; false when there was none. */
	deleteJourney(id: string): boolean {
		return this.db.prepare('DELETE FROM journeys WHERE id = ?').run(id).changes > 0;
	}

	/** Replaces the token hashes of the given roles in one transaction. */
	replaceTokenHashes(id: string, hashes: Partial<TokenHashes>): void {
		const update = this.db.prepare(
			'UPDATE journey_tokens SET token_hash = ? WHERE journey_id = ? AND role = ?'
		);
		this.db.transaction(() => {
			for (const [role, hash] of Object.entries(hashes)) update.run(hash, id, role);
		})();
	}

	// --- documents ---

	loadDoc(room: string): StoredDoc {
		const { id, snapshots, updates: rows } = docTables(room);
		const snap = this.db.prepare(`SELECT state FROM ${snapshots} WHERE journey_id = ?`).get(id) as
			{ state: Buffer } | undefined;
		const updates = this.db.prepare(`SELECT data FROM ${rows} WHERE journey_id = ? ORDER BY seq`).all(id) as {
			data: Buffer;
		}[];
		return {
			snapshot: snap ? new Uint8Array(snap.state) : null,
			updates: updates.map((u) => new Uint8Array(u.data))
		};
	}

	/** Prepared once: compiling the statement cost more than the insert, once per update. */
	private insertUpdate: Database.Statement | null = null;

	/** Appends one update, synchronously: it is on disk before the caller broadcasts it. */
	appendUpdate(room: string, update: Uint8Array): void {
		const { id, updates } = docTables(room);
		// The journey's own table is the hot path: its statement is prepared once.
		const insert =
			updates === 'doc_updates'
				? (this.insertUpdate ??= this.db.prepare('INSERT INTO doc_updates (journey_id, data) VALUES (?, ?)'))
				: this.db.prepare(`INSERT INTO ${updates} (journey_id, data) VALUES (?, ?)`);
		insert.run(id, Buffer.from(update.buffer, update.byteOffset, update.byteLength));
	}

	/**
	 * Appends several updates (of any journeys or session docs) in one transaction, in
	 * order: all are on disk, or none (the caller then stores them one by one).
	 */
	appendUpdates(rows: readonly (readonly [id: string, update: Uint8Array])[]): void {
		// One row needs no BEGIN and COMMIT around it: an INSERT on its own is atomic.
		if (rows.length === 1) return this.appendUpdate(rows[0][0], rows[0][1]);
		// Made once: the write batch calls this every event-loop turn that brought updates.
		this.appendMany ??= this.db.transaction((batch: readonly (readonly [string, Uint8Array])[]) => {
			for (const [id, update] of batch) this.appendUpdate(id, update);
		});
		this.appendMany(rows);
	}

	private appendMany: ((rows: readonly (readonly [string, Uint8Array])[]) => void) | null = null;

	pendingUpdates(id: string): number {
		const row = this.db.prepare('SELECT COUNT(*) AS n FROM doc_updates WHERE journey_id = ?').get(id) as {
			n: number;
		};
		return row.n;
	}

	/**
	 * Replaces the stored updates by one snapshot. One process owns the file, so
	 * the live doc the caller encodes already holds every stored update: nothing
	 * to merge, nothing lost in between.
	 */
	compact(room: string, state: Uint8Array): void {
		const { id, snapshots, updates } = docTables(room);
		this.db.transaction(() => {
			// The day's automatic version follows every compaction (also the one on unload).
			this.putVersion(autoVersion(id, state, Date.now()));
			this.db
				.prepare(
					`INSERT INTO ${snapshots} (journey_id, state, updated_at) VALUES (?, ?, ?)
					 ON CONFLICT (journey_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`
				)
				.run(id, Buffer.from(state), Date.now());
			this.db.prepare(`DELETE FROM ${updates} WHERE journey_id = ?`).run(id);
		})();
	}

	// --- versions and the desired journey ---

	putVersion(v: StoredVersion): void {
		const state = Buffer.from(v.state);
		if (v.autoDay === null) {
			this.db
				.prepare(
					'INSERT INTO journey_versions (id, journey_id, name, created_at, auto_day, state) VALUES (?, ?, ?, ?, NULL, ?)'
				)
				.run(v.id, v.journeyId, v.name, v.createdAt, state);
			return;
		}
		this.db
			.prepare(
				`INSERT INTO journey_versions (id, journey_id, name, created_at, auto_day, state) VALUES (?, ?, ?, ?, ?, ?)
				 ON CONFLICT (journey_id, auto_day) WHERE auto_day IS NOT NULL
				 DO UPDATE SET name = excluded.name, created_at = excluded.created_at, state = excluded.state`
			)
			.run(v.id, v.journeyId, v.name, v.createdAt, v.autoDay, state);
	}

	listVersions(journeyId: string): VersionRow[] {
		return this.db
			.prepare(
				`SELECT id, journey_id AS journeyId, name, created_at AS createdAt, auto_day AS autoDay,
					length(state) AS storedBytes
				 FROM journey_versions WHERE journey_id = ? ORDER BY created_at DESC, id DESC`
			)
			.all(journeyId) as VersionRow[];
	}

	getVersion(journeyId: string, versionId: string): StoredVersion | null {
		const row = this.db
			.prepare(
				`SELECT id, journey_id AS journeyId, name, created_at AS createdAt, auto_day AS autoDay,
					length(state) AS storedBytes, state
				 FROM journey_versions WHERE journey_id = ? AND id = ?`
			)
			.get(journeyId, versionId) as (VersionRow & { state: Buffer }) | undefined;
		return row ? { ...row, state: new Uint8Array(row.state) } : null;
	}

	putEditor(journeyId: string, clientId: number, name: string): void {
		this.db
			.prepare(
				`INSERT INTO journey_editors (journey_id, client_id, name) VALUES (?, ?, ?)
				 ON CONFLICT (journey_id, client_id) DO UPDATE SET name = excluded.name`
			)
			.run(journeyId, clientId, name);
	}

	editorNames(journeyId: string, clientIds: number[]): Map<number, string> {
		const get = this.db.prepare('SELECT name FROM journey_editors WHERE journey_id = ? AND client_id = ?');
		const out = new Map<number, string>();
		for (const id of clientIds) {
			const row = get.get(journeyId, id) as { name: string } | undefined;
			if (row) out.set(id, row.name);
		}
		return out;
	}

	linkDesired(journeyId: string, basedOn: string): void {
		this.db
			.prepare('INSERT INTO desired_journeys (journey_id, based_on) VALUES (?, ?)')
			.run(journeyId, basedOn);
	}

	basedOn(journeyId: string): string | null {
		const row = this.db
			.prepare('SELECT based_on FROM desired_journeys WHERE journey_id = ?')
			.get(journeyId) as { based_on: string } | undefined;
		return row?.based_on ?? null;
	}

	desiredOf(journeyId: string): { id: string; title: string; createdAt: number }[] {
		return this.db
			.prepare(
				`SELECT j.id, j.title, j.created_at AS createdAt FROM desired_journeys d
				 JOIN journeys j ON j.id = d.journey_id WHERE d.based_on = ? ORDER BY j.created_at DESC, j.id`
			)
			.all(journeyId) as { id: string; title: string; createdAt: number }[];
	}

	// --- persona library and templates ---

	listPersonas(): unknown[] {
		const rows = this.db.prepare('SELECT data FROM personas ORDER BY id').all() as { data: string }[];
		return rows.map((r) => JSON.parse(r.data) as unknown);
	}

	putPersona(id: string, persona: unknown): void {
		this.db
			.prepare(
				`INSERT INTO personas (id, data, updated_at) VALUES (?, ?, ?)
				 ON CONFLICT (id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`
			)
			.run(id, JSON.stringify(persona), Date.now());
	}

	getPersona(id: string): unknown {
		const row = this.db.prepare('SELECT data FROM personas WHERE id = ?').get(id) as
			{ data: string } | undefined;
		return row ? (JSON.parse(row.data) as unknown) : null;
	}

	/** Removes a persona from the library; false when there was none. Journeys keep their own copies. */
	deletePersona(id: string): boolean {
		return this.db.prepare('DELETE FROM personas WHERE id = ?').run(id).changes > 0;
	}

	listTemplates(): unknown[] {
		const rows = this.db.prepare('SELECT data FROM templates ORDER BY id').all() as { data: string }[];
		return rows.map((r) => JSON.parse(r.data) as unknown);
	}

	getTemplate(id: string): unknown {
		const row = this.db.prepare('SELECT data FROM templates WHERE id = ?').get(id) as
			{ data: string } | undefined;
		return row ? (JSON.parse(row.data) as unknown) : null;
	}

	putTemplate(id: string, journey: unknown): void {
		this.db
			.prepare(
				'INSERT INTO templates (id, data) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data'
			)
			.run(id, JSON.stringify(journey));
	}

	getSetting(key: string): string | null {
		const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
			{ value: string } | undefined;
		return row ? row.value : null;
	}

	setSetting(key: string, value: string): void {
		this.db
			.prepare(
				'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'
			)
			.run(key, value);
	}
	replaceContactFigures(
		journeyId: string,
		months: readonly string[],
		figures: readonly ContactFigure[]
	): void {
		const remove = this.db.prepare('DELETE FROM contact_figures WHERE journey_id = ? AND month = ?');
		const insert = this.db.prepare(
			`INSERT INTO contact_figures (${figureRows.COLUMNS}) VALUES (${figureRows.COLUMNS.split(',')
				.map(() => '?')
				.join(', ')})`
		);
		this.db.transaction(() => {
			for (const month of months) remove.run(journeyId, month);
			for (const f of figures) insert.run(...figureRows.valuesOf(journeyId, f));
		})();
	}

	contactFigures(journeyId: string): ContactFigure[] {
		const rows = this.db
			.prepare(`${figureRows.SELECT} WHERE journey_id = ? ORDER BY month`)
			.all(journeyId) as Record<string, number | string>[];
		return rows.map(figureRows.figureOf);
	}

	// --- afdelingslinks and the department index ---

	journeyStamps(): JourneyStamp[] {
		// The update seq only grows (AUTOINCREMENT), and a compaction sets a new snapshot time.
		return this.db
			.prepare(
				`SELECT j.id, j.title,
					COALESCE((SELECT MAX(seq) FROM doc_updates u WHERE u.journey_id = j.id), 0) || ':' ||
					COALESCE((SELECT updated_at FROM doc_snapshots s WHERE s.journey_id = j.id), 0) AS stamp
				 FROM journeys j ORDER BY j.created_at, j.id`
			)
			.all() as JourneyStamp[];
	}

	createDepartmentLink(id: string, department: string | null, tokenHash: string): DepartmentLinkRow {
		const createdAt = Date.now();
		this.db
			.prepare('INSERT INTO department_links (id, department, token_hash, created_at) VALUES (?, ?, ?, ?)')
			.run(id, department, tokenHash, createdAt);
		return { id, department, createdAt };
	}

	listDepartmentLinks(): DepartmentLinkRow[] {
		return this.db
			.prepare('SELECT id, department, created_at AS createdAt FROM department_links ORDER BY created_at, id')
			.all() as DepartmentLinkRow[];
	}

	departmentLinkByHash(tokenHash: string): DepartmentLinkRow | null {
		return (
			(this.db
				.prepare('SELECT id, department, created_at AS createdAt FROM department_links WHERE token_hash = ?')
				.get(tokenHash) as DepartmentLinkRow | undefined) ?? null
		);
	}

	deleteDepartmentLink(id: string): boolean {
		return this.db.prepare('DELETE FROM department_links WHERE id = ?').run(id).changes > 0;
	}
}
