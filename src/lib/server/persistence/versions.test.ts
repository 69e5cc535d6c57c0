import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SqliteStore } from './sqlite';
import { autoVersion, dayOf, packState, unpackState } from './versions';

const hashes = { facilitator: 'f', editor: 'e', viewer: 'v' };
const dirs: string[] = [];
function store(): SqliteStore {
	const dir = mkdtempSync(join(tmpdir(), 'klantreis-versions-'));
	dirs.push(dir);
	return new SqliteStore(dir);
}
afterEach(() => {
	for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function state(title: string): Uint8Array {
	const doc = new Y.Doc();
	doc.getMap('meta').set('title', title);
	return Y.encodeStateAsUpdate(doc);
}

function titleOf(packed: Uint8Array): unknown {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, unpackState(packed));
	return doc.getMap('meta').get('title');
}

describe('packed versions', () => {
	it('round-trip a Yjs state, and refuse an unknown packing', () => {
		const s = state('Paspoort');
		expect(unpackState(packState(s))).toEqual(s);
		expect(() => unpackState(new Uint8Array([9, 1, 2]))).toThrow(/Onbekende verpakking/);
	});

	it('take the day in the Netherlands', () => {
		// 23:30 UTC on 31 March is already 1 April in Amsterdam (summer time).
		expect(dayOf(Date.UTC(2026, 2, 31, 23, 30))).toBe('2026-04-01');
	});
});

describe('SqliteStore versions', () => {
	it('keeps one automatic version per day, replaced by each compaction, beside the named ones', () => {
		const s = store();
		s.createJourney('j1', 'Reis', state('begin'), hashes);
		const named = { ...autoVersion('j1', state('na workshop'), 1000), autoDay: null, name: 'na workshop' };
		s.putVersion(named);
		s.compact('j1', state('middag'));
		const [auto1] = s.listVersions('j1').filter((v) => v.autoDay !== null);
		s.compact('j1', state('avond'));
		const list = s.listVersions('j1');
		expect(list).toHaveLength(2);
		const auto = list.find((v) => v.autoDay !== null)!;
		expect(auto.id).toBe(auto1.id);
		expect(auto.autoDay).toBe(dayOf(Date.now()));
		expect(list[0].id).toBe(auto.id); // newest first
		expect(titleOf(s.getVersion('j1', auto.id)!.state)).toBe('avond');
		expect(titleOf(s.getVersion('j1', named.id)!.state)).toBe('na workshop');
		expect(s.getVersion('j1', 'v-none')).toBeNull();
		expect(s.getVersion('other', named.id)).toBeNull();
	});

	it('links a desired journey both ways and forgets versions, names and links with the journey', () => {
		const s = store();
		s.createJourney('now', 'Huidig', state('a'), hashes);
		s.createJourney('later', 'Gewenst', state('b'), hashes);
		s.linkDesired('later', 'now');
		s.putEditor('now', 42, 'Anna');
		s.putEditor('now', 42, 'Anna B.');
		s.compact('now', state('c'));
		expect(s.basedOn('later')).toBe('now');
		expect(s.basedOn('now')).toBeNull();
		expect(s.desiredOf('now').map((d) => d.id)).toEqual(['later']);
		expect(s.editorNames('now', [42, 7])).toEqual(new Map([[42, 'Anna B.']]));
		s.deleteJourney('now');
		expect(s.listVersions('now')).toEqual([]);
		expect(s.editorNames('now', [42]).size).toBe(0);
		expect(s.basedOn('later')).toBeNull();
		s.close();
	});
});
