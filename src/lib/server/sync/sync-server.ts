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
import type { Config } from '../config';
import type { Authenticator } from '../auth/authenticator';
import type { Room, Rooms } from './rooms';

const PING_INTERVAL_MS = 30_000;
/** How long a refused socket may take to finish its closing handshake. */
const REFUSE_GRACE_MS = 1_000;

/** One open socket in a room. */
class Connection {
	/** Awareness client ids this socket speaks for, removed when it closes. */
	readonly awarenessIds = new Set<number>();
	alive = true;

	constructor(
		readonly ws: WebSocket,
		readonly room: Room,
		readonly role: Role,
		readonly address: string
	) {}

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
	private readonly connections = new Set<Connection>();
	private readonly pinger: ReturnType<typeof setInterval>;

	constructor(
		private readonly rooms: Rooms,
		private readonly auth: Authenticator,
		private readonly config: Config,
		private readonly log: (message: string) => void
	) {
		// ws enforces a hard cap; our own check below closes with a named code first.
		this.wss = new WebSocketServer({ noServer: true, maxPayload: config.limits.maxMessageBytes * 2 });
		this.pinger = setInterval(() => this.ping(), PING_INTERVAL_MS);
		this.pinger.unref();
	}

	/** Handles an HTTP upgrade; returns false when the path is not the sync endpoint. */
	handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): boolean => {
		const url = new URL(req.url ?? '/', 'http://localhost');
		if (url.pathname !== SYNC_PATH && !url.pathname.startsWith(SYNC_PATH + '/')) return false;
		const journeyId = journeyIdFromPath(url.pathname);
		const token = url.searchParams.get('token');
		if (!journeyId) return this.refuse(req, socket, head, CloseCode.Forbidden, 'onbekende klantreis');
		if (!token) return this.refuse(req, socket, head, CloseCode.Unauthenticated, 'token ontbreekt');
		const role = this.auth.role(journeyId, token);
		if (!role) return this.refuse(req, socket, head, CloseCode.Forbidden, 'token opent deze klantreis niet');

		const address = req.socket.remoteAddress ?? 'unknown';
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
	};

	private refuse(req: IncomingMessage, socket: Duplex, head: Buffer, code: CloseCode, reason: string): true {
		this.refuser.handleUpgrade(req, socket, head, (ws) => {
			ws.on('error', () => ws.terminate());
			ws.close(code, reason);
			setTimeout(() => ws.terminate(), REFUSE_GRACE_MS).unref();
		});
		return true;
	}

	private accept(ws: WebSocket, journeyId: string, role: Role, address: string): void {
		const room = this.rooms.acquire(journeyId);
		this.wireRoom(room);
		const conn = new Connection(ws, room, role, address);
		room.peers.add(conn);
		this.connections.add(conn);
		this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);

		ws.on('pong', () => (conn.alive = true));
		ws.on('error', () => ws.terminate());
		ws.on('close', () => this.drop(conn));
		ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
			try {
				const message = toUint8(data);
				if (!isBinary)
					throw new ProtocolViolation(CloseCode.InvalidMessage, 'tekstbericht in plaats van binair');
				if (message.byteLength > this.config.limits.maxMessageBytes) {
					throw new ProtocolViolation(CloseCode.MessageTooLarge, 'bericht is te groot');
				}
				this.onMessage(conn, message);
			} catch (e) {
				const violation =
					e instanceof ProtocolViolation
						? e
						: new ProtocolViolation(CloseCode.InvalidMessage, 'bericht kon niet worden gelezen');
				this.log(`Verbinding met ${journeyId} gesloten (${violation.code}): ${violation.message}`);
				ws.close(violation.code, violation.message);
				this.drop(conn);
			}
		});

		// Start the handshake: our state vector, then who is here.
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
		room.onAwareness = ({ added, updated, removed }, origin) => {
			if (origin instanceof Connection) {
				for (const id of added) origin.awarenessIds.add(id);
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

	private onMessage(conn: Connection, message: Uint8Array): void {
		const decoder = decoding.createDecoder(message);
		const type = decoding.readVarUint(decoder);
		const { room } = conn;
		switch (type) {
			case MessageType.Sync: {
				const syncType = decoding.readVarUint(decoder);
				if (syncType === syncProtocol.messageYjsSyncStep1) {
					const stateVector = decoding.readVarUint8Array(decoder);
					conn.send(
						encode((e) => {
							encoding.writeVarUint(e, MessageType.Sync);
							encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
							encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(room.doc, stateVector));
						})
					);
				} else if (
					syncType === syncProtocol.messageYjsSyncStep2 ||
					syncType === syncProtocol.messageYjsUpdate
				) {
					const update = decoding.readVarUint8Array(decoder);
					// A viewer may read, never write: its document updates are dropped here.
					if (!canWrite(conn.role)) return;
					this.applyUpdate(conn, update);
				} else {
					throw new ProtocolViolation(CloseCode.InvalidMessage, `onbekend sync-bericht ${syncType}`);
				}
				return;
			}
			case MessageType.Awareness: {
				const update = decoding.readVarUint8Array(decoder);
				awarenessProtocol.applyAwarenessUpdate(room.awareness, update, conn);
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
		// Decode before applying: a malformed update must not reach the live doc.
		try {
			Y.decodeUpdate(update);
		} catch {
			throw new ProtocolViolation(CloseCode.InvalidMessage, 'Yjs-update kon niet worden gelezen');
		}
		Y.applyUpdate(conn.room.doc, update, conn);
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

	/** Closes every socket with a code that makes clients reconnect, then stores every room. */
	close(): void {
		clearInterval(this.pinger);
		for (const conn of this.connections) conn.ws.close(CloseCode.ServiceRestart, 'server stopt');
		this.rooms.closeAll();
	}
}
