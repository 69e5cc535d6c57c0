import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { SqliteStore } from '../persistence/sqlite';

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
		this.awareness = new awarenessProtocol.Awareness(this.doc);
		// The server holds no awareness state of its own.
		this.awareness.setLocalState(null);
		this.doc.on('update', (update: Uint8Array, origin: unknown) => {
			// Write before broadcast, so an edit a peer has seen is on disk.
			const pending = this.store.appendUpdate(this.id, update);
			this.onUpdate(update, origin);
			if (pending >= this.compactAfter) this.compact();
		});
		this.awareness.on(
			'update',
			(changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) =>
				this.onAwareness(changes, origin)
		);
	}

	/** Folds the stored updates into one snapshot of the live doc. */
	compact(): void {
		try {
			this.store.compact(this.id, Y.encodeStateAsUpdate(this.doc));
		} catch (e) {
			this.log(`Compacteren van ${this.id} mislukt: ${e instanceof Error ? e.message : String(e)}`);
		}
	}

	destroy(): void {
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

	/** Stores and unloads every room (shutdown). */
	closeAll(): void {
		for (const room of this.rooms.values()) {
			room.compact();
			room.destroy();
		}
		this.rooms.clear();
	}
}
