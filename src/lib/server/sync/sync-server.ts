import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import { WebSocketServer, type WebSocket } from 'ws';
import {
	canWrite,
	CloseCode,
	journeyIdFromPath,
	MessageType,
	sessionRoomId,
	SYNC_PATH,
	type Role
} from '$lib/sync/protocol';
import { SEED_ORIGIN } from '$lib/sync/origins';
import { migrateSessionFields } from '$lib/sync/trainer-session';
import { BASE_PATH } from '../base-path';
import { clientAddress } from '../client-address';
import type { Config } from '../config';
import type { Authenticator } from '../auth/authenticator';
import { isPromise, type MaybePromise } from '../persistence/store';
import { TokenBucket } from '../rate-limit';
import type { Room, Rooms } from './rooms';
import { checkInline, UpdateChecker, type UpdateCheckLimits, type UpdateShape } from './update-check';
import { boundPresence, filterPresence } from './presence';
import { notePartOutsideSchema } from './note-guard';

const PING_INTERVAL_MS = 30_000;
/** How long a refused or closed socket may take to finish its closing handshake. */
const REFUSE_GRACE_MS = 1_000;
/** Awareness client ids one socket may speak for (one per doc; a few for reconnects). */
const MAX_AWARENESS_IDS = 8;
/**
 * How long a socket closed for not reading keeps its queue: the close frame
 * waits behind what it did not read, and a reader that resumes gets it.
 */
const SLOW_READER_GRACE_MS = 5_000;
/** ws closes with 1009 when a frame exceeds maxPayload; we name it ourselves. */
const WS_MESSAGE_TOO_BIG = 1009;

type Limits = Config['limits'];

/** One open socket in a room. */
class Connection {
	/** Awareness client ids this socket speaks for, removed when it closes. */
	readonly awarenessIds = new Set<number>();
	alive = true;
	/** Set once the socket is being closed: nothing it sent after that is processed. */
	closed = false;
	/** Messages waiting for their turn: a socket's messages are handled one at a time, in order. */
	readonly queue: Uint8Array[] = [];
	busy = false;
	readonly messages: TokenBucket;
	readonly bytes: TokenBucket;
	/** Event-loop time this socket's messages took: one client may not stall everyone. */
	readonly cpu: TokenBucket;
	/** The journey's trainer session room, once this socket asked for it (MessageType.SessionDoc). */
	session: Room | null = null;

	constructor(
		readonly ws: WebSocket,
		readonly room: Room,
		readonly role: Role,
		readonly address: string,
		limits: Limits,
		/** Called once the socket holds more unsent bytes than MAX_SEND_BUFFER_BYTES. */
		private readonly overflow: (conn: Connection) => void
	) {
		this.maxBuffered = limits.maxSendBufferBytes;
		this.messages = new TokenBucket(limits.maxMessagesPerSecond, limits.maxMessagesPerSecond * 2);
		this.bytes = new TokenBucket(
			limits.maxBytesPerSecond,
			Math.max(limits.maxBytesPerSecond, limits.maxMessageBytes * 2)
		);
		this.cpu = new TokenBucket(limits.cpuMsPerSecond, limits.cpuBurstMs);
	}

	private readonly maxBuffered: number;

	/**
	 * Sends unless the socket is closing. What it has not read yet counts
	 * (`bufferedAmount`, ws's queue and the socket's): past the cap nothing more
	 * is queued and the socket is closed, so a reader that stalls cannot make
	 * the server hold its messages without end. One message larger than the cap
	 * (a full sync of a large document) still goes out to an idle socket.
	 */
	send(message: Uint8Array): void {
		if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
		const buffered = this.ws.bufferedAmount;
		if (buffered > 0 && buffered + message.byteLength > this.maxBuffered) {
			this.overflow(this);
			return;
		}
		this.ws.send(message, this.afterSend);
	}

	/** One callback for every send (not a closure per message): a failed write ends the socket. */
	private readonly afterSend = (err?: Error) => {
		if (err) this.ws.terminate();
	};
}

/**
 * A message, as a Buffer over the encoded bytes: `ws` takes a Buffer as it is
 * and wraps any other Uint8Array anew on every send, fifty times per broadcast.
 */
function encode(write: (encoder: encoding.Encoder) => void): Buffer {
	const encoder = encoding.createEncoder();
	write(encoder);
	return asBuffer(encoding.toUint8Array(encoder));
}

/**
 * `message` as the frame we would encode for `update` ([0, 2, length, update]),
 * or null when it is not that: bytes after the update, or a header written
 * longer than it needs (lib0 reads `0x80 0x00` as 0 too).
 */
function ownFrame(message: Uint8Array, update: Uint8Array): Uint8Array | null {
	let lengthBytes = 1;
	for (let n = update.byteLength; n > 0x7f; n >>>= 7) lengthBytes++;
	const own =
		message[0] === MessageType.Sync &&
		message[1] === syncProtocol.messageYjsUpdate &&
		message.byteLength === 2 + lengthBytes + update.byteLength;
	return own ? message : null;
}

function asBuffer(bytes: Uint8Array): Buffer {
	return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function toUint8(data: WebSocket.RawData): Uint8Array {
	if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
	if (data instanceof ArrayBuffer) return new Uint8Array(data);
	return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** A message that breaks the protocol: the socket is closed with `code`. */
class ProtocolViolation extends Error {
	constructor(
		readonly code: CloseCode,
		message: string
	) {
		super(message);
	}
}

/**
 * How a socket is closed for an update the check did not pass: 4400 (final)
 * for an update found wrong or too costly; 1012 when the check itself could
 * not run (the client reconnects and sends it again).
 */
function refusal(shape: Extract<UpdateShape, { ok: false }>): ProtocolViolation {
	return new ProtocolViolation(
		shape.unavailable ? CloseCode.ServiceRestart : CloseCode.InvalidMessage,
		shape.reason
	);
}

/**
 * The sync endpoint: the y-websocket protocol (sync and awareness of
 * y-protocols) at `/sync/<journeyId>`, behind capability tokens. Mounted on
 * the app's own HTTP server, in production and in `vite dev` alike.
 */
export class SyncServer {
	private readonly wss: WebSocketServer;
	/** Accepts refused sockets only to close them; it reads at most a byte of anything they send. */
	private readonly refuser = new WebSocketServer({ noServer: true, maxPayload: 1 });
	private readonly perAddress = new Map<string, number>();
	private readonly connections = new Set<Connection>();
	private readonly pinger: ReturnType<typeof setInterval>;
	private readonly checker: UpdateChecker;
	private readonly limits: UpdateCheckLimits;

	constructor(
		private readonly rooms: Rooms,
		private readonly auth: Authenticator,
		private readonly config: Config,
		private readonly log: (message: string) => void
	) {
		// ws refuses a larger frame from its header, before buffering it; see accept() for the close code.
		this.wss = new WebSocketServer({ noServer: true, maxPayload: config.limits.maxMessageBytes });
		this.limits = {
			maxStructs: config.limits.maxUpdateStructs,
			maxDeletes: config.limits.maxUpdateDeletes,
			timeoutMs: config.limits.updateCheckTimeoutMs
		};
		this.checker = new UpdateChecker(this.limits, log);
		this.pinger = setInterval(() => this.ping(), PING_INTERVAL_MS);
		this.pinger.unref();
	}

	/** Handles an HTTP upgrade; returns false when the path is not the sync endpoint. */
	handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): boolean => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		const endpoint = BASE_PATH + SYNC_PATH;
		if (url.pathname !== endpoint && !url.pathname.startsWith(endpoint + '/')) return false;
		const journeyId = journeyIdFromPath(url.pathname, BASE_PATH);
		const token = url.searchParams.get('token');
		if (!journeyId) return this.refuse(req, socket, head, CloseCode.Forbidden, 'onbekende klantreis');
		if (!token) return this.refuse(req, socket, head, CloseCode.Unauthenticated, 'token ontbreekt');
		const role = this.auth.role(journeyId, token);
		if (!isPromise(role)) return this.admit(req, socket, head, journeyId, role);
		// A shared database answers later; what the socket sends meanwhile waits unread in its buffer.
		const ignore = () => {};
		socket.on('error', ignore);
		role.then(
			(r) => {
				socket.off('error', ignore);
				if (!socket.destroyed) this.admit(req, socket, head, journeyId, r);
			},
			(e: unknown) => {
				socket.off('error', ignore);
				this.log(`Token controleren mislukt: ${e instanceof Error ? e.message : String(e)}`);
				if (!socket.destroyed)
					this.refuse(req, socket, head, CloseCode.ServiceRestart, 'opslag niet bereikbaar');
			}
		);
		return true;
	};

	private admit(
		req: IncomingMessage,
		socket: Duplex,
		head: Buffer,
		journeyId: string,
		role: Role | null
	): true {
		if (!role) return this.refuse(req, socket, head, CloseCode.Forbidden, 'token opent deze klantreis niet');
		const address = clientAddress(req, this.config.proxy);
		const room = this.rooms.loaded(journeyId);
		if ((room?.subscribers.size ?? 0) >= this.config.limits.maxConnectionsPerRoom) {
			return this.refuse(
				req,
				socket,
				head,
				CloseCode.RoomFull,
				'deze klantreis heeft het maximum aantal verbindingen'
			);
		}
		if ((this.perAddress.get(address) ?? 0) >= this.config.limits.maxConnectionsPerAddress) {
			return this.refuse(req, socket, head, CloseCode.RoomFull, 'te veel verbindingen vanaf dit adres');
		}
		this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, journeyId, role, address));
		return true;
	}

	private refuse(req: IncomingMessage, socket: Duplex, head: Buffer, code: CloseCode, reason: string): true {
		this.refuser.handleUpgrade(req, socket, head, (ws) => {
			// A frame that arrives anyway errors the receiver; ws then discards whatever
			// follows unread. The socket stays until the grace ends, so the client
			// reads our close code instead of a reset.
			ws.on('error', () => {});
			ws.close(code, reason);
			setTimeout(() => ws.terminate(), REFUSE_GRACE_MS).unref();
		});
		return true;
	}

	private accept(ws: WebSocket, journeyId: string, role: Role, address: string): void {
		const room = this.rooms.acquire(journeyId);
		this.wireRoom(room);
		const conn = new Connection(ws, room, role, address, this.config.limits, (c) =>
			this.fail(
				c,
				new ProtocolViolation(CloseCode.SlowReader, 'de verbinding leest niet wat de server stuurt'),
				SLOW_READER_GRACE_MS
			)
		);
		room.subscribers.add(conn);
		this.connections.add(conn);
		this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);

		// ws closes an oversized frame with 1009 (which clients retry forever); name it, so it is final.
		const close = ws.close.bind(ws);
		ws.close = ((code?: number, reason?: string | Buffer) =>
			code === WS_MESSAGE_TOO_BIG
				? close(CloseCode.MessageTooLarge, 'bericht is te groot')
				: close(code, reason)) as typeof ws.close;

		ws.on('pong', () => (conn.alive = true));
		ws.on('error', (err: Error & { code?: string }) => {
			if (!conn.closed) {
				const what = err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'bericht is te groot' : err.message;
				this.log(`Verbinding met ${journeyId} gesloten na een fout: ${what}`);
			}
			conn.closed = true;
			// Let ws finish sending its close frame before the socket goes.
			setTimeout(() => ws.terminate(), REFUSE_GRACE_MS).unref();
			this.drop(conn);
		});
		ws.on('close', () => this.drop(conn));
		ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
			if (conn.closed) return;
			try {
				const message = toUint8(data);
				if (!isBinary)
					throw new ProtocolViolation(CloseCode.InvalidMessage, 'tekstbericht in plaats van binair');
				if (message.byteLength > this.config.limits.maxMessageBytes) {
					throw new ProtocolViolation(CloseCode.MessageTooLarge, 'bericht is te groot');
				}
				if (!conn.messages.take(1)) {
					throw new ProtocolViolation(CloseCode.RateLimited, 'te veel berichten per seconde');
				}
				if (!conn.bytes.take(message.byteLength)) {
					throw new ProtocolViolation(CloseCode.RateLimited, 'te veel gegevens per seconde');
				}
				conn.queue.push(message);
				this.pump(conn);
			} catch (e) {
				this.fail(conn, e);
			}
		});

		// Start the handshake once the stored document is in (a shared database answers later).
		if (room.loaded) this.greet(conn);
		else {
			room.ready.then(
				() => {
					if (!conn.closed) this.greet(conn);
				},
				() => this.closeConnection(conn, CloseCode.ServiceRestart, 'opslag niet bereikbaar')
			);
		}
	}

	/** The server's half of the handshake: our state vector, then who is here. */
	private greet(conn: Connection): void {
		const { room } = conn;
		conn.send(
			room.cached('step1', () =>
				encode((e) => {
					encoding.writeVarUint(e, MessageType.Sync);
					encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep1);
					encoding.writeVarUint8Array(e, room.stateVector());
				})
			)
		);
		const states = room.awareness.getStates();
		if (states.size > 0) {
			conn.send(
				encode((e) => {
					encoding.writeVarUint(e, MessageType.Awareness);
					encoding.writeVarUint8Array(
						e,
						awarenessProtocol.encodeAwarenessUpdate(room.awareness, [...states.keys()])
					);
				})
			);
		}
	}

	/** Hooks a room's broadcasts up once, the first time a socket joins it. */
	private readonly wired = new WeakSet<Room>();
	private wireRoom(room: Room): void {
		if (this.wired.has(room)) return;
		this.wired.add(room);
		room.onUpdate = (update, origin) => {
			const message =
				this.forwardable(update, origin) ??
				encode((e) => {
					encoding.writeVarUint(e, MessageType.Sync);
					syncProtocol.writeUpdate(e, update);
				});
			for (const subscriber of room.subscribers) if (subscriber !== origin) subscriber.send(message);
		};
		room.onRemoteClose = (code, reason, roles) => this.closeJourney(room.id, code, reason, roles);
		room.onStorageFailure = () =>
			this.closeJourney(room.id, CloseCode.ServiceRestart, 'opslag tijdelijk niet bereikbaar');
		room.onAwareness = ({ added, updated, removed }, origin) => {
			if (origin instanceof Connection) {
				// An id that comes back after its removal is "updated" (Yjs keeps its clock), not "added".
				for (const id of [...added, ...updated]) origin.awarenessIds.add(id);
				for (const id of removed) origin.awarenessIds.delete(id);
			}
			const changed = [...added, ...updated, ...removed];
			const message = encode((e) => {
				encoding.writeVarUint(e, MessageType.Awareness);
				encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(room.awareness, changed));
			});
			for (const subscriber of room.subscribers) subscriber.send(message);
		};
	}

	/**
	 * Handles a socket's queued messages one at a time, so their order holds
	 * across waits. A message that needs no wait (a small update, checked
	 * inline, on the embedded store: the usual case) is handled right here, in
	 * the same turn, without a promise: on a quiet server the time until the
	 * other clients have an edit is mostly this path.
	 */
	private pump(conn: Connection): void {
		if (conn.busy) return;
		conn.busy = true;
		try {
			while (conn.queue.length > 0 && !conn.closed) {
				if (!conn.room.loaded) {
					// Messages wait for the stored document; a failed load closes the socket (see accept).
					this.resumeAfter(
						conn,
						conn.room.ready.catch(() => {})
					);
					return;
				}
				const pending = this.process(conn, conn.queue.shift()!);
				if (isPromise(pending)) {
					this.resumeAfter(conn, pending);
					return;
				}
			}
		} catch (e) {
			this.fail(conn, e);
		}
		conn.busy = false;
	}

	/** Goes on with a socket's queue once `pending` settles (closing the socket when it failed). */
	private resumeAfter(conn: Connection, pending: Promise<void>): void {
		pending.then(
			() => {
				conn.busy = false;
				// A room that could not load closes its sockets (see accept): nothing more to handle.
				if (conn.room.loaded) this.pump(conn);
			},
			(e: unknown) => {
				conn.busy = false;
				this.fail(conn, e);
			}
		);
	}

	private process(conn: Connection, message: Uint8Array): MaybePromise<void> {
		const decoder = decoding.createDecoder(message);
		const type = decoding.readVarUint(decoder);
		let syncType = -1;
		if (type === MessageType.Sync) {
			syncType = decoding.readVarUint(decoder);
			if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) {
				const update = decoding.readVarUint8Array(decoder);
				// A viewer may read, never write: its document updates are dropped here, unread.
				if (!canWrite(conn.role)) return;
				// An update frame in our own encoding is, byte for byte, the frame the others
				// get when the room's doc emits the same update (see forwardable).
				const frame = syncType === syncProtocol.messageYjsUpdate ? ownFrame(message, update) : null;
				// Structure first: a small update inline (a bounded read, microseconds), a large
				// or unusual one in a worker, so a crafted update cannot cost the event loop.
				const inline = checkInline(update, this.limits);
				if (inline) return this.checkedUpdate(conn, update, inline, frame);
				return this.checker.check(update.slice()).then((shape) => {
					if (!conn.closed) return this.checkedUpdate(conn, update, shape, frame);
				});
			}
		}
		if (type === MessageType.SessionDoc) return this.sessionMessage(conn, decoder);
		this.timed(conn, () => this.handle(conn, type, syncType, decoder));
	}

	/** A document update whose structure was checked: the size limit, the note's schema, then the doc. */
	private checkedUpdate(
		conn: Connection,
		update: Uint8Array,
		shape: UpdateShape,
		frame: Uint8Array | null
	): MaybePromise<void> {
		if (!shape.ok) throw refusal(shape);
		// The size limit, against the real size: a compaction in flight (PostgreSQL) is waited for.
		const fits = conn.room.fits(update.byteLength, this.config.limits.maxDocBytes);
		if (isPromise(fits)) {
			return fits.then((ok) => {
				if (!conn.closed) this.fittingUpdate(conn, update, ok, frame);
			});
		}
		this.fittingUpdate(conn, update, fits, frame);
	}

	private fittingUpdate(conn: Connection, update: Uint8Array, fits: boolean, frame: Uint8Array | null): void {
		if (!fits) {
			throw new ProtocolViolation(
				CloseCode.DocumentTooLarge,
				'de klantreis is te groot geworden; deze wijziging is niet bewaard'
			);
		}
		this.timed(conn, () => {
			// The note's schema (note-schema.ts): what the editor cannot show, it would delete for everyone.
			const outside = notePartOutsideSchema(conn.room.doc, update);
			if (outside) throw new ProtocolViolation(CloseCode.InvalidMessage, `${outside}; niet bewaard`);
			this.incoming = frame ? { conn, update, frame } : null;
			try {
				this.applyUpdate(conn, update);
			} finally {
				this.incoming = null;
			}
		});
	}

	/** The update frame being applied, while its broadcast may reuse it (see forwardable). */
	private incoming: { conn: Connection; update: Uint8Array; frame: Uint8Array } | null = null;

	/**
	 * The frame a client sent, when what the room's doc emitted for it is the same
	 * update, byte for byte (the usual case: Yjs encodes a client's transaction the
	 * same way on both sides): the others get those bytes, and nothing is encoded
	 * or copied per update. Null otherwise (structs held back or completed, a
	 * resent part, an update stored and broadcast later in a batch): then the
	 * frame is encoded from what the doc emitted.
	 */
	private forwardable(update: Uint8Array, origin: unknown): Uint8Array | null {
		const incoming = this.incoming;
		if (!incoming || incoming.conn !== origin || incoming.update.byteLength !== update.byteLength)
			return null;
		if (!Buffer.from(update.buffer, update.byteOffset, update.byteLength).equals(incoming.update))
			return null;
		// A small view on a larger receive buffer is copied: what is queued for a slow reader holds only its own bytes.
		const { frame } = incoming;
		return asBuffer(frame.buffer.byteLength > frame.byteLength * 2 ? new Uint8Array(frame) : frame);
	}

	/**
	 * A frame for the journey's trainer session doc (docs/hostmanship.md): its
	 * own room, `<id>/sessie`, which only the facilitator writes. The first such
	 * frame subscribes the socket to that room. Anyone else's updates are
	 * dropped without a word: a refused control never costs a participant the
	 * connection, and there is nothing in the journey doc a participant's bytes
	 * could reach of the trainer's part, so no update needs inspecting.
	 */
	private async sessionMessage(conn: Connection, decoder: decoding.Decoder): Promise<void> {
		const syncType = decoding.readVarUint(decoder);
		let room = conn.session;
		if (!room) {
			room = this.rooms.acquire(sessionRoomId(conn.room.id));
			this.wireSessionRoom(room);
			room.subscribers.add(conn);
			conn.session = room;
			try {
				await room.ready;
			} catch {
				return this.closeConnection(conn, CloseCode.ServiceRestart, 'opslag niet bereikbaar');
			}
			if (conn.closed) return;
			// An older journey kept the trainer's fields in its own doc: move them, once.
			const sessionRoom = room;
			this.timed(conn, () =>
				migrateSessionFields({ journey: conn.room.doc, session: sessionRoom.doc }, SEED_ORIGIN)
			);
			// Our half of the handshake, so a facilitator's client sends what the room lacks.
			conn.send(this.sessionFrame((e) => syncProtocol.writeSyncStep1(e, sessionRoom.doc)));
		}
		const session = room;
		if (syncType === syncProtocol.messageYjsSyncStep1) {
			const stateVector = decoding.readVarUint8Array(decoder);
			this.timed(conn, () => {
				Y.decodeStateVector(stateVector);
				conn.send(
					this.sessionFrame((e) => {
						encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
						encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(session.doc, stateVector));
					})
				);
			});
			return;
		}
		if (syncType !== syncProtocol.messageYjsSyncStep2 && syncType !== syncProtocol.messageYjsUpdate) {
			throw new ProtocolViolation(CloseCode.InvalidMessage, `onbekend sync-bericht ${syncType}`);
		}
		const update = decoding.readVarUint8Array(decoder);
		// Session control is the facilitator's (the contract's roles): anyone else's is dropped, unread.
		if (conn.role !== 'facilitator') return;
		const shape = await this.checker.check(update.slice());
		if (conn.closed) return;
		if (!shape.ok) throw refusal(shape);
		this.timed(conn, () => this.applyUpdate(conn, update, session));
	}

	/** A MessageType.SessionDoc frame around a sync message. */
	private sessionFrame(write: (encoder: encoding.Encoder) => void): Uint8Array {
		return encode((e) => {
			encoding.writeVarUint(e, MessageType.SessionDoc);
			write(e);
		});
	}

	/** Hooks a session room's broadcasts up once: its updates go to its subscribers as session frames. */
	private wireSessionRoom(room: Room): void {
		if (this.wired.has(room)) return;
		this.wired.add(room);
		room.onUpdate = (update, origin) => {
			const message = this.sessionFrame((e) => syncProtocol.writeUpdate(e, update));
			for (const subscriber of room.subscribers) if (subscriber !== origin) subscriber.send(message);
		};
		room.onStorageFailure = () => {
			for (const subscriber of [...room.subscribers]) {
				if (subscriber instanceof Connection) {
					this.closeConnection(subscriber, CloseCode.ServiceRestart, 'opslag tijdelijk niet bereikbaar');
				}
			}
		};
	}

	/** Runs `fn` and charges its event-loop time to the socket; over budget closes it (it may come back). */
	private timed(conn: Connection, fn: () => void): void {
		const start = performance.now();
		let failure: { error: unknown } | null = null;
		try {
			fn();
		} catch (error) {
			failure = { error };
		}
		const withinBudget = conn.cpu.spend(performance.now() - start);
		if (failure) throw failure.error;
		if (!withinBudget) {
			throw new ProtocolViolation(CloseCode.RateLimited, 'te veel rekenwerk; probeer het zo opnieuw');
		}
	}

	/** Every message except document updates, which `process` checks first. */
	private handle(conn: Connection, type: number, syncType: number, decoder: decoding.Decoder): void {
		const { room } = conn;
		switch (type) {
			case MessageType.Sync: {
				// Step 2 and updates went through `process`.
				if (syncType === syncProtocol.messageYjsSyncStep1) {
					const stateVector = decoding.readVarUint8Array(decoder);
					// (The trainer session's doc has its own message type: see sessionMessage.)
					// The same question gets the same bytes until the document changes: a client
					// that asks fifty times a second costs one encoding, and every copy it has
					// not read is the same buffer. Keyed by the state vector's bytes (at most 1 KB kept).
					const key = stateVector.byteLength <= 1024 ? Buffer.from(stateVector).toString('latin1') : null;
					const answer = () => {
						// Decoded on its own first: a malformed state vector must not reach the encoder.
						Y.decodeStateVector(stateVector);
						return encode((e) => {
							encoding.writeVarUint(e, MessageType.Sync);
							encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
							encoding.writeVarUint8Array(e, room.diff(stateVector));
						});
					};
					conn.send(key === null ? answer() : room.cached(`step2:${key}`, answer));
					return;
				}
				throw new ProtocolViolation(CloseCode.InvalidMessage, `onbekend sync-bericht ${syncType}`);
			}
			case MessageType.Awareness: {
				const update = decoding.readVarUint8Array(decoder);
				if (update.byteLength > this.config.limits.maxAwarenessBytes) {
					throw new ProtocolViolation(CloseCode.MessageTooLarge, 'aanwezigheidsstatus is te groot');
				}
				// Presence is bound to the connection that announced it: a socket writes
				// its own client ids, and claims an id only with a state while nobody
				// (here or on another instance) holds it. Others' entries are dropped, not
				// closed on: the official client echoes every change it sees, others'
				// states and its 30 s timeout removals included.
				// The role shown next to a name is the connection's, and only a facilitator's
				// connection can summon everyone ("breng iedereen hier").
				const own = filterPresence(
					update,
					(id, removes) => conn.awarenessIds.has(id) || (!removes && !room.awareness.states.has(id)),
					(state) => boundPresence(state, conn.role)
				);
				if (own.update) awarenessProtocol.applyAwarenessUpdate(room.awareness, own.update, conn);
				if (conn.awarenessIds.size > MAX_AWARENESS_IDS) {
					throw new ProtocolViolation(CloseCode.InvalidMessage, 'te veel aanwezigheden op één verbinding');
				}
				return;
			}
			case MessageType.QueryAwareness: {
				const states = room.awareness.getStates();
				conn.send(
					encode((e) => {
						encoding.writeVarUint(e, MessageType.Awareness);
						encoding.writeVarUint8Array(
							e,
							awarenessProtocol.encodeAwarenessUpdate(room.awareness, [...states.keys()])
						);
					})
				);
				return;
			}
			case MessageType.Auth:
				// Authentication happens at the upgrade; an auth message carries nothing for us.
				return;
			default:
				throw new ProtocolViolation(CloseCode.InvalidMessage, `onbekend berichttype ${type}`);
		}
	}

	private applyUpdate(conn: Connection, update: Uint8Array, room: Room = conn.room): void {
		// The journey's size was checked in `process`, after any compaction it had to wait for;
		// a trainer session doc is small (its updates are bounded by MAX_MESSAGE_BYTES).
		Y.applyUpdate(room.doc, update, conn);
		// What refers to structs the server does not have waits in memory; bound it.
		const { store } = room.doc;
		const pending = (store.pendingStructs?.update.byteLength ?? 0) + (store.pendingDs?.byteLength ?? 0);
		if (pending > this.config.limits.maxMessageBytes) {
			store.pendingStructs = null;
			store.pendingDs = null;
			throw new ProtocolViolation(CloseCode.InvalidMessage, 'Yjs-update verwijst naar onbekende onderdelen');
		}
	}

	/** Closes a socket for what it sent, with a named code and a log line. */
	private fail(conn: Connection, e: unknown, graceMs = REFUSE_GRACE_MS): void {
		if (conn.closed) return;
		const violation =
			e instanceof ProtocolViolation
				? e
				: new ProtocolViolation(CloseCode.InvalidMessage, 'bericht kon niet worden gelezen');
		const detail = e instanceof ProtocolViolation ? '' : ` (${e instanceof Error ? e.message : String(e)})`;
		this.log(
			`Verbinding met ${conn.room.id} (${conn.role}, ${conn.address}) gesloten (${violation.code}): ` +
				violation.message +
				detail
		);
		this.closeConnection(conn, violation.code, violation.message, graceMs);
	}

	private closeConnection(conn: Connection, code: number, reason: string, graceMs = REFUSE_GRACE_MS): void {
		conn.closed = true;
		conn.queue.length = 0;
		conn.ws.close(code, reason);
		setTimeout(() => conn.ws.terminate(), graceMs).unref();
		this.drop(conn);
	}

	/**
	 * Closes the sockets open on a journey (all, or those of some roles): after a
	 * token rotation or a deletion, holders of the old link are cut off at once.
	 */
	closeJourney(journeyId: string, code: number, reason: string, roles?: readonly Role[]): number {
		let n = 0;
		for (const conn of [...this.connections]) {
			if (conn.room.id !== journeyId || (roles && !roles.includes(conn.role))) continue;
			this.closeConnection(conn, code, reason);
			n++;
		}
		return n;
	}

	/** Open sockets per journey id. */
	connectionCounts(): Map<string, number> {
		const counts = new Map<string, number>();
		for (const conn of this.connections) counts.set(conn.room.id, (counts.get(conn.room.id) ?? 0) + 1);
		return counts;
	}

	private drop(conn: Connection): void {
		const { room, session } = conn;
		if (!room.subscribers.delete(conn)) return;
		if (session?.subscribers.delete(conn)) this.rooms.releaseIfEmpty(session);
		this.connections.delete(conn);
		const n = (this.perAddress.get(conn.address) ?? 1) - 1;
		if (n <= 0) this.perAddress.delete(conn.address);
		else this.perAddress.set(conn.address, n);
		if (conn.awarenessIds.size > 0) {
			awarenessProtocol.removeAwarenessStates(room.awareness, [...conn.awarenessIds], null);
		}
		this.rooms.releaseIfEmpty(room);
	}

	/** Ends sockets that did not answer the previous ping (a laptop that went to sleep). */
	private ping(): void {
		for (const conn of this.connections) {
			if (!conn.alive) {
				conn.ws.terminate();
				continue;
			}
			conn.alive = false;
			conn.ws.ping();
		}
	}

	/**
	 * Closes every socket with a code that makes clients reconnect (elsewhere,
	 * behind a load balancer), then stores every room once its writes are done.
	 */
	close(): Promise<void> {
		clearInterval(this.pinger);
		this.checker.close();
		for (const conn of this.connections) conn.ws.close(CloseCode.ServiceRestart, 'server stopt');
		return this.rooms.closeAll();
	}
}
