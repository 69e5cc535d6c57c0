import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { readJourney, type Problem } from '$lib/sync/journey-doc';
import type { SqliteStore } from '../persistence/sqlite';

/** How long after an edit the room checks its entries against the schema. */
const VALIDATE_AFTER_MS = 1500;

/** Something a room broadcasts to: one open socket, whatever its role. */
export interface Peer {
	send(message: Uint8Array): void;
}

/**
 * One journey held in memory while anyone is connected: its Y.Doc, the
 * awareness of everyone in it, and the peers to broadcast to.
 */
export class Room {
	readonly doc = new Y.Doc({ gc: true });
	readonly awareness: awarenessProtocol.Awareness;
	readonly peers = new Set<Peer>();
	/** Listeners for doc and awareness broadcasts, set by the sync server. */
	onUpdate: (update: Uint8Array, origin: unknown) => void = () => {};
	onAwareness: (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => void =
		() => {};
	/**
	 * Bytes this journey takes in storage: the snapshot plus the updates since.
	 * An upper bound of the encoded document, cheap to keep per update; exact
	 * again after each compaction.
	 */
	storedBytes = 0;
	/** Entries a client wrote that do not validate: quarantined, left out of snapshots and exports. */
	problems: Problem[] = [];
	private updatesSinceCompaction = 0;
	private validateTimer: ReturnType<typeof setTimeout> | null = null;

	constructor(
		readonly id: string,
		private readonly store: SqliteStore,
		private readonly compactAfter: number,
		private readonly log: (message: string) => void
	) {
		const stored = store.loadDoc(id);
		// Loading replays what is on disk; nothing is stored or broadcast again for it.
		if (stored.snapshot) Y.applyUpdate(this.doc, stored.snapshot);
		for (const update of stored.updates) Y.applyUpdate(this.doc, update);
		this.storedBytes =
			(stored.snapshot?.byteLength ?? 0) + stored.updates.reduce((n, u) => n + u.byteLength, 0);
		this.updatesSinceCompaction = stored.updates.length;
		this.awareness = new awarenessProtocol.Awareness(this.doc);
		// The server holds no awareness state of its own.
		this.awareness.setLocalState(null);
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			// Write before broadcast, so an edit a peer has seen is on disk.
			const pending = this.store.appendUpdate(this.id, update);
			this.storedBytes += update.byteLength;
			this.updatesSinceCompaction++;
			this.onUpdate(update, origin);
			if (pending >= this.compactAfter) this.compact();
			this.scheduleValidation();
		});
		this.awareness.on(
			'update',
			(changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) =>
				this.onAwareness(changes, origin)
		);
	}

	/** Compacts only when updates were stored since the last compaction (cheap to call often). */
	compactIfChanged(): void {
		if (this.updatesSinceCompaction > 0) this.compact();
	}

	/** Folds the stored updates into one snapshot of the live doc. */
	compact(): void {
		try {
			const state = Y.encodeStateAsUpdate(this.doc);
			this.store.compact(this.id, state);
			this.storedBytes = state.byteLength;
			this.updatesSinceCompaction = 0;
		} catch (e) {
			this.log(`Compacteren van ${this.id} mislukt: ${e instanceof Error ? e.message : String(e)}`);
		}
	}

	/**
	 * Checks every entry against the schema a moment after edits settle, and
	 * reports what a client wrote that does not validate. Such an entry stays in
	 * the document (a CRDT cannot take it back from the other clients), but
	 * readJourney leaves it out of every snapshot and export: it is quarantined.
	 */
	private scheduleValidation(): void {
		if (this.validateTimer) return;
		this.validateTimer = setTimeout(() => {
			this.validateTimer = null;
			try {
				const { problems } = readJourney(this.doc, this.id);
				const known = new Set(this.problems.map((p) => p.path));
				const fresh = problems.filter((p) => !known.has(p.path));
				this.problems = problems;
				if (fresh.length > 0) {
					this.log(
						`Klantreis ${this.id}: ${fresh.length} ongeldig(e) onderdeel/onderdelen in quarantaine ` +
							'(buiten momentopnamen en exports): ' +
							fresh
								.slice(0, 5)
								.map((p) => `${p.path}: ${p.message}`)
								.join('; ')
					);
				}
			} catch (e) {
				this.log(`Controle van ${this.id} mislukt: ${e instanceof Error ? e.message : String(e)}`);
			}
		}, VALIDATE_AFTER_MS);
		this.validateTimer.unref();
	}

	destroy(): void {
		if (this.validateTimer) clearTimeout(this.validateTimer);
		this.validateTimer = null;
		this.awareness.destroy();
		this.doc.destroy();
	}
}

/** The rooms of this process; a room is loaded on first use and unloaded when empty. */
export class Rooms {
	private readonly rooms = new Map<string, Room>();

	constructor(
		private readonly store: SqliteStore,
		private readonly compactAfter: number,
		private readonly log: (message: string) => void
	) {}

	get size(): number {
		return this.rooms.size;
	}

	loaded(id: string): Room | undefined {
		return this.rooms.get(id);
	}

	acquire(id: string): Room {
		let room = this.rooms.get(id);
		if (!room) {
			room = new Room(id, this.store, this.compactAfter, this.log);
			this.rooms.set(id, room);
		}
		return room;
	}

	/** Unloads a room that nobody uses any more, after storing it as one snapshot. */
	releaseIfEmpty(room: Room): void {
		if (room.peers.size > 0 || this.rooms.get(room.id) !== room) return;
		room.compact();
		room.destroy();
		this.rooms.delete(room.id);
	}

	/**
	 * Runs `fn` on the live doc of a journey: the room's when it is loaded,
	 * otherwise a doc read from storage for the occasion.
	 */
	withDoc<T>(id: string, fn: (doc: Y.Doc) => T): T {
		const room = this.rooms.get(id);
		if (room) return fn(room.doc);
		const doc = new Y.Doc();
		try {
			const stored = this.store.loadDoc(id);
			if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
			for (const update of stored.updates) Y.applyUpdate(doc, update);
			return fn(doc);
		} finally {
			doc.destroy();
		}
	}

	/** Unloads a room without storing it (its journey was deleted). */
	discard(id: string): void {
		const room = this.rooms.get(id);
		if (!room) return;
		room.destroy();
		this.rooms.delete(id);
	}

	/** Stores and unloads every room (shutdown). */
	closeAll(): void {
		for (const room of this.rooms.values()) {
			room.compact();
			room.destroy();
		}
		this.rooms.clear();
	}
}
