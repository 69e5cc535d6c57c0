import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	createTestDatabase,
	reportSkip,
	REQUIRE_SERVICES,
	scaleServices
} from '../../../../tests/helpers/scale';
import { PG_MIGRATIONS, PostgresStore } from './postgres';

const available = await scaleServices();
if (!available.ok) reportSkip('src/lib/server/persistence/postgres.test.ts', available.reason);
if (!available.ok && REQUIRE_SERVICES) {
	describe('PostgreSQL store on CI', () => {
		it('has PostgreSQL and Redis', () => {
			expect.fail(`CI=true requires PostgreSQL and Redis, but ${available.reason}`);
		});
	});
}

const HASHES = { facilitator: 'f'.repeat(64), editor: 'e'.repeat(64), viewer: 'v'.repeat(64) };

function titled(title: string, base?: Uint8Array): { doc: Y.Doc; update: Uint8Array } {
	const doc = new Y.Doc();
	if (base) Y.applyUpdate(doc, base);
	let update: Uint8Array = new Uint8Array();
	doc.once('update', (u: Uint8Array) => (update = u));
	doc.getMap('steps').set(title, title);
	return { doc, update };
}

function stepsOf(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): string[] {
	const doc = new Y.Doc();
	if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
	for (const u of stored.updates) Y.applyUpdate(doc, u);
	return [...doc.getMap('steps').keys()].sort();
}

describe.runIf(available.ok)('PostgreSQL store', () => {
	let database: { url: string; drop: () => Promise<void> } | null = null;
	const stores: PostgresStore[] = [];

	beforeAll(async () => {
		if (available.ok) database = await createTestDatabase(available.pgAdminUrl);
	});
	afterAll(async () => {
		await Promise.all(stores.map((s) => s.close()));
		await database?.drop();
	});

	it('migrates once when two instances start together', async () => {
		stores.push(new PostgresStore(database!.url, 2), new PostgresStore(database!.url, 2));
		let seeded = 0;
		await Promise.all(
			stores.map((s) =>
				s.migrate(async () => {
					if ((await s.getSetting('seeded')) === null) {
						seeded++;
						await s.setSetting('seeded', 'ja');
					}
				})
			)
		);
		const { rows } = await stores[0].pool.query<{ version: number }>(
			'SELECT version FROM schema_migrations ORDER BY version'
		);
		expect(rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
		// Seeding ran under the same lock: the second instance found it done.
		expect(seeded).toBe(1);
	});

	it('never loses an update another instance stored while compacting', async () => {
		const [a, b] = stores;
		const base = titled('begin');
		await a.createJourney('reis', 'Reis', Y.encodeStateAsUpdate(base.doc), HASHES);
		// Instance A stores an edit that instance B has not received yet.
		const fromA = titled('van-a', Y.encodeStateAsUpdate(base.doc));
		await a.appendUpdate('reis', fromA.update);
		// B compacts with its own live state, which lacks A's edit.
		const fromB = titled('van-b', Y.encodeStateAsUpdate(base.doc));
		await b.appendUpdate('reis', fromB.update);
		await b.compact('reis', Y.encodeStateAsUpdate(fromB.doc));
		const stored = await a.loadDoc('reis');
		expect(stored.updates).toHaveLength(0);
		expect(stepsOf(stored)).toEqual(['begin', 'van-a', 'van-b']);

		// And again, now with A's older state: B's edit survives in the merged snapshot.
		await a.compact('reis', Y.encodeStateAsUpdate(fromA.doc));
		expect(stepsOf(await b.loadDoc('reis'))).toEqual(['begin', 'van-a', 'van-b']);
	});

	it("stores a journey's trainer session doc beside it (own tables), compacts it and deletes it with the journey", async () => {
		const [a, b] = stores;
		const first = titled('sessie-stap');
		await a.appendUpdate('reis/sessie', first.update);
		const second = titled('nog-een', Y.encodeStateAsUpdate(first.doc));
		await b.appendUpdate('reis/sessie', second.update);
		// The first compaction makes the session doc's snapshot row.
		await b.compact('reis/sessie', Y.encodeStateAsUpdate(first.doc));
		const stored = await a.loadDoc('reis/sessie');
		expect(stored.updates).toHaveLength(0);
		expect(stepsOf(stored)).toEqual(['nog-een', 'sessie-stap']);
		// The journey's own doc is untouched by it.
		expect(stepsOf(await a.loadDoc('reis'))).toEqual(['begin', 'van-a', 'van-b']);
	});

	it('keeps tokens as given (hashes), the persona library and deletion with everything', async () => {
		const [a, b] = stores;
		expect(await b.tokenHashes('reis')).toEqual(HASHES);
		await a.replaceTokenHashes('reis', { viewer: 'w'.repeat(64) });
		expect((await b.tokenHashes('reis'))?.viewer).toBe('w'.repeat(64));
		await a.putPersona('p1', { id: 'p1', name: 'Sanne' });
		expect(await b.getPersona('p1')).toEqual({ id: 'p1', name: 'Sanne' });
		expect(await b.listPersonas()).toEqual([{ id: 'p1', name: 'Sanne' }]);
		expect(await b.deletePersona('p1')).toBe(true);
		expect(await a.getPersona('p1')).toBeNull();
		const [row] = await a.listJourneys();
		expect(row).toMatchObject({ id: 'reis', title: 'Reis' });
		expect(row.storedBytes).toBeGreaterThan(0);
		expect(await b.deleteJourney('reis')).toBe(true);
		expect(await a.journeyExists('reis')).toBe(false);
		expect(await a.tokenHashes('reis')).toBeNull();
		expect(stepsOf(await a.loadDoc('reis'))).toEqual([]);
		expect(stepsOf(await a.loadDoc('reis/sessie'))).toEqual([]);
	});

	it('keeps afdelingslinks by hash, lists them without it, and stamps a journey anew on every write', async () => {
		const [a, b] = stores;
		const link = await a.createDepartmentLink('l1', 'Burgerzaken', 'h'.repeat(64));
		await a.createDepartmentLink('l2', null, 'k'.repeat(64));
		expect(await b.departmentLinkByHash('h'.repeat(64))).toEqual(link);
		expect((await b.listDepartmentLinks()).map((l) => [l.id, l.department])).toEqual([
			['l1', 'Burgerzaken'],
			['l2', null]
		]);
		expect(await b.deleteDepartmentLink('l1')).toBe(true);
		expect(await a.departmentLinkByHash('h'.repeat(64))).toBeNull();

		const first = titled('a');
		await a.createJourney('gestempeld', 'Gestempeld', Y.encodeStateAsUpdate(first.doc), HASHES);
		const stamp = async () => (await b.journeyStamps()).find((j) => j.id === 'gestempeld')?.stamp;
		const s0 = await stamp();
		await a.appendUpdate('gestempeld', titled('b', Y.encodeStateAsUpdate(first.doc)).update);
		const s1 = await stamp();
		expect(s1).not.toBe(s0);
		await a.compact('gestempeld', Y.encodeStateAsUpdate(first.doc));
		expect(await stamp()).not.toBe(s1);
	});
});
