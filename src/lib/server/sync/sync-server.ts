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
	SYNC_PATH,
	type Role
} from '$lib/sync/protocol';
import { BASE_PATH } from '../base-path';
import { clientAddress, proxySettings } from '../client-address';
import type { Config } from '../config';
import type { Authenticator } from '../auth/authenticator';
import { isPromise } from '../persistence/store';
import { TokenBucket } from '../rate-limit';
import type { Room, Rooms } from './rooms';
import { touchesTrainerSession } from './session-guard';
import { UpdateChecker } from './update-check';
import { filterPresence } from './presence';
import { notePartOutsideSchema } from './note-guard';

const PING_INTERVAL_MS = 30_000;
/** How long a refused or closed socket may take to finish its closing handshake. */
const REFUSE_GRACE_MS = 1_000;
/** Awareness client ids one socket may speak for (one per doc; a few for reconnects). */
const MAX_AWARENESS_IDS = 8;
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

	constructor(
		readonly ws: WebSocket,
		readonly room: Room,
		readonly role: Role,
		readonly address: string,
		limits: Limits
	) {
		this.messages = new TokenBucket(limits.maxMessagesPerSecond, limits.maxMessagesPerSecond * 2);
		this.bytes = new TokenBucket(
			limits.maxBytesPerSecond,
			Math.max(limits.maxBytesPerSecond, limits.maxMessageBytes * 2)
		);
		this.cpu = new TokenBucket(limits.cpuMsPerSecond, limits.cpuBurstMs);
	}

	send(message: Uint8Array): void {
		if (this.ws.readyState !== this.ws.OPEN) return;
		this.ws.send(message, (err) => {
			if (err) this.ws.terminate();
		});
	}
}

function encode(write: (encoder: encoding.Encoder) => void): Uint8Array {
	const encoder = encoding.createEncoder();
	write(encoder);
	return encoding.toUint8Array(encoder);
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
 * The sync endpoint: the y-websocket protocol (sync and awareness of
 * y-protocols) at `/sync/<journeyId>`, behind capability tokens. Mounted on
 * the app's own HTTP server, in production and in `vite dev` alike.
 */
export class SyncServer {
	private readonly wss: WebSocketServer;
	/** Accepts refused sockets only to close them; it reads at most a byte of anything they send. */
	private readonly refuser = new WebSocketServer({ noServer: true, maxPayload: 1 });
	private readonly perAddress = new Map<string, number>();
	/** Where the client's address comes from behind a proxy (ADDRESS_HEADER, XFF_DEPTH, as adapter-node). */
	private readonly proxy = proxySettings();
	private readonly connections = new Set<Connection>();
	private readonly pinger: ReturnType<typeof setInterval>;
	private readonly checker: UpdateChecker;

	constructor(
		private readonly rooms: Rooms,
		private readonly auth: Authenticator,
		private readonly config: Config,
		private readonly log: (message: string) => void
	) {
		// ws refuses a larger frame from its header, before buffering it; see accept() for the close code.
		this.wss = new WebSocketServer({ noServer: true, maxPayload: config.limits.maxMessageBytes });
		this.checker = new UpdateChecker(
			{
				maxStructs: config.limits.maxUpdateStructs,
				maxDeletes: config.limits.maxUpdateDeletes,
				timeoutMs: config.limits.updateCheckTimeoutMs
			},
			log
		);
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
		const address = clientAddress(req, this.proxy);
		const room = this.rooms.loaded(journeyId);
		if ((room?.peers.size ?? 0) >= this.config.limits.maxConnectionsPerRoom) {
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
		const conn = new Connection(ws, room, role, address, this.config.limits);
		room.peers.add(conn);
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
				void this.pump(conn);
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
			encode((e) => (encoding.writeVarUint(e, MessageType.Sync), syncProtocol.writeSyncStep1(e, room.doc)))
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
			const message = encode((e) => {
				encoding.writeVarUint(e, MessageType.Sync);
				syncProtocol.writeUpdate(e, update);
			});
			for (const peer of room.peers) if (peer !== origin) peer.send(message);
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
			for (const peer of room.peers) peer.send(message);
		};
	}

	/** Handles a socket's queued messages one at a time, so their order holds across awaits. */
	private async pump(conn: Connection): Promise<void> {
		if (conn.busy) return;
		conn.busy = true;
		try {
			while (conn.queue.length > 0 && !conn.closed) {
				if (!conn.room.loaded) {
					// Messages wait for the stored document; a failed load closes the socket (see accept).
					await conn.room.ready.catch(() => {});
					if (!conn.room.loaded) return;
					continue;
				}
				await this.process(conn, conn.queue.shift()!);
			}
		} catch (e) {
			this.fail(conn, e);
		} finally {
			conn.busy = false;
		}
	}

	private async process(conn: Connection, message: Uint8Array): Promise<void> {
		const decoder = decoding.createDecoder(message);
		const type = decoding.readVarUint(decoder);
		let syncType = -1;
		if (type === MessageType.Sync) {
			syncType = decoding.readVarUint(decoder);
			if (syncType === syncProtocol.messageYjsSyncStep2 || syncType === syncProtocol.messageYjsUpdate) {
				const update = decoding.readVarUint8Array(decoder);
				// A viewer may read, never write: its document updates are dropped here, unread.
				if (!canWrite(conn.role)) return;
				// Structure first, in a worker: a crafted update must not cost the event loop.
				const shape = await this.checker.check(update.slice());
				if (conn.closed) return;
				if (!shape.ok) throw new ProtocolViolation(CloseCode.InvalidMessage, shape.reason);
				this.timed(conn, () => {
					// Session control is the facilitator's (the contract's roles); participants
					// write only their findings and votes.
					if (conn.role !== 'facilitator' && touchesTrainerSession(conn.room.doc, update)) {
						throw new ProtocolViolation(
							CloseCode.Forbidden,
							'alleen de begeleider bestuurt de trainerssessie; deze wijziging is niet bewaard'
						);
					}
					// The note's schema (note-schema.ts): what the editor cannot show, it would delete for everyone.
					const outside = notePartOutsideSchema(conn.room.doc, update);
					if (outside) throw new ProtocolViolation(CloseCode.InvalidMessage, `${outside}; niet bewaard`);
					this.applyUpdate(conn, update);
				});
				return;
			}
		}
		this.timed(conn, () => this.handle(conn, type, syncType, decoder));
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
					// Decoded on its own first: a malformed state vector must not reach encodeStateAsUpdate.
					Y.decodeStateVector(stateVector);
					conn.send(
						encode((e) => {
							encoding.writeVarUint(e, MessageType.Sync);
							encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
							encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(room.doc, stateVector));
						})
					);
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
				const own = filterPresence(
					update,
					(id, removes) => conn.awarenessIds.has(id) || (!removes && !room.awareness.states.has(id))
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

	private applyUpdate(conn: Connection, update: Uint8Array): void {
		const { room } = conn;
		const max = this.config.limits.maxDocBytes;
		if (room.storedBytes + update.byteLength > max) {
			// The stored size is an upper bound; compact to know the real size before refusing.
			void room.compactIfChanged();
			if (room.storedBytes + update.byteLength > max) {
				throw new ProtocolViolation(
					CloseCode.DocumentTooLarge,
					'de klantreis is te groot geworden; deze wijziging is niet bewaard'
				);
			}
		}
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
	private fail(conn: Connection, e: unknown): void {
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
		this.closeConnection(conn, violation.code, violation.message);
	}

	private closeConnection(conn: Connection, code: number, reason: string): void {
		conn.closed = true;
		conn.queue.length = 0;
		conn.ws.close(code, reason);
		setTimeout(() => conn.ws.terminate(), REFUSE_GRACE_MS).unref();
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
		const { room } = conn;
		if (!room.peers.delete(conn)) return;
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
