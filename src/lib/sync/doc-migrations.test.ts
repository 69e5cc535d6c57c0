import { readdirSync, readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { CURRENT_SCHEMA_VERSION } from '$lib/model';
import { layout } from './doc-layout';
import { DOC_MIGRATIONS, docVersion, migrateDoc, type DocMigration } from './doc-migrations';
import { readJourney } from './journey-doc';
import { MIGRATION_ORIGIN } from './origins';

const FIXTURES = 'tests/fixtures/docs';
const ORIGIN: typeof MIGRATION_ORIGIN = MIGRATION_ORIGIN;

function load(bytes: Uint8Array): Y.Doc {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, bytes);
	return doc;
}

describe('stored documents of every earlier version', () => {
	const files = readdirSync(FIXTURES).filter((f) => /^v\d+\.yjs$/.test(f));
	const versions = files.map((f) => Number(f.slice(1, -4))).sort((a, b) => a - b);

	it('has a fixture for every version from 1 up to the current one', () => {
		// A layout change adds a migration AND a fixture of the layout it leaves behind.
		expect(versions).toEqual(Array.from({ length: CURRENT_SCHEMA_VERSION }, (_, i) => i + 1));
		expect(DOC_MIGRATIONS.map((m) => m.from)).toEqual(versions.slice(0, -1));
	});

	for (const file of files) {
		it(`${file} loads, migrates to version ${CURRENT_SCHEMA_VERSION} and reads back valid`, () => {
			const doc = load(new Uint8Array(readFileSync(`${FIXTURES}/${file}`)));
			migrateDoc(doc, ORIGIN);
			expect(docVersion(doc)).toBe(CURRENT_SCHEMA_VERSION);
			const { journey, problems } = readJourney(doc, 'fixture');
			expect(problems).toEqual([]);
			expect(journey.title).toBe('Verhuizing doorgeven');
			expect(journey.steps.length).toBe(14);
			// Running it again changes nothing: the room migrates once per document.
			let updates = 0;
			doc.on('update', () => updates++);
			expect(migrateDoc(doc, ORIGIN).applied).toEqual([]);
			expect(updates).toBe(0);
		});
	}
});

describe('migrateDoc', () => {
	const rename: DocMigration = {
		from: 1,
		name: 'title becomes name',
		migrate: (doc) => {
			const meta = layout(doc).meta;
			if (!meta.has('name')) meta.set('name', meta.get('title'));
		}
	};
	const stamp: DocMigration = {
		from: 2,
		name: 'stamp',
		migrate: (doc) => layout(doc).meta.set('stamp', `after ${String(layout(doc).meta.get('name'))}`)
	};

	function v1(): Y.Doc {
		const doc = new Y.Doc();
		doc.transact(() => {
			layout(doc).meta.set('schemaVersion', 1);
			layout(doc).meta.set('title', 'Paspoort aanvragen');
		});
		return doc;
	}

	it('runs the steps in order, as one update with the given origin', () => {
		const doc = v1();
		const origins: unknown[] = [];
		doc.on('update', (_u: Uint8Array, origin: unknown) => origins.push(origin));
		const result = migrateDoc(doc, ORIGIN, [stamp, rename], 3);
		expect(result).toEqual({ from: 1, to: 3, applied: ['title becomes name', 'stamp'] });
		expect(layout(doc).meta.get('stamp')).toBe('after Paspoort aanvragen');
		expect(layout(doc).meta.get('schemaVersion')).toBe(3);
		expect(origins).toEqual([ORIGIN]);
	});

	it('reaches a peer as an ordinary update, so a room can store and broadcast it', () => {
		const server = v1();
		const peer = load(Y.encodeStateAsUpdate(server));
		server.on('update', (u: Uint8Array) => Y.applyUpdate(peer, u));
		migrateDoc(server, ORIGIN, [rename, stamp], 3);
		expect(peer.getMap('meta').toJSON()).toEqual(server.getMap('meta').toJSON());
	});

	it('leaves the doc untouched when a step throws', () => {
		const doc = v1();
		const before = Y.encodeStateAsUpdate(doc);
		const broken: DocMigration = {
			from: 2,
			name: 'broken',
			migrate: () => {
				throw new Error('kapot');
			}
		};
		expect(() => migrateDoc(doc, ORIGIN, [rename, broken], 3)).toThrow('kapot');
		expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
		expect(layout(doc).meta.has('name')).toBe(false);
	});

	it('names the missing step', () => {
		expect(() => migrateDoc(v1(), ORIGIN, [rename], 3)).toThrow('van documentversie 2 naar 3');
	});

	it('leaves a newer doc as it is', () => {
		const doc = v1();
		layout(doc).meta.set('schemaVersion', 9);
		expect(migrateDoc(doc, ORIGIN, [rename], 3)).toEqual({ from: 9, to: 9, applied: [] });
		expect(layout(doc).meta.has('name')).toBe(false);
	});

	it('takes a doc without a version for the first layout', () => {
		const doc = new Y.Doc();
		layout(doc).meta.set('title', 'Zonder versie');
		expect(docVersion(doc)).toBe(1);
		migrateDoc(doc, ORIGIN, [rename], 2);
		expect(layout(doc).meta.get('name')).toBe('Zonder versie');
	});
});
