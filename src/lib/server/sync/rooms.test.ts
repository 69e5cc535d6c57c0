import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SqliteStore } from '../persistence/sqlite';
import { batchTiming, roomTiming, Rooms, type Room } from './rooms';

const HASHES = { facilitator: 'f'.repeat(64), editor: 'e'.repeat(64), viewer: 'v'.repeat(64) };

/** A client's doc with a few steps and a note, as an update (what a journey starts from). */
function makeSeed(): Uint8Array {
	const doc = new Y.Doc();
	const steps = doc.getMap<Y.Map<unknown>>('steps');
	for (let i = 0; i < 20; i++) {
		const step = new Y.Map<unknown>();
		step.set('id', `s${i}`);
		step.set('title', `Stap ${i}`);
		steps.set(`s${i}`, step);
	}
	doc.getXmlFragment('note:s1').insert(0, [new Y.XmlText('Begin')]);
	return Y.encodeStateAsUpdate(doc);
}
const SEED = makeSeed();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the room has dropped its Y.Doc (it holds only the encoded state). */
async function idle(room: Room): Promise<void> {
	for (let i = 0; i < 200 && room.built; i++) await sleep(10);
	expect(room.built).toBe(false);
}

/** What a client that syncs with the room sees: state vector and content. */
function clientOf(room: Room, base?: Y.Doc): Y.Doc {
	const doc = base ?? new Y.Doc();
	Y.applyUpdate(doc, room.diff(Y.encodeStateVector(doc)));
	return doc;
}

function content(doc: Y.Doc) {
	return { steps: doc.getMap('steps').toJSON(), note: doc.getXmlFragment('note:s1').toString() };
}

describe('a room that holds only its encoded state while idle', () => {
	let dir: string;
	let store: SqliteStore;
	let rooms: Rooms;
	const before = roomTiming.idleDocMs;

	beforeEach(() => {
		roomTiming.idleDocMs = 30;
		dir = mkdtempSync(join(tmpdir(), 'klantreis-rooms-'));
		store = new SqliteStore(dir);
		store.createJourney('j1', 'Reis', SEED, HASHES);
		rooms = new Rooms(store, 500, () => {});
	});
	afterEach(async () => {
		roomTiming.idleDocMs = before;
		await rooms.closeAll();
		store.close();
		rmSync(dir, { recursive: true, force: true });
	});

	it('loads a compacted journey without building a Y.Doc and answers sync from the stored bytes', () => {
		const room = rooms.acquire('j1');
		expect(room.loaded).toBe(true);
		expect(room.built).toBe(false);
		const viaRoom = clientOf(room);
		const direct = new Y.Doc();
		Y.applyUpdate(direct, SEED);
		expect(content(viaRoom)).toEqual(content(direct));
		expect(room.stateVector()).toEqual(Y.encodeStateVector(direct));
		expect(room.built).toBe(false);
	});

	it('builds the doc for an edit, drops it after the quiet period, and answers the same afterwards', async () => {
		const room = rooms.acquire('j1');
		const a = clientOf(room);
		const b = clientOf(room);
		// Client a edits; the room applies it (as the sync server does) and b receives the broadcast.
		const sent: Uint8Array[] = [];
		room.onUpdate = (update) => sent.push(update);
		a.on('update', (u: Uint8Array, origin: unknown) => {
			if (origin !== 'room') Y.applyUpdate(room.doc, u, 'client-a');
		});
		a.transact(() => {
			(a.getMap('steps').get('s3') as Y.Map<unknown>).set('title', 'Nieuw');
			a.getMap('steps').delete('s4');
			a.getXmlFragment('note:s1').insert(1, [new Y.XmlText(' en meer')]);
		});
		expect(room.built).toBe(true);
		// Stored, then broadcast: an edit that comes alone goes out at once (see the write batch below).
		expect(store.pendingUpdates('j1')).toBe(1);
		expect(sent.length).toBe(1);
		for (const u of sent) Y.applyUpdate(b, u);
		const liveSv = room.stateVector();
		const liveAnswer = room.diff(Y.encodeStateVector(new Y.Doc()));

		await idle(room);
		// The same state vector, and a newcomer and a client that was behind get what the live doc gave.
		expect(room.stateVector()).toEqual(liveSv);
		const late = clientOf(room);
		const fromLive = new Y.Doc();
		Y.applyUpdate(fromLive, liveAnswer);
		expect(content(late)).toEqual(content(fromLive));
		expect(content(late)).toEqual(content(a));
		expect(content(b)).toEqual(content(a));
		expect(Y.encodeStateVector(late)).toEqual(Y.encodeStateVector(a));

		// An edit after the drop rebuilds the doc from the bytes and lands on top of everything.
		const behind = new Y.Doc();
		Y.applyUpdate(behind, SEED);
		a.transact(() => (a.getMap('steps').get('s5') as Y.Map<unknown>).set('title', 'Later'));
		expect(room.built).toBe(true);
		clientOf(room, behind);
		expect(content(behind)).toEqual(content(a));
	});

	it('compacts and restarts from a dropped doc without losing an edit', async () => {
		let room = rooms.acquire('j1');
		const a = clientOf(room);
		a.on('update', (u: Uint8Array) => Y.applyUpdate(room.doc, u, 'client-a'));
		a.getMap('meta').set('title', 'Na herstart');
		await idle(room);
		// Compaction folds the stored rows into the encoded state the room holds.
		await room.compact();
		expect(store.pendingUpdates('j1')).toBe(0);
		a.getMap('meta').set('owner', 'Team');
		await idle(room);
		await rooms.closeAll();
		// A restart: a new set of rooms on the same file.
		rooms = new Rooms(store, 500, () => {});
		room = rooms.acquire('j1');
		expect(room.built).toBe(false);
		const fresh = clientOf(room);
		expect(fresh.getMap('meta').toJSON()).toEqual({ title: 'Na herstart', owner: 'Team' });
		expect(content(fresh)).toEqual(content(a));
	});

	it('caches an answer per document version, and a change gives a fresh one', () => {
		const room = rooms.acquire('j1');
		let made = 0;
		const make = () => (made++, room.diff(new Uint8Array([0])));
		const first = room.cached('step2:empty', make);
		expect(room.cached('step2:empty', make)).toBe(first);
		expect(made).toBe(1);
		room.doc.getMap('meta').set('title', 'Anders');
		const second = room.cached('step2:empty', make);
		expect(made).toBe(2);
		expect(second).not.toBe(first);
		const doc = new Y.Doc();
		Y.applyUpdate(doc, second);
		expect(doc.getMap('meta').get('title')).toBe('Anders');
	});
});

describe('the write batch of the embedded store', () => {
	let dir: string;
	let store: SqliteStore;
	let rooms: Rooms;
	/** The batches the store was asked to write, as numbers of rows. */
	let commits: number[];
	/** What each room broadcast, in order: [room id, update]. */
	let sent: [string, Uint8Array][];
	const windowBefore = batchTiming.windowMs;

	beforeEach(() => {
		// Wide enough that a slow test machine still sees "quick succession" where the test means it.
		batchTiming.windowMs = 1000;
		dir = mkdtempSync(join(tmpdir(), 'klantreis-batch-'));
		store = new SqliteStore(dir);
		commits = [];
		const append = store.appendUpdates.bind(store);
		store.appendUpdates = (rows) => {
			commits.push(rows.length);
			append(rows);
		};
		store.createJourney('j1', 'Reis', SEED, HASHES);
		store.createJourney('j2', 'Reis 2', SEED, HASHES);
		rooms = new Rooms(store, 500, () => {});
		sent = [];
	});
	afterEach(async () => {
		batchTiming.windowMs = windowBefore;
		await rooms.closeAll();
		store.close();
		rmSync(dir, { recursive: true, force: true });
	});

	function open(id: string): Room {
		const room = rooms.acquire(id);
		room.onUpdate = (update) => sent.push([id, update]);
		return room;
	}

	/** A client's edit of a step title (its own doc, one update), made ahead so edits can follow each other quickly. */
	function titleEdit(room: Room, title: string): Uint8Array {
		const client = clientOf(room);
		const update: Uint8Array[] = [];
		client.on('update', (u: Uint8Array) => update.push(u));
		(client.getMap('steps').get('s0') as Y.Map<unknown>).set('title', title);
		return update[0];
	}

	function apply(room: Room, update: Uint8Array): void {
		Y.applyUpdate(room.doc, update, 'client');
	}

	it('writes and broadcasts an update that comes alone at once, without a transaction around one row', async () => {
		const room = open('j1');
		await room.ready;
		await sleep(5);
		const rows = store.pendingUpdates('j1');
		apply(room, titleEdit(room, 'Alleen'));
		// Stored and broadcast before the call returned: nothing waits for the next turn.
		expect(store.pendingUpdates('j1')).toBe(rows + 1);
		expect(sent).toHaveLength(1);
		expect(commits).toEqual([1]);
	});

	it('gives updates that come in quick succession, from several rooms, one commit and broadcasts them in order after it', async () => {
		const a = open('j1');
		const b = open('j2');
		await Promise.all([a.ready, b.ready]);
		const edits = [titleEdit(a, 'een'), titleEdit(b, 'twee'), titleEdit(a, 'drie'), titleEdit(b, 'vier')];
		await sleep(5);
		apply(a, edits[0]);
		// The first came alone; these three follow within the window and wait for one commit.
		apply(b, edits[1]);
		apply(a, edits[2]);
		apply(b, edits[3]);
		expect(sent).toHaveLength(1);
		expect(store.pendingUpdates('j2')).toBe(0);
		await new Promise((r) => setImmediate(r));
		expect(commits).toEqual([1, 3]);
		expect(sent.map(([id]) => id)).toEqual(['j1', 'j2', 'j1', 'j2']);
		expect(store.pendingUpdates('j1')).toBe(2);
		expect(store.pendingUpdates('j2')).toBe(2);
		// What was broadcast is what a client gets from storage after a restart.
		const reread = new Y.Doc();
		const stored = store.loadDoc('j2');
		Y.applyUpdate(reread, stored.snapshot!);
		for (const u of stored.updates) Y.applyUpdate(reread, u);
		expect(reread.getMap('steps').toJSON()).toEqual(b.doc.getMap('steps').toJSON());
		expect(Y.encodeStateVector(reread)).toEqual(Y.encodeStateVector(b.doc));
	});

	it('retries a failed commit row by row: one journey that cannot be stored does not hold back another', async () => {
		const a = open('j1');
		const b = open('j2');
		await Promise.all([a.ready, b.ready]);
		let failures = 0;
		b.onStorageFailure = () => failures++;
		const edits = [titleEdit(a, 'een'), titleEdit(b, 'twee'), titleEdit(a, 'drie')];
		// j2 disappears from storage: its rows break the foreign key, the batch's transaction fails.
		store.db.prepare('DELETE FROM journeys WHERE id = ?').run('j2');
		await sleep(5);
		apply(a, edits[0]);
		apply(b, edits[1]);
		apply(a, edits[2]);
		await new Promise((r) => setImmediate(r));
		expect(failures).toBe(1);
		expect(sent.map(([id]) => id)).toEqual(['j1', 'j1']);
		expect(store.pendingUpdates('j1')).toBe(2);
	});
});
