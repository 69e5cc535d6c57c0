import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { readJourney, type Problem } from '$lib/sync/journey-doc';
import { migrateDoc } from '$lib/sync/doc-migrations';
import { CURRENT_SCHEMA_VERSION } from '$lib/model';
import { MIGRATION_ORIGIN } from '$lib/sync/origins';
import { isPromise, type MaybePromise, type Store, type StoredDoc } from '../persistence/store';
import { journeyOfSessionRoom, type Role } from '$lib/sync/protocol';
import { BusKind, type Bus, type BusMessage } from './bus';
import { config } from '../config';

/** How long after an edit the room checks its entries against the schema. */
const VALIDATE_AFTER_MS = 1500;
/**
 * How long a room's Y.Doc stays built after its last use (an edit, a check, a
 * snapshot); then the room keeps only the encoded state (config.ts,
 * KLANTREIS_IDLE_DOC_MS). Tests may shorten it for rooms created afterwards.
 */
export const roomTiming = { idleDocMs: config().idleDocMs };
/** Encoded answers (sync step 1 and 2) a room keeps per document version. */
const MAX_CACHED = 8;
/** The empty document as an update: what a room holds before anything is stored. */
const EMPTY_STATE = Y.encodeStateAsUpdate(new Y.Doc());

/**
 * Origin of updates and awareness that came from another instance over the
 * bus (or, after a gap, from the shared database): stored already, so they
 * are broadcast to this instance's clients but neither stored nor published again.
 */
export const REMOTE_ORIGIN = Symbol('klantreis.remote');
/** Origin of replaying the stored state into a freshly built doc: neither stored nor broadcast. */
const LOAD_ORIGIN = Symbol('klantreis.load');

/** Something a room broadcasts to: one open socket, whatever its role. */
export interface Subscriber {
	send(message: Uint8Array): void;
}

type AwarenessChanges = { added: number[]; updated: number[]; removed: number[] };

/**
 * One journey held in memory while anyone is connected: its document, the
 * awareness of everyone in it, and the subscribers (sockets) to broadcast to.
 *
 * The document is held in one of two forms. While people edit, a Y.Doc
 * (`doc`, built on first use). When nobody has written, checked or read it
 * for IDLE_DOC_MS, only its encoded state (one merged Yjs update, about a
 * tenth of the Y.Doc's memory); sync step 1 is answered from that form
 * (`stateVector`, `diff`), and the Y.Doc is built again when an edit, a
 * validation or a snapshot needs it. Both forms hold the same state.
 *
 * Every update goes through one ordered write queue: applied to the doc,
 * stored, and only then broadcast (and published to other instances), in
 * arrival order. With the embedded store the write is synchronous and the
 * queue stays empty, so nothing waits a tick.
 */
export class Room {
	readonly awareness: awarenessProtocol.Awareness;
	/** The Y.Doc while it is built; null while the room holds only `state`. */
	private live: Y.Doc | null = null;
	/** The encoded document while no Y.Doc is built (a Yjs update); null while `live` is. */
	private state: Uint8Array | null = EMPTY_STATE;
	/**
	 * Counts the document's changes: answers cached under one version are
	 * still right until the next change (a new connection's step 2, say).
	 */
	version = 0;
	private readonly cache = new Map<string, unknown>();
	private cacheVersion = -1;
	private lastUse = 0;
	private idleTimer: ReturnType<typeof setTimeout> | null = null;
	readonly subscribers = new Set<Subscriber>();
	/** Listeners for doc and awareness broadcasts, set by the sync server. */
	onUpdate: (update: Uint8Array, origin: unknown) => void = () => {};
	onAwareness: (changes: AwarenessChanges, origin: unknown) => void = () => {};
	/** Called when an update could not be stored: its clients must reconnect and resend. */
	onStorageFailure: () => void = () => {};
	/** Another instance closed this journey's sockets (token rotation, deletion): close ours too. */
	onRemoteClose: (code: number, reason: string, roles?: Role[]) => void = () => {};
	/**
	 * Bytes this journey takes in storage: the snapshot plus the updates since.
	 * An upper bound of the encoded document, cheap to keep per update; exact
	 * again after each compaction.
	 */
	storedBytes = 0;
	/** Entries a client wrote that do not validate: quarantined, left out of snapshots and exports. */
	problems: Problem[] = [];
	/** False until the stored document (and, with a bus, what arrived meanwhile) is in the doc. */
	loaded = false;
	/** Settles when the room is loaded; rejects when storage could not be read. */
	readonly ready: Promise<void>;
	private updatesSinceCompaction = 0;
	private validateTimer: ReturnType<typeof setTimeout> | null = null;
	/** The last write in flight; null when every stored update has been broadcast. */
	private tail: Promise<void> | null = null;
	private compacting: Promise<void> | null = null;
	/** Bus messages that arrived while the room was loading, applied after the stored doc. */
	private buffered: BusMessage[] | null = null;
	/** Awareness client ids of other instances' clients, with the instance they are on. */
	private readonly remoteClients = new Map<number, string>();
	/** The instance whose awareness update is being applied (read in the awareness listener). */
	private applyingFrom = '';
	private destroyed = false;
	/** True while stored rows are replayed into a freshly built doc (no migration halfway). */
	private replaying = false;

	constructor(
		readonly id: string,
		private readonly store: Store,
		private readonly compactAfter: number,
		private readonly log: (message: string) => void,
		private readonly bus: Bus | null = null,
		/** A previous room of this journey that is still being stored; load after it. */
		after: Promise<void> | null = null
	) {
		// Awareness only borrows a doc's client id (the server announces no state of its own):
		// an empty doc of its own (about 3 KB) leaves the journey's document free to be dropped.
		this.awareness = new awarenessProtocol.Awareness(new Y.Doc());
		// The server holds no awareness state of its own.
		this.awareness.setLocalState(null);
		this.awareness.on('update', (changes: AwarenessChanges, origin: unknown) =>
			this.awarenessChanged(changes, origin)
		);
		const stored = bus || after ? null : store.loadDoc(id);
		if (stored && !isPromise(stored)) {
			this.apply(stored);
			this.ready = Promise.resolve();
		} else {
			this.ready = this.load(stored, after);
			// A failed load is reported to whoever waits for `ready`; never unhandled.
			this.ready.catch(() => {});
		}
	}

	/**
	 * Loads while other instances may keep writing: subscribe first and buffer
	 * what arrives, then read the database, then apply the buffer. An update
	 * committed before the read is in the read; one committed after it was
	 * published after the subscription, so it is in the buffer. Yjs updates
	 * are idempotent and commute, so what is in both does no harm.
	 */
	private async load(pending: Promise<StoredDoc> | null, after: Promise<void> | null): Promise<void> {
		if (after) await after.catch(() => {});
		if (this.bus) {
			this.buffered = [];
			await this.bus.join(this.id, (message) => this.fromBus(message));
		}
		const stored = await (pending ?? this.store.loadDoc(this.id));
		if (this.destroyed) return;
		this.apply(stored);
		const buffered = this.buffered ?? [];
		this.buffered = null;
		for (const message of buffered) this.fromBus(message);
		// Ask the other instances who is here; their clients' cursors then show at once.
		this.bus?.publish(this.id, BusKind.Query, new Uint8Array());
	}

	private apply(stored: StoredDoc): void {
		// Loading replays what is on disk; nothing is stored or broadcast again for it.
		// A compacted journey (the usual case) is one snapshot: held as it is, nothing built.
		this.state = stored.snapshot ?? EMPTY_STATE;
		this.storedBytes =
			(stored.snapshot?.byteLength ?? 0) + stored.updates.reduce((n, u) => n + u.byteLength, 0);
		this.updatesSinceCompaction = stored.updates.length;
		this.loaded = true;
		if (stored.updates.length > 0) {
			// Rows after the snapshot (a crash before compaction, another instance): replayed into a doc.
			this.replaying = true;
			const doc = this.doc;
			for (const update of stored.updates) Y.applyUpdate(doc, update, LOAD_ORIGIN);
			this.replaying = false;
			this.migrate();
		}
		this.version++;
	}

	/**
	 * The journey's Y.Doc, built from the encoded state when the room holds
	 * none; dropped again after IDLE_DOC_MS without use. Do not keep it across
	 * an await: read it again.
	 */
	get doc(): Y.Doc {
		this.lastUse = performance.now();
		if (this.live) return this.live;
		const doc = new Y.Doc({ gc: true });
		if (this.state) Y.applyUpdate(doc, this.state, LOAD_ORIGIN);
		doc.on('update', (update: Uint8Array, origin: unknown) => {
			if (origin !== LOAD_ORIGIN) this.updated(update, origin);
		});
		this.live = doc;
		this.state = null;
		this.scheduleIdle(roomTiming.idleDocMs);
		// A no-op for a doc at this build's version (it reads one key); an older one is
		// migrated the first time the room builds its doc, as one stored update (not while
		// stored rows are being replayed into it: see apply).
		if (!this.replaying) this.migrate();
		return doc;
	}

	/** True while the room holds a built Y.Doc (false: only the encoded state). */
	get built(): boolean {
		return this.live !== null;
	}

	/** The document's state vector (Yjs encoding), from whichever form the room holds. */
	stateVector(): Uint8Array {
		if (this.live) return Y.encodeStateVector(this.live);
		return Y.encodeStateVectorFromUpdate(this.state!);
	}

	/** What a client with state vector `sv` lacks (a Yjs update), from whichever form the room holds. */
	diff(sv: Uint8Array): Uint8Array {
		if (this.live) return Y.encodeStateAsUpdate(this.live, sv);
		return Y.diffUpdate(this.state!, sv);
	}

	/**
	 * A value computed from the document as it is now, kept until the next
	 * change (at most MAX_CACHED per version, dropped with the doc when idle):
	 * the same answer to repeated step 1s is encoded once, not per request.
	 */
	cached<T>(key: string, make: () => T): T {
		if (this.cacheVersion !== this.version) {
			this.cache.clear();
			this.cacheVersion = this.version;
		}
		let value = this.cache.get(key) as T | undefined;
		if (value === undefined) {
			value = make();
			if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
			this.cache.set(key, value);
			if (!this.idleTimer) this.scheduleIdle(roomTiming.idleDocMs);
		}
		return value;
	}

	private scheduleIdle(ms: number): void {
		if (this.idleTimer) clearTimeout(this.idleTimer);
		this.idleTimer = setTimeout(() => this.idle(), ms);
		this.idleTimer.unref();
	}

	/** After a quiet period: keep only the encoded state; nothing in flight may need the doc. */
	private idle(): void {
		this.idleTimer = null;
		if (this.destroyed) return;
		const quiet = performance.now() - this.lastUse;
		const doc = this.live;
		const busy =
			quiet < roomTiming.idleDocMs ||
			this.validateTimer !== null ||
			this.tail !== null ||
			(doc !== null && (doc.store.pendingStructs !== null || doc.store.pendingDs !== null));
		if (busy) {
			this.scheduleIdle(Math.max(10, roomTiming.idleDocMs - quiet));
			return;
		}
		this.cache.clear();
		if (!doc) return;
		this.state = Y.encodeStateAsUpdate(doc);
		this.live = null;
		doc.destroy();
	}

	/**
	 * Brings the stored document up to this build's schemaVersion. It runs once the doc
	 * is built with its update listener on, so the migration is stored and broadcast like
	 * an edit and runs once per document. An idle room answers sync from the stored state,
	 * so a client may get the old layout first and the migration right after.
	 */
	private migrate(): void {
		// A trainer session room (`<id>/sessie`) is not a journey and has no schemaVersion.
		if (journeyOfSessionRoom(this.id) !== null) return;
		try {
			const { from, to, applied } = migrateDoc(this.doc, MIGRATION_ORIGIN);
			if (applied.length)
				this.log(`${this.id}: document van versie ${from} naar ${to} gebracht (${applied.join('; ')}).`);
			else if (from > CURRENT_SCHEMA_VERSION)
				this.log(
					`${this.id}: document van versie ${from} is nieuwer dan deze versie van Klantreis (${CURRENT_SCHEMA_VERSION}).`
				);
		} catch (e) {
			// The doc stays as it was (one transaction); the room still serves it.
			this.log(`${this.id}: migratie mislukt: ${e instanceof Error ? e.message : String(e)}`);
		}
	}

	private updated(update: Uint8Array, origin: unknown): void {
		this.version++;
		const remote = origin === REMOTE_ORIGIN;
		// Another instance stored a remote update already; but if it completed structs a local
		// client sent out of order (held back until now), those are in no stored update yet.
		const mustStore = !remote || this.releasedPending;
		this.storedBytes += update.byteLength;
		this.updatesSinceCompaction++;
		if (this.batch && this.tail === null) {
			// The embedded store: the updates of one event-loop turn are written in one
			// transaction, and broadcast right after it (still write before broadcast).
			this.batch.add(this, mustStore ? update : null, update, origin, remote);
			return;
		}
		const write = mustStore ? this.store.appendUpdate(this.id, update) : undefined;
		// Handled below, in turn; this only keeps a failure that comes early from counting as unhandled.
		if (isPromise(write)) write.catch(() => {});
		if (this.tail === null && !isPromise(write)) {
			// Write before broadcast, so an edit another client has seen is on disk.
			this.deliver(update, origin, remote);
			return;
		}
		// Broadcast in arrival order, each after its own write (writes run side by side).
		const task = (this.tail ?? Promise.resolve()).then(
			() => write,
			() => write
		);
		const delivered = task.then(
			() => this.deliver(update, origin, remote),
			(e: unknown) => this.storageFailed(e)
		);
		this.tail = delivered;
		void delivered.finally(() => {
			if (this.tail === delivered) this.tail = null;
		});
	}

	/** Resolves once every update so far is stored and broadcast (rejects when a write failed). */
	async settled(): Promise<void> {
		while (this.tail) await this.tail;
	}

	/** Set while a remote update is applied to a doc that held back structs of its own. */
	private releasedPending = false;
	/** Writes of the embedded store, batched per event-loop turn (set by Rooms). */
	batch: WriteBatch | null = null;

	/** @internal Broadcasts an update once it is stored (called by the write queue or the batch). */
	deliver(update: Uint8Array, origin: unknown, remote: boolean): void {
		if (this.destroyed) return;
		this.onUpdate(update, origin);
		if (!remote) this.bus?.publish(this.id, BusKind.Update, update);
		if (this.updatesSinceCompaction >= this.compactAfter) void this.compact();
		this.scheduleValidation();
	}

	/** @internal */
	storageFailed(e: unknown): void {
		this.log(
			`Opslaan van een wijziging in ${this.id} mislukt: ${e instanceof Error ? e.message : String(e)}; ` +
				'de verbindingen worden gesloten, zodat de clients opnieuw verbinden en hun wijzigingen opnieuw sturen.'
		);
		this.onStorageFailure();
	}

	/** A message from another instance about this room. */
	private fromBus(message: BusMessage): void {
		if (this.destroyed) return;
		if (this.buffered) {
			this.buffered.push(message);
			return;
		}
		try {
			if (message.kind === BusKind.Update) this.applyRemote(message.payload);
			else if (message.kind === BusKind.Awareness) {
				this.applyingFrom = message.from;
				awarenessProtocol.applyAwarenessUpdate(this.awareness, message.payload, REMOTE_ORIGIN);
			} else if (message.kind === BusKind.Close) {
				const { code, reason, roles } = JSON.parse(new TextDecoder().decode(message.payload)) as {
					code: number;
					reason: string;
					roles?: Role[];
				};
				this.onRemoteClose(code, reason, roles);
			} else if (message.kind === BusKind.Query) {
				const local = [...this.awareness.getStates().keys()].filter((id) => !this.remoteClients.has(id));
				if (local.length > 0) {
					this.bus?.publish(
						this.id,
						BusKind.Awareness,
						awarenessProtocol.encodeAwarenessUpdate(this.awareness, local)
					);
				}
			}
		} catch (e) {
			this.log(
				`Bericht van een andere instantie voor ${this.id} overgeslagen: ${e instanceof Error ? e.message : String(e)}`
			);
		} finally {
			this.applyingFrom = '';
		}
	}

	/** Applies an update that is stored already (another instance's, or read back from the database). */
	applyRemote(update: Uint8Array): void {
		const { store } = this.doc;
		this.releasedPending = store.pendingStructs !== null || store.pendingDs !== null;
		try {
			Y.applyUpdate(this.doc, update, REMOTE_ORIGIN);
		} finally {
			this.releasedPending = false;
		}
	}

	/**
	 * After the bus lost messages: everything is in the database (stored
	 * before published), so reading it back closes the gap.
	 */
	async catchUp(): Promise<void> {
		if (!this.loaded || this.destroyed) return;
		const stored = await this.store.loadDoc(this.id);
		if (this.destroyed) return;
		if (stored.snapshot) this.applyRemote(stored.snapshot);
		for (const update of stored.updates) this.applyRemote(update);
		this.bus?.publish(this.id, BusKind.Query, new Uint8Array());
	}

	/** Drops the awareness of the clients of an instance that stopped. */
	forgetInstance(instanceId: string): void {
		const ids = [...this.remoteClients].filter(([, from]) => from === instanceId).map(([id]) => id);
		if (ids.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, ids, REMOTE_ORIGIN);
	}

	private awarenessChanged(changes: AwarenessChanges, origin: unknown): void {
		if (origin === REMOTE_ORIGIN) {
			for (const id of [...changes.added, ...changes.updated]) this.remoteClients.set(id, this.applyingFrom);
			for (const id of changes.removed) this.remoteClients.delete(id);
		} else if (this.bus && origin !== 'timeout') {
			// Our own clients' presence (a removal on disconnect included); each instance times out remote ones itself.
			const changed = [...changes.added, ...changes.updated, ...changes.removed];
			this.bus.publish(
				this.id,
				BusKind.Awareness,
				awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed)
			);
		}
		this.onAwareness(changes, origin);
	}

	/**
	 * Whether `bytes` more keep the stored document within `max` bytes.
	 * `storedBytes` is an upper bound; before saying no, the room compacts to
	 * know the real size, and waits for that compaction when the store answers
	 * later (PostgreSQL) or one is already running: the size is read only once
	 * the store has updated it.
	 */
	fits(bytes: number, max: number): MaybePromise<boolean> {
		if (this.storedBytes + bytes <= max) return true;
		if (this.compacting === null) {
			if (this.updatesSinceCompaction === 0) return false;
			const done = this.compact();
			if (!isPromise(done)) return this.storedBytes + bytes <= max;
		}
		return (async () => {
			while (this.compacting) await this.compacting;
			if (this.storedBytes + bytes <= max) return true;
			// Updates stored while the first compaction ran: fold them too, once.
			if (this.updatesSinceCompaction > 0) await this.compact();
			return this.storedBytes + bytes <= max;
		})();
	}

	/** Compacts only when updates were stored since the last compaction (cheap to call often). */
	compactIfChanged(): MaybePromise<void> {
		if (this.updatesSinceCompaction > 0) return this.compact();
	}

	/** Folds the stored updates into one snapshot of the live doc. */
	compact(): MaybePromise<void> {
		if (this.compacting) return this.compacting;
		if (!this.loaded) return;
		// Rows batched for this turn are written first; the snapshot then replaces them too.
		this.batch?.flush();
		const failed = (e: unknown) =>
			this.log(`Compacteren van ${this.id} mislukt: ${e instanceof Error ? e.message : String(e)}`);
		try {
			const state = this.live ? Y.encodeStateAsUpdate(this.live) : this.state!;
			const folded = this.updatesSinceCompaction;
			const bytesBefore = this.storedBytes;
			const done = this.store.compact(this.id, state);
			if (!isPromise(done)) {
				this.storedBytes = state.byteLength;
				this.updatesSinceCompaction = 0;
				return;
			}
			this.compacting = done
				.then(() => {
					// What was stored while compacting stays a row and still counts.
					this.storedBytes = state.byteLength + Math.max(0, this.storedBytes - bytesBefore);
					this.updatesSinceCompaction = Math.max(0, this.updatesSinceCompaction - folded);
				}, failed)
				.finally(() => (this.compacting = null));
			return this.compacting;
		} catch (e) {
			failed(e);
		}
	}

	/**
	 * Checks every entry against the schema a moment after edits settle, and
	 * reports what a client wrote that does not validate. Such an entry stays in
	 * the document (a CRDT cannot take it back from the other clients), but
	 * readJourney leaves it out of every snapshot and export: it is quarantined.
	 */
	private scheduleValidation(): void {
		// A trainer session room (`<id>/sessie`) holds no journey; its reader validates it.
		if (this.validateTimer || journeyOfSessionRoom(this.id) !== null) return;
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

	/**
	 * Stores and unloads: waits for writes in flight, folds into a snapshot,
	 * leaves the bus. Synchronous with the embedded store.
	 */
	unload(): MaybePromise<void> {
		// Writes batched for this turn go first, so the snapshot comes after them.
		this.batch?.flush();
		if (this.loaded && this.tail === null && this.compacting === null) {
			const done = this.compactIfChanged();
			if (!isPromise(done)) {
				this.destroy();
				return;
			}
		}
		return (async () => {
			await this.ready.catch(() => {});
			while (this.tail) await this.tail;
			if (this.loaded) await this.compactIfChanged();
			this.destroy();
		})();
	}

	destroy(): void {
		if (this.destroyed) return;
		this.batch?.flush();
		this.destroyed = true;
		this.bus?.leave(this.id);
		if (this.validateTimer) clearTimeout(this.validateTimer);
		this.validateTimer = null;
		if (this.idleTimer) clearTimeout(this.idleTimer);
		this.idleTimer = null;
		this.cache.clear();
		this.awareness.doc.destroy();
		this.awareness.destroy();
		this.live?.destroy();
		this.live = null;
	}

	get isDestroyed(): boolean {
		return this.destroyed;
	}
}

type Batched = {
	room: Room;
	/** Null for an update that is stored already (it only waits for its turn to be broadcast). */
	write: Uint8Array | null;
	update: Uint8Array;
	origin: unknown;
	remote: boolean;
};

/**
 * Updates that come closer together than `windowMs` (after the previous one
 * was written) share one commit; an update that comes alone is written and
 * broadcast at once. 5 ms: a workshop's edits come tens of milliseconds
 * apart and go out at once, while a server that takes more than 200 updates
 * a second (many rooms) batches as before, so lone commits cost at most 200
 * a second. Tests may widen the window.
 */
export const batchTiming = { windowMs: 5 };

/**
 * The embedded store's writes, batched while updates come in quick
 * succession: updates from many sockets that arrive in the same event-loop
 * turn cost one commit, flushed in `setImmediate` (after this turn's I/O
 * callbacks), then each is broadcast in arrival order. An update that comes
 * alone (nothing waiting, none in the last `batchTiming.windowMs`) is written and
 * broadcast right away: in a workshop edits come tens of milliseconds apart,
 * nothing would share its commit, and waiting a turn would only add to the
 * time until the others see it. A failed transaction is retried update by
 * update, so one journey's failure does not fail another's.
 */
export class WriteBatch {
	private items: Batched[] = [];
	private scheduled = false;
	private lastAdd = -Infinity;

	constructor(private readonly store: Store & Required<Pick<Store, 'appendUpdates'>>) {}

	add(room: Room, write: Uint8Array | null, update: Uint8Array, origin: unknown, remote: boolean): void {
		const now = performance.now();
		const alone = this.items.length === 0 && now - this.lastAdd >= batchTiming.windowMs;
		this.lastAdd = now;
		this.items.push({ room, write, update, origin, remote });
		if (alone) {
			this.flush();
			// The window counts from the end of this write: the next update may have come meanwhile.
			this.lastAdd = performance.now();
		} else if (!this.scheduled) {
			this.scheduled = true;
			setImmediate(() => this.flush());
		}
	}

	flush(): void {
		this.scheduled = false;
		const items = this.items;
		if (items.length === 0) return;
		this.items = [];
		const failed = new Set<Room>();
		try {
			this.store.appendUpdates(items.flatMap((i) => (i.write ? [[i.room.id, i.write] as const] : [])));
		} catch {
			for (const i of items) {
				if (!i.write || failed.has(i.room)) continue;
				try {
					// Synchronous: only stores with appendUpdates (the embedded one) batch.
					void this.store.appendUpdate(i.room.id, i.write);
				} catch (e) {
					failed.add(i.room);
					i.room.storageFailed(e);
				}
			}
		}
		// A room whose write failed broadcasts nothing after it: its clients reconnect and resend.
		for (const i of items) if (!failed.has(i.room)) i.room.deliver(i.update, i.origin, i.remote);
	}
}

/** The rooms of this process; a room is loaded on first use and unloaded when empty. */
export class Rooms {
	private readonly rooms = new Map<string, Room>();
	/** Rooms being stored on their way out; a new room of the same journey loads after. */
	private readonly closing = new Map<string, Promise<void>>();
	/** Called once for each room as it is created (the editor log of #19 listens to its awareness). */
	onRoom: (room: Room) => void = () => {};
	private readonly batch: WriteBatch | null;

	constructor(
		private readonly store: Store,
		private readonly compactAfter: number,
		private readonly log: (message: string) => void,
		private readonly bus: Bus | null = null
	) {
		this.batch = store.appendUpdates
			? new WriteBatch(store as Store & Required<Pick<Store, 'appendUpdates'>>)
			: null;
		bus?.onInstanceGone((instanceId) => {
			for (const room of this.rooms.values()) room.forgetInstance(instanceId);
		});
		bus?.onGap(() => {
			for (const room of this.rooms.values()) {
				room
					.catchUp()
					.catch((e: unknown) =>
						this.log(`Bijhalen van ${room.id} mislukt: ${e instanceof Error ? e.message : String(e)}`)
					);
			}
		});
	}

	get size(): number {
		return this.rooms.size;
	}

	loaded(id: string): Room | undefined {
		return this.rooms.get(id);
	}

	/** The room of a journey, loading it when needed; wait for `room.ready` before using its doc. */
	acquire(id: string): Room {
		let room = this.rooms.get(id);
		if (!room) {
			room = new Room(id, this.store, this.compactAfter, this.log, this.bus, this.closing.get(id) ?? null);
			room.batch = this.batch;
			this.rooms.set(id, room);
			this.onRoom(room);
		}
		return room;
	}

	/** Unloads a room that nobody uses any more, after storing it as one snapshot. */
	releaseIfEmpty(room: Room): void {
		if (room.subscribers.size > 0 || this.rooms.get(room.id) !== room) return;
		this.rooms.delete(room.id);
		const done = room.unload();
		if (!isPromise(done)) return;
		const closing = done.finally(() => {
			if (this.closing.get(room.id) === closing) this.closing.delete(room.id);
		});
		this.closing.set(room.id, closing);
	}

	/**
	 * Runs `fn` on the live doc of a journey: the room's when it is loaded,
	 * otherwise a doc read from storage for the occasion. With a `cacheKey`, a
	 * loaded room keeps the result until the document changes (so treat it as
	 * read-only): ten people opening the page of an unchanged journey cost one
	 * read, and an idle room does not rebuild its doc for it.
	 */
	async withDoc<T>(id: string, fn: (doc: Y.Doc) => T, cacheKey?: string): Promise<T> {
		const room = this.rooms.get(id);
		if (room) {
			await room.ready;
			if (!room.isDestroyed) {
				return cacheKey === undefined ? fn(room.doc) : room.cached(cacheKey, () => fn(room.doc));
			}
		}
		await this.closing.get(id);
		const doc = new Y.Doc();
		try {
			const stored = await this.store.loadDoc(id);
			if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
			for (const update of stored.updates) Y.applyUpdate(doc, update);
			return fn(doc);
		} finally {
			doc.destroy();
		}
	}

	/**
	 * Changes a journey's live document from the server (an import, an API call):
	 * loads the room when nobody has it open, runs `fn` (which writes in
	 * `doc.transact(…, origin)` with a server origin), waits until what it wrote
	 * is stored, so it is on disk and with every connected client, then unloads
	 * the room again when nobody is in it.
	 */
	async change<T>(id: string, fn: (doc: Y.Doc) => T): Promise<T> {
		const room = this.acquire(id);
		try {
			await room.ready;
			const result = fn(room.doc);
			await room.settled();
			return result;
		} finally {
			this.releaseIfEmpty(room);
		}
	}

	/**
	 * Asks the other instances to close a journey's sockets (of some roles, or
	 * all): a revoked link or a deleted journey is cut off everywhere.
	 */
	closeElsewhere(id: string, code: number, reason: string, roles?: readonly Role[]): void {
		this.bus?.publish(id, BusKind.Close, new TextEncoder().encode(JSON.stringify({ code, reason, roles })));
	}

	/** Unloads a room without storing it (its journey was deleted). */
	discard(id: string): void {
		const room = this.rooms.get(id);
		if (!room) return;
		room.destroy();
		this.rooms.delete(id);
	}

	/** Stores and unloads every room (shutdown); waits for writes in flight. */
	async closeAll(): Promise<void> {
		const rooms = [...this.rooms.values()];
		this.rooms.clear();
		await Promise.all([...rooms.map((room) => room.unload()), ...this.closing.values()]);
	}
}
