import type { ContactFigure } from '$lib/analysis/contacts';
import pg from 'pg';
import * as Y from 'yjs';
import type { TokenHashes } from '../auth/tokens';
import {
	docTables,
	StorageError,
	type DepartmentLinkRow,
	type JourneyRow,
	type JourneyStamp,
	type Store,
	type StoredDoc,
	type StoredVersion,
	type VersionRow
} from './store';
import { migrations, POSTGRES } from './schema';
import * as figureRows from './figure-rows';
import { autoVersion } from './versions';

/** Versioned schema migrations (schema.ts), applied in order, each once. */
export const PG_MIGRATIONS: readonly string[] = migrations(POSTGRES);

/** Advisory lock key held while migrating and seeding: one instance at a time. */
const STARTUP_LOCK = 0x6b6c6e74; // "klnt"

/** BIGINT columns come back as strings from pg; our counts and times fit a number. */
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

function bytes(b: Buffer): Uint8Array {
	return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * The shared store for several instances (DATABASE_URL): the same tables as
 * the embedded store, in PostgreSQL. Every write is a Promise; the room's
 * write queue waits for it before broadcasting.
 */
export class PostgresStore implements Store {
	readonly kind = 'postgres';
	readonly pool: pg.Pool;

	constructor(connectionString: string, poolSize = 10) {
		this.pool = new pg.Pool({ connectionString, max: poolSize, connectionTimeoutMillis: 5000 });
		// An idle client that loses its server must not take the process down; the next query reports it.
		this.pool.on('error', () => {});
	}

	/**
	 * Applies the migrations that are missing and then runs `after` (seeding),
	 * under an advisory lock: instances that start together wait for each
	 * other, and each migration runs exactly once.
	 */
	async migrate(after: () => Promise<void> = async () => {}): Promise<void> {
		let client: pg.PoolClient;
		try {
			client = await this.pool.connect();
		} catch (cause) {
			throw new StorageError(
				`PostgreSQL (DATABASE_URL) is niet bereikbaar: ${cause instanceof Error ? cause.message : String(cause)}`,
				{ cause }
			);
		}
		try {
			await client.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK]);
			try {
				await client.query(
					'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)'
				);
				const { rows } = await client.query<{ v: number | null }>(
					'SELECT MAX(version) AS v FROM schema_migrations'
				);
				const version = rows[0].v ?? 0;
				if (version > PG_MIGRATIONS.length) {
					throw new StorageError(`databaseversie ${version} is nieuwer dan deze versie van Klantreis`);
				}
				for (let v = version; v < PG_MIGRATIONS.length; v++) {
					await client.query('BEGIN');
					try {
						await client.query(PG_MIGRATIONS[v]);
						await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [
							v + 1,
							Date.now()
						]);
						await client.query('COMMIT');
					} catch (e) {
						await client.query('ROLLBACK');
						throw e;
					}
				}
				await after();
			} finally {
				await client.query('SELECT pg_advisory_unlock($1)', [STARTUP_LOCK]);
			}
		} finally {
			client.release();
		}
	}

	async ping(): Promise<void> {
		await this.pool.query('SELECT 1');
	}

	async close(): Promise<void> {
		await this.pool.end();
	}

	private async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
		const client = await this.pool.connect();
		try {
			await client.query('BEGIN');
			const result = await fn(client);
			await client.query('COMMIT');
			return result;
		} catch (e) {
			await client.query('ROLLBACK').catch(() => {});
			throw e;
		} finally {
			client.release();
		}
	}

	// --- journeys and tokens ---

	async createJourney(id: string, title: string, state: Uint8Array, hashes: TokenHashes): Promise<void> {
		const now = Date.now();
		await this.transaction(async (c) => {
			await c.query('INSERT INTO journeys (id, title, created_at) VALUES ($1, $2, $3)', [id, title, now]);
			for (const [role, hash] of Object.entries(hashes)) {
				await c.query('INSERT INTO journey_tokens (journey_id, role, token_hash) VALUES ($1, $2, $3)', [
					id,
					role,
					hash
				]);
			}
			await c.query('INSERT INTO doc_snapshots (journey_id, state, updated_at) VALUES ($1, $2, $3)', [
				id,
				Buffer.from(state),
				now
			]);
		});
	}

	async journeyExists(id: string): Promise<boolean> {
		const { rowCount } = await this.pool.query('SELECT 1 FROM journeys WHERE id = $1', [id]);
		return (rowCount ?? 0) > 0;
	}

	async tokenHashes(id: string): Promise<TokenHashes | null> {
		const { rows } = await this.pool.query<{ role: keyof TokenHashes; token_hash: string }>(
			'SELECT role, token_hash FROM journey_tokens WHERE journey_id = $1',
			[id]
		);
		if (rows.length === 0) return null;
		return Object.fromEntries(rows.map((r) => [r.role, r.token_hash])) as TokenHashes;
	}

	async setTitle(id: string, title: string): Promise<void> {
		await this.pool.query('UPDATE journeys SET title = $1 WHERE id = $2', [title, id]);
	}

	async listJourneys(): Promise<JourneyRow[]> {
		const { rows } = await this.pool.query<JourneyRow>(
			`SELECT j.id, j.title, j.created_at AS "createdAt",
				(COALESCE((SELECT octet_length(state) FROM doc_snapshots s WHERE s.journey_id = j.id), 0) +
				 COALESCE((SELECT SUM(octet_length(data)) FROM doc_updates u WHERE u.journey_id = j.id), 0))::BIGINT
				 AS "storedBytes"
			 FROM journeys j ORDER BY j.created_at DESC, j.id`
		);
		return rows;
	}

	async deleteJourney(id: string): Promise<boolean> {
		const { rowCount } = await this.pool.query('DELETE FROM journeys WHERE id = $1', [id]);
		return (rowCount ?? 0) > 0;
	}

	async replaceTokenHashes(id: string, hashes: Partial<TokenHashes>): Promise<void> {
		await this.transaction(async (c) => {
			for (const [role, hash] of Object.entries(hashes)) {
				await c.query('UPDATE journey_tokens SET token_hash = $1 WHERE journey_id = $2 AND role = $3', [
					hash,
					id,
					role
				]);
			}
		});
	}

	// --- documents ---

	async loadDoc(room: string): Promise<StoredDoc> {
		const { id, snapshots, updates: rows } = docTables(room);
		// One snapshot of the database (REPEATABLE READ), so a compaction in between cannot hide an update.
		return this.transaction(async (c) => {
			await c.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
			const snap = await c.query<{ state: Buffer }>(`SELECT state FROM ${snapshots} WHERE journey_id = $1`, [
				id
			]);
			const updates = await c.query<{ data: Buffer }>(
				`SELECT data FROM ${rows} WHERE journey_id = $1 ORDER BY seq`,
				[id]
			);
			return {
				snapshot: snap.rows[0] ? bytes(snap.rows[0].state) : null,
				updates: updates.rows.map((u) => bytes(u.data))
			};
		});
	}

	async appendUpdate(room: string, update: Uint8Array): Promise<void> {
		const { id, updates } = docTables(room);
		await this.pool.query(`INSERT INTO ${updates} (journey_id, data) VALUES ($1, $2)`, [
			id,
			Buffer.from(update)
		]);
	}

	/**
	 * Folds the stored updates into the snapshot. Other instances may store
	 * updates this one has not applied yet, so the new snapshot is the union
	 * of the old snapshot, every update read here and `state`, and only the
	 * rows read are deleted: an update committed meanwhile stays a row. The
	 * snapshot row is locked, so two compactions of one journey take turns.
	 */
	async compact(room: string, state: Uint8Array): Promise<void> {
		const { id, snapshots, updates } = docTables(room);
		await this.transaction(async (c) => {
			if (snapshots !== 'doc_snapshots') {
				// A trainer session's doc gets its snapshot row at its first compaction (an empty
				// Yjs update, so the merge below reads it like any other); none for a deleted journey.
				await c.query(
					`INSERT INTO ${snapshots} (journey_id, state, updated_at)
					 SELECT id, $2, 0 FROM journeys WHERE id = $1 ON CONFLICT (journey_id) DO NOTHING`,
					[id, Buffer.from(Y.encodeStateAsUpdate(new Y.Doc()))]
				);
			}
			const snap = await c.query<{ state: Buffer }>(
				`SELECT state FROM ${snapshots} WHERE journey_id = $1 FOR UPDATE`,
				[id]
			);
			if (snap.rows.length === 0) return; // deleted meanwhile
			const rows = await c.query<{ seq: number; data: Buffer }>(
				`SELECT seq, data FROM ${updates} WHERE journey_id = $1 ORDER BY seq`,
				[id]
			);
			const doc = new Y.Doc();
			try {
				Y.applyUpdate(doc, bytes(snap.rows[0].state));
				for (const row of rows.rows) Y.applyUpdate(doc, bytes(row.data));
				Y.applyUpdate(doc, state);
				const merged = Y.encodeStateAsUpdate(doc);
				await c.query(`UPDATE ${snapshots} SET state = $1, updated_at = $2 WHERE journey_id = $3`, [
					Buffer.from(merged),
					Date.now(),
					id
				]);
				// The day's automatic version follows every compaction (also the one on unload).
				await this.putVersion(autoVersion(id, merged, Date.now()), c);
			} finally {
				doc.destroy();
			}
			if (rows.rows.length > 0) {
				await c.query(`DELETE FROM ${updates} WHERE seq = ANY($1::BIGINT[])`, [rows.rows.map((r) => r.seq)]);
			}
		});
	}

	// --- versions and the desired journey ---

	async putVersion(v: StoredVersion, client: pg.PoolClient | pg.Pool = this.pool): Promise<void> {
		await client.query(
			v.autoDay === null
				? 'INSERT INTO journey_versions (id, journey_id, name, created_at, auto_day, state) VALUES ($1, $2, $3, $4, $5, $6)'
				: `INSERT INTO journey_versions (id, journey_id, name, created_at, auto_day, state) VALUES ($1, $2, $3, $4, $5, $6)
				   ON CONFLICT (journey_id, auto_day) WHERE auto_day IS NOT NULL
				   DO UPDATE SET name = excluded.name, created_at = excluded.created_at, state = excluded.state`,
			[v.id, v.journeyId, v.name, v.createdAt, v.autoDay, Buffer.from(v.state)]
		);
	}

	async listVersions(journeyId: string): Promise<VersionRow[]> {
		const { rows } = await this.pool.query<VersionRow>(
			`SELECT id, journey_id AS "journeyId", name, created_at AS "createdAt", auto_day AS "autoDay",
				octet_length(state) AS "storedBytes"
			 FROM journey_versions WHERE journey_id = $1 ORDER BY created_at DESC, id DESC`,
			[journeyId]
		);
		return rows;
	}

	async getVersion(journeyId: string, versionId: string): Promise<StoredVersion | null> {
		const { rows } = await this.pool.query<VersionRow & { state: Buffer }>(
			`SELECT id, journey_id AS "journeyId", name, created_at AS "createdAt", auto_day AS "autoDay",
				octet_length(state) AS "storedBytes", state
			 FROM journey_versions WHERE journey_id = $1 AND id = $2`,
			[journeyId, versionId]
		);
		return rows[0] ? { ...rows[0], state: bytes(rows[0].state) } : null;
	}

	async putEditor(journeyId: string, clientId: number, name: string): Promise<void> {
		await this.pool.query(
			`INSERT INTO journey_editors (journey_id, client_id, name) VALUES ($1, $2, $3)
			 ON CONFLICT (journey_id, client_id) DO UPDATE SET name = excluded.name`,
			[journeyId, clientId, name]
		);
	}

	async editorNames(journeyId: string, clientIds: number[]): Promise<Map<number, string>> {
		const { rows } = await this.pool.query<{ client_id: number; name: string }>(
			'SELECT client_id, name FROM journey_editors WHERE journey_id = $1 AND client_id = ANY($2::BIGINT[])',
			[journeyId, clientIds]
		);
		return new Map(rows.map((r) => [r.client_id, r.name]));
	}

	async linkDesired(journeyId: string, basedOn: string): Promise<void> {
		await this.pool.query('INSERT INTO desired_journeys (journey_id, based_on) VALUES ($1, $2)', [
			journeyId,
			basedOn
		]);
	}

	async basedOn(journeyId: string): Promise<string | null> {
		const { rows } = await this.pool.query<{ based_on: string }>(
			'SELECT based_on FROM desired_journeys WHERE journey_id = $1',
			[journeyId]
		);
		return rows[0]?.based_on ?? null;
	}

	async desiredOf(journeyId: string): Promise<{ id: string; title: string; createdAt: number }[]> {
		const { rows } = await this.pool.query<{ id: string; title: string; createdAt: number }>(
			`SELECT j.id, j.title, j.created_at AS "createdAt" FROM desired_journeys d
			 JOIN journeys j ON j.id = d.journey_id WHERE d.based_on = $1 ORDER BY j.created_at DESC, j.id`,
			[journeyId]
		);
		return rows;
	}

	// --- persona library and templates ---

	async listPersonas(): Promise<unknown[]> {
		const { rows } = await this.pool.query<{ data: string }>('SELECT data FROM personas ORDER BY id');
		return rows.map((r) => JSON.parse(r.data) as unknown);
	}

	async putPersona(id: string, persona: unknown): Promise<void> {
		await this.pool.query(
			`INSERT INTO personas (id, data, updated_at) VALUES ($1, $2, $3)
			 ON CONFLICT (id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
			[id, JSON.stringify(persona), Date.now()]
		);
	}

	async getPersona(id: string): Promise<unknown> {
		const { rows } = await this.pool.query<{ data: string }>('SELECT data FROM personas WHERE id = $1', [id]);
		return rows[0] ? (JSON.parse(rows[0].data) as unknown) : null;
	}

	async deletePersona(id: string): Promise<boolean> {
		const { rowCount } = await this.pool.query('DELETE FROM personas WHERE id = $1', [id]);
		return (rowCount ?? 0) > 0;
	}

	async listTemplates(): Promise<unknown[]> {
		const { rows } = await this.pool.query<{ data: string }>('SELECT data FROM templates ORDER BY id');
		return rows.map((r) => JSON.parse(r.data) as unknown);
	}

	async getTemplate(id: string): Promise<unknown> {
		const { rows } = await this.pool.query<{ data: string }>('SELECT data FROM templates WHERE id = $1', [
			id
		]);
		return rows[0] ? (JSON.parse(rows[0].data) as unknown) : null;
	}

	async putTemplate(id: string, journey: unknown): Promise<void> {
		await this.pool.query(
			'INSERT INTO templates (id, data) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET data = excluded.data',
			[id, JSON.stringify(journey)]
		);
	}

	async getSetting(key: string): Promise<string | null> {
		const { rows } = await this.pool.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [
			key
		]);
		return rows[0]?.value ?? null;
	}

	async setSetting(key: string, value: string): Promise<void> {
		await this.pool.query(
			'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
			[key, value]
		);
	}
	async replaceContactFigures(
		journeyId: string,
		months: readonly string[],
		figures: readonly ContactFigure[]
	): Promise<void> {
		await this.transaction(async (c) => {
			if (months.length)
				await c.query('DELETE FROM contact_figures WHERE journey_id = $1 AND month = ANY($2)', [
					journeyId,
					[...months]
				]);
			// In batches: one statement per 500 figures keeps a large import to a few round trips.
			for (let i = 0; i < figures.length; i += 500) {
				const batch = figures.slice(i, i + 500);
				const values: unknown[] = [];
				const tuples = batch.map((f, n) => {
					values.push(...figureRows.valuesOf(journeyId, f));
					return `(${Array.from({ length: 15 }, (_, k) => `$${n * 15 + k + 1}`).join(', ')})`;
				});
				await c.query(
					`INSERT INTO contact_figures (${figureRows.COLUMNS}) VALUES ${tuples.join(', ')}`,
					values
				);
			}
		});
	}

	async contactFigures(journeyId: string): Promise<ContactFigure[]> {
		const { rows } = await this.pool.query<Record<string, number | string>>(
			`${figureRows.SELECT} WHERE journey_id = $1 ORDER BY month`,
			[journeyId]
		);
		return rows.map(figureRows.figureOf);
	}

	// --- afdelingslinks and the department index ---

	async journeyStamps(): Promise<JourneyStamp[]> {
		// seq only grows (BIGSERIAL), and a compaction sets a new snapshot time.
		const { rows } = await this.pool.query<JourneyStamp>(
			`SELECT j.id, j.title,
				COALESCE((SELECT MAX(seq) FROM doc_updates u WHERE u.journey_id = j.id), 0) || ':' ||
				COALESCE((SELECT updated_at FROM doc_snapshots s WHERE s.journey_id = j.id), 0) AS stamp
			 FROM journeys j ORDER BY j.created_at, j.id`
		);
		return rows;
	}

	async createDepartmentLink(
		id: string,
		department: string | null,
		tokenHash: string
	): Promise<DepartmentLinkRow> {
		const createdAt = Date.now();
		await this.pool.query(
			'INSERT INTO department_links (id, department, token_hash, created_at) VALUES ($1, $2, $3, $4)',
			[id, department, tokenHash, createdAt]
		);
		return { id, department, createdAt };
	}

	async listDepartmentLinks(): Promise<DepartmentLinkRow[]> {
		const { rows } = await this.pool.query<DepartmentLinkRow>(
			'SELECT id, department, created_at AS "createdAt" FROM department_links ORDER BY created_at, id'
		);
		return rows;
	}

	async departmentLinkByHash(tokenHash: string): Promise<DepartmentLinkRow | null> {
		const { rows } = await this.pool.query<DepartmentLinkRow>(
			'SELECT id, department, created_at AS "createdAt" FROM department_links WHERE token_hash = $1',
			[tokenHash]
		);
		return rows[0] ?? null;
	}

	async deleteDepartmentLink(id: string): Promise<boolean> {
		const { rowCount } = await this.pool.query('DELETE FROM department_links WHERE id = $1', [id]);
		return (rowCount ?? 0) > 0;
	}
}
