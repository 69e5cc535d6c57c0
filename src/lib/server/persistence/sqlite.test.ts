import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SqliteStore } from './sqlite';

const HASHES = { facilitator: 'f'.repeat(64), editor: 'e'.repeat(64), viewer: 'v'.repeat(64) };
const dirs: string[] = [];
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
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
