import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from './sqlite';

const HASHES = { facilitator: 'f'.repeat(64), editor: 'e'.repeat(64), viewer: 'v'.repeat(64) };
const dirs: string[] = [];

function store(): SqliteStore {
	const dir = mkdtempSync(join(tmpdir(), 'klantreis-sqlite-'));
	dirs.push(dir);
	return new SqliteStore(dir);
}

afterEach(() => {
	while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

describe('SQLite store: afdelingslinks and journey stamps', () => {
	it('keeps a link by its hash only, lists it without, and forgets it when deleted', () => {
		const s = store();
		const link = s.createDepartmentLink('l1', 'Burgerzaken', 'h'.repeat(64));
		s.createDepartmentLink('l2', null, 'k'.repeat(64));
		expect(s.departmentLinkByHash('h'.repeat(64))).toEqual(link);
		const listed = s.listDepartmentLinks();
		expect(listed.map((l) => [l.id, l.department])).toEqual([
			['l1', 'Burgerzaken'],
			['l2', null]
		]);
		expect(JSON.stringify(listed)).not.toContain('h'.repeat(64));
		expect(s.deleteDepartmentLink('l1')).toBe(true);
		expect(s.deleteDepartmentLink('l1')).toBe(false);
		expect(s.departmentLinkByHash('h'.repeat(64))).toBeNull();
		s.close();
	});

	it('gives a journey a new stamp on every stored update and compaction', () => {
		const s = store();
		const doc = new Y.Doc();
		s.createJourney('reis', 'Reis', Y.encodeStateAsUpdate(doc), HASHES);
		const stamp = () => s.journeyStamps().find((j) => j.id === 'reis')!.stamp;
		const seen = [stamp()];
		doc.on('update', (u: Uint8Array) => s.appendUpdate('reis', u));
		doc.getMap('steps').set('a', 1);
		seen.push(stamp());
		s.compact('reis', Y.encodeStateAsUpdate(doc));
		seen.push(stamp());
		doc.getMap('steps').set('b', 2);
		seen.push(stamp());
		expect(new Set(seen).size).toBe(4);
		s.close();
	});
});

function keysOf(stored: { snapshot: Uint8Array | null; updates: Uint8Array[] }): string[] {
	const doc = new Y.Doc();
	if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
	for (const u of stored.updates) Y.applyUpdate(doc, u);
	return [...doc.getMap('session').keys()].sort();
}

describe('SQLite store: the trainer session doc', () => {
	it('is stored beside its journey under `<id>/sessie`, compacted apart, and deleted with the journey', () => {
		const dir = mkdtempSync(join(tmpdir(), 'klantreis-sqlite-'));
		dirs.push(dir);
		const store = new SqliteStore(dir);
		try {
			store.createJourney('reis', 'Reis', Y.encodeStateAsUpdate(new Y.Doc()), HASHES);
			const doc = new Y.Doc();
			doc.on('update', (u: Uint8Array) => store.appendUpdate('reis/sessie', u));
			doc.getMap('session').set('stepId', 'a');
			doc.getMap('session').set('revealed', true);
			expect(store.loadDoc('reis/sessie').updates).toHaveLength(2);
			expect(store.loadDoc('reis').updates).toHaveLength(0);
			store.compact('reis/sessie', Y.encodeStateAsUpdate(doc));
			const stored = store.loadDoc('reis/sessie');
			expect(stored.updates).toHaveLength(0);
			expect(keysOf(stored)).toEqual(['revealed', 'stepId']);
			expect(keysOf(store.loadDoc('reis'))).toEqual([]);
			// Only for a journey that exists (the foreign key), and gone with it.
			expect(() => store.appendUpdate('onbekend/sessie', new Uint8Array([0, 0]))).toThrow();
			expect(store.deleteJourney('reis')).toBe(true);
			expect(store.loadDoc('reis/sessie')).toEqual({ snapshot: null, updates: [] });
		} finally {
			store.close();
		}
	});
});
