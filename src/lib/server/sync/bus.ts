import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** What travels between instances for one room. */
export const BusKind = {
	/** A Yjs update, stored in the shared database before it was published. */
	Update: 1,
	/** An awareness update (cursors, names) of clients on the sending instance. */
	Awareness: 2,
	/** "I just loaded this room": every instance answers with the awareness of its own clients. */
	Query: 3,
	/** Close this journey's sockets (JSON `{ code, reason, roles? }`): after a token rotation or a deletion. */
	Close: 4
} as const;
export type BusKind = (typeof BusKind)[keyof typeof BusKind];

export type BusMessage = { kind: BusKind; from: string; payload: Uint8Array };

/**
 * Fan-out between instances that serve the same journeys. Per room a channel;
 * publishing is fire-and-forget, because the shared database, not the bus, is
 * the record: a room that missed messages catches up from storage.
 */
export interface Bus {
	/** This instance's id on the bus (random per process). */
	readonly instanceId: string;
	/** Subscribes to a room; resolves once every message published from then on will arrive. */
	join(roomId: string, handler: (message: BusMessage) => void): Promise<void>;
	leave(roomId: string): void;
	publish(roomId: string, kind: BusKind, payload: Uint8Array): void;
	/** Called when an instance stopped (said goodbye or missed its heartbeats). */
	onInstanceGone(listener: (instanceId: string) => void): void;
	/** Called after the connection to the bus was lost and is back: messages may be missing. */
	onGap(listener: () => void): void;
	/** Whether messages flow now, for the health check. */
	health(): Promise<{ ok: boolean; detail?: string }>;
	close(): Promise<void>;
}

const HEARTBEAT = 0x68; // 'h'
const GOODBYE = 0x62; // 'b'

function frame(kind: number, from: string, payload: Uint8Array): Buffer {
	const id = Buffer.from(from, 'latin1');
	const out = Buffer.allocUnsafe(2 + id.length + payload.byteLength);
	out[0] = kind;
	out[1] = id.length;
	id.copy(out, 2);
	out.set(payload, 2 + id.length);
	return out;
}

function unframe(data: Buffer): { kind: number; from: string; payload: Uint8Array } | null {
	if (data.length < 2 || data.length < 2 + data[1]) return null;
	const from = data.toString('latin1', 2, 2 + data[1]);
	const payload = new Uint8Array(data.buffer, data.byteOffset + 2 + data[1], data.length - 2 - data[1]);
	return { kind: data[0], from, payload };
}

/**
 * The bus on Redis pub/sub: one channel per room (`<prefix>:room:<id>`) and
 * one for instance heartbeats (`<prefix>:instances`). Pub/sub rather than
 * Streams: delivery in publish order per publisher is all Yjs needs (updates
 * commute), and catch-up comes from PostgreSQL, where every update was stored
 * before it was published. See docs/scaling.md.
 */
export class RedisBus implements Bus {
	readonly instanceId = randomBytes(8).toString('hex');
	private readonly pub: Redis;
	private readonly sub: Redis;
	private readonly handlers = new Map<string, (message: BusMessage) => void>();
	private readonly lastSeen = new Map<string, number>();
	private readonly goneListeners: ((instanceId: string) => void)[] = [];
	private readonly gapListeners: (() => void)[] = [];
	private timer: ReturnType<typeof setInterval> | null = null;
	private readyOnce = false;
	private closed = false;

	private readonly prefix: string;
	private readonly instanceTimeoutMs: number;

	/** Connects lazily: call `connect()` before the first room loads. */
	constructor(
		url: string,
		options: { prefix: string; instanceTimeoutMs: number },
		private readonly log: (message: string) => void
	) {
		this.prefix = options.prefix;
		this.instanceTimeoutMs = options.instanceTimeoutMs;
		const connection = { lazyConnect: true, maxRetriesPerRequest: 2, connectTimeout: 5000 };
		this.pub = new Redis(url, connection);
		this.sub = new Redis(url, { ...connection, autoResubscribe: true });
		for (const [name, client] of [
			['publish', this.pub],
			['subscribe', this.sub]
		] as const) {
			// ioredis reconnects by itself; an error event without a listener would end the process.
			client.on('error', (e: Error) => {
				if (!this.closed) this.log(`Redis (${name}): ${e.message}`);
			});
		}
		this.sub.on('ready', () => {
			if (this.readyOnce && !this.closed) {
				this.log('Redis is weer bereikbaar; open klantreizen halen bij uit de database.');
				for (const listener of this.gapListeners) listener();
			}
			this.readyOnce = true;
		});
		this.sub.on('messageBuffer', (channel: Buffer, data: Buffer) => this.receive(channel.toString(), data));
	}

	/** Connects both connections; throws when Redis cannot be reached (the instance must not start alone). */
	async connect(): Promise<void> {
		try {
			await Promise.all([this.pub.connect(), this.sub.connect()]);
			await this.sub.subscribe(this.instancesChannel);
		} catch (e) {
			await this.close();
			throw new Error(`Redis (REDIS_URL) is niet bereikbaar: ${e instanceof Error ? e.message : String(e)}`);
		}
		// Three heartbeats per timeout: one lost message does not make an instance "gone".
		// Started only now: a command sent earlier would make ioredis connect on its own.
		this.timer = setInterval(() => this.beat(), Math.max(100, Math.floor(this.instanceTimeoutMs / 3)));
		this.timer.unref();
		this.beat();
	}

	private get instancesChannel(): string {
		return `${this.prefix}:instances`;
	}

	private roomChannel(roomId: string): string {
		return `${this.prefix}:room:${roomId}`;
	}

	async join(roomId: string, handler: (message: BusMessage) => void): Promise<void> {
		this.handlers.set(roomId, handler);
		await this.sub.subscribe(this.roomChannel(roomId));
	}

	leave(roomId: string): void {
		if (!this.handlers.delete(roomId) || this.closed) return;
		this.sub.unsubscribe(this.roomChannel(roomId)).catch(() => {});
	}

	publish(roomId: string, kind: BusKind, payload: Uint8Array): void {
		if (this.closed) return;
		this.pub.publish(this.roomChannel(roomId), frame(kind, this.instanceId, payload)).catch((e: Error) => {
			this.log(`Publiceren naar Redis mislukt: ${e.message}`);
		});
	}

	onInstanceGone(listener: (instanceId: string) => void): void {
		this.goneListeners.push(listener);
	}

	onGap(listener: () => void): void {
		this.gapListeners.push(listener);
	}

	async health(): Promise<{ ok: boolean; detail?: string }> {
		if (this.sub.status !== 'ready' || this.pub.status !== 'ready') {
			return { ok: false, detail: `verbinding: ${this.pub.status}/${this.sub.status}` };
		}
		try {
			await Promise.race([
				this.pub.ping(),
				new Promise((_, reject) => setTimeout(() => reject(new Error('geen antwoord')), 2000).unref())
			]);
			return { ok: true };
		} catch (e) {
			return { ok: false, detail: e instanceof Error ? e.message : String(e) };
		}
	}

	private seen(instanceId: string): void {
		if (instanceId !== this.instanceId) this.lastSeen.set(instanceId, Date.now());
	}

	private gone(instanceId: string): void {
		this.lastSeen.delete(instanceId);
		for (const listener of this.goneListeners) listener(instanceId);
	}

	/** Says "still here", and declares gone whoever has been silent too long. */
	private beat(): void {
		if (this.closed) return;
		this.pub
			.publish(this.instancesChannel, frame(HEARTBEAT, this.instanceId, new Uint8Array()))
			.catch(() => {});
		const now = Date.now();
		for (const [id, at] of this.lastSeen) if (now - at > this.instanceTimeoutMs) this.gone(id);
	}

	private receive(channel: string, data: Buffer): void {
		const message = unframe(data);
		if (!message || message.from === this.instanceId) return;
		this.seen(message.from);
		if (channel === this.instancesChannel) {
			if (message.kind === GOODBYE) this.gone(message.from);
			return;
		}
		const roomId = channel.slice(this.prefix.length + ':room:'.length);
		const handler = this.handlers.get(roomId);
		if (!handler) return;
		if (
			message.kind !== BusKind.Update &&
			message.kind !== BusKind.Awareness &&
			message.kind !== BusKind.Query &&
			message.kind !== BusKind.Close
		)
			return;
		handler({ kind: message.kind, from: message.from, payload: message.payload });
	}

	/** Says goodbye (others drop our clients' awareness at once) and disconnects. */
	async close(): Promise<void> {
		if (this.closed) return;
		if (this.timer) clearInterval(this.timer);
		if (this.pub.status === 'ready') {
			await this.pub
				.publish(this.instancesChannel, frame(GOODBYE, this.instanceId, new Uint8Array()))
				.catch(() => {});
		}
		this.closed = true;
		this.handlers.clear();
		await Promise.allSettled([this.pub.quit(), this.sub.quit()]);
		this.pub.disconnect();
		this.sub.disconnect();
	}
}
