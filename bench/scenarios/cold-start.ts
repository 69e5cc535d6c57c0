import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { SqliteStore } from '../../src/lib/server/persistence/sqlite';
import { Room } from '../../src/lib/server/sync/rooms';
import { moveStep, noteFragment, writeJourney } from '../../src/lib/sync/journey-doc';
import { bigJourney } from '../../tests/helpers/journeys';
import { defineScenario } from '../lib/scenario';
import { median } from '../lib/stats';

type Params = { updates: number; steps: number; samples: number };

/** Loads the journey as the server does when the first client opens it: a Room, from storage. */
async function loadTime(store: SqliteStore, id: string): Promise<number> {
	const start = performance.now();
	const room = await openRoom(store, id);
	const ms = performance.now() - start;
	room.destroy();
	return ms;
}

/** A room whose doc holds the stored journey (`ready`, where rooms load asynchronously, awaited). */
async function openRoom(store: SqliteStore, id: string): Promise<Room> {
	const room = new Room(id, store, Number.MAX_SAFE_INTEGER, () => {});
	await (room as { ready?: Promise<void> }).ready;
	return room;
}

async function samples(n: number, fn: () => Promise<number>): Promise<number[]> {
	const out: number[] = [];
	for (let i = 0; i < n; i++) out.push(await fn());
	return out;
}

/**
 * A long workshop as storage holds it: the journey's first snapshot, then
 * `updates` single edits as clients send them (cards moved, notes typed one
 * character at a time), each stored as its own row.
 */
function storeSession(store: SqliteStore, id: string, steps: number, updates: number): void {
	const journey = bigJourney({ stages: 8, channels: 10, steps, tickets: 50 });
	const doc = new Y.Doc();
	writeJourney(doc, journey);
	store.createJourney(id, journey.title, Y.encodeStateAsUpdate(doc), {
		facilitator: 'f',
		editor: 'e',
		viewer: 'v'
	});
	const pending: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => pending.push(update));
	const texts = journey.steps.slice(0, 20).map((s) => {
		const fragment = noteFragment(doc, s.id)!;
		const paragraph = new Y.XmlElement('paragraph');
		const text = new Y.XmlText();
		doc.transact(() => {
			fragment.insert(fragment.length, [paragraph]);
			paragraph.insert(0, [text]);
		});
		return text;
	});
	for (let i = 0; pending.length < updates; i++) {
		if (i % 4 === 0) {
			const step = journey.steps[i % journey.steps.length];
			moveStep(doc, step.id, { stageId: step.stageId, channelId: step.channelId, order: 1000 + i });
		} else {
			const text = texts[i % texts.length];
			text.insert(text.length, 'x');
		}
	}
	store.db.transaction(() => {
		for (const update of pending.slice(0, updates)) store.appendUpdate(id, update);
	})();
	doc.destroy();
}

export default defineScenario<Params>({
	name: 'cold-start',
	description:
		'Opening a big journey from storage (a Room as the first client creates it): 10,000 stored updates, then after compaction.',
	method:
		"In-process, with the server's own `SqliteStore` and `Room` on a fresh SQLite file: the time from reading storage until the live Y.Doc holds the journey (what the first client waits for, before its sync). " +
		'The journey has 300 steps; the updates are single edits (a card moved, one typed character), each its own row, as the sync server stores them.',
	quick: { runs: 3, updates: 10_000, steps: 300, samples: 3 },
	full: { runs: 3, updates: 10_000, steps: 300, samples: 7 },
	async run(params) {
		const dir = mkdtempSync(join(tmpdir(), 'klantreis-bench-cold-'));
		const store = new SqliteStore(dir);
		try {
			const id = 'koude-start';
			storeSession(store, id, params.steps, params.updates);
			const stored = await store.loadDoc(id);
			const rawBytes = stored.updates.reduce((n, u) => n + u.byteLength, stored.snapshot?.byteLength ?? 0);
			await loadTime(store, id); // warm the code paths once
			const before = median(await samples(params.samples, () => loadTime(store, id)));
			const room = await openRoom(store, id);
			const compactStart = performance.now();
			await room.compact();
			const compactMs = performance.now() - compactStart;
			room.destroy();
			const after = median(await samples(params.samples, () => loadTime(store, id)));
			const compacted = (await store.loadDoc(id)).snapshot?.byteLength ?? 0;
			return [
				{ key: 'updates', label: 'stored updates', value: stored.updates.length, unit: '' },
				{ key: 'before', label: `open with ${params.updates} updates`, value: before, unit: 'ms' },
				{ key: 'compact', label: 'compaction itself', value: compactMs, unit: 'ms' },
				{ key: 'after', label: 'open after compaction', value: after, unit: 'ms', target: { max: 100 } },
				{ key: 'bytes.before', label: 'stored size before', value: rawBytes / 1024, unit: 'KB' },
				{ key: 'bytes.after', label: 'stored size after', value: compacted / 1024, unit: 'KB' }
			];
		} finally {
			store.close();
			rmSync(dir, { recursive: true, force: true });
		}
	}
});
