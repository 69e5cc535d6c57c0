import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/**
 * Yjs clocks and lengths above this are refused. Yjs re-encodes pending
 * updates in its V2 format, whose diff encoder only holds 31-bit integers;
 * no honest client comes near a billion operations under one client id.
 */
export const MAX_CLOCK = 2 ** 30;

/**
 * Updates up to this size are checked on the event loop (`checkInline`): a
 * bounds-checked read whose work is proportional to the bytes, so at most a
 * few tens of microseconds. Larger ones, and anything the inline reader does
 * not know, go to the worker.
 */
export const INLINE_CHECK_MAX_BYTES = 16 * 1024;

/** Nesting of `any` values the inline reader follows; deeper goes to the worker. */
const MAX_ANY_DEPTH = 64;

/** The inline reader met something it does not follow: let the worker (and Yjs) decide. */
const SUSPICIOUS = Symbol('suspicious');
/** The bytes end early or are not UTF-8 where a string should be: Yjs could not read it either. */
const UNREADABLE = Symbol('unreadable');

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads a Yjs update (v1 encoding) without decoding it into objects. Every
 * read checks the bounds first and every loop step consumes at least one byte,
 * so a count that claims millions of structs ends at the last byte instead
 * of allocating them.
 */
class Reader {
	pos = 0;
	constructor(private readonly bytes: Uint8Array) {}

	u8(): number {
		if (this.pos >= this.bytes.length) throw UNREADABLE;
		return this.bytes[this.pos++];
	}

	/** lib0's varUint; at most 8 bytes (56 bits) and a safe integer, as lib0 allows. */
	varUint(): number {
		let num = 0;
		let mult = 1;
		for (let i = 0; i < 8; i++) {
			const r = this.u8();
			num += (r & 0x7f) * mult;
			if (r < 0x80) {
				if (!Number.isSafeInteger(num)) throw SUSPICIOUS;
				return num;
			}
			mult *= 128;
		}
		throw SUSPICIOUS;
	}

	/** A Yjs id (client, clock); returns the clock. */
	idClock(): number {
		this.varUint();
		return this.varUint();
	}

	/** lib0's varInt (sign in the first byte): skipped. */
	varInt(): void {
		let r = this.u8();
		for (let i = 0; r & 0x80; i++) {
			if (i > 9) throw SUSPICIOUS;
			r = this.u8();
		}
	}

	skip(n: number): void {
		if (n > this.bytes.length - this.pos) throw UNREADABLE;
		this.pos += n;
	}

	/** A varString; returns its length in UTF-16 code units (what Yjs counts for text). */
	string(): number {
		const n = this.varUint();
		if (n > this.bytes.length - this.pos) throw UNREADABLE;
		const start = this.pos;
		this.pos += n;
		try {
			return utf8.decode(this.bytes.subarray(start, this.pos)).length;
		} catch {
			throw UNREADABLE;
		}
	}

	/** lib0's `any` encoding, skipped. */
	any(depth = 0): void {
		if (depth > MAX_ANY_DEPTH) throw SUSPICIOUS;
		switch (this.u8()) {
			case 127: // undefined
			case 126: // null
			case 121: // false
			case 120: // true
				return;
			case 125:
				return this.varInt();
			case 124:
				return this.skip(4);
			case 123:
			case 122:
				return this.skip(8);
			case 119:
				this.string();
				return;
			case 118: {
				const n = this.varUint();
				for (let i = 0; i < n; i++) {
					this.string();
					this.any(depth + 1);
				}
				return;
			}
			case 117: {
				const n = this.varUint();
				for (let i = 0; i < n; i++) this.any(depth + 1);
				return;
			}
			case 116:
				return this.skip(this.varUint());
			default:
				throw SUSPICIOUS;
		}
	}
}

/**
 * The worker's check (`shape` in WORKER_SOURCE), done on the event loop for a
 * small update: the same limits (structs, delete ranges, MAX_CLOCK) and the
 * same verdicts. Returns null when the update is larger than
 * INLINE_CHECK_MAX_BYTES or holds something this reader does not follow
 * (an unknown content or value type, deep nesting): the worker decides those.
 *
 * Layout (Yjs `writeStructs`/`writeDeleteSet`, v1): per client a struct count,
 * the client id and the first clock, then the structs (an info byte, origins,
 * parent, content); then the delete set (per client, clock and length ranges).
 */
export function checkInline(
	update: Uint8Array,
	limits: Pick<UpdateCheckLimits, 'maxStructs' | 'maxDeletes'>
): UpdateShape | null {
	if (update.byteLength > INLINE_CHECK_MAX_BYTES) return null;
	const r = new Reader(update);
	const big = (n: number) => n > MAX_CLOCK;
	const impossibleClock: UpdateShape = { ok: false, reason: 'Yjs-update met een onmogelijke klok of lengte' };
	try {
		let structs = 0;
		const clients = r.varUint();
		for (let c = 0; c < clients; c++) {
			const count = r.varUint();
			structs += count;
			if (structs > limits.maxStructs) return { ok: false, reason: 'Yjs-update bevat te veel onderdelen' };
			r.varUint(); // client id
			let clock = r.varUint();
			for (let i = 0; i < count; i++) {
				if (big(clock)) return impossibleClock;
				const info = r.u8();
				let length: number;
				if (info === 10) {
					length = r.varUint(); // Skip
				} else if ((info & 0x1f) === 0) {
					length = r.varUint(); // GC
				} else {
					const ref = info & 0x1f;
					if (ref > 9) return null;
					// Ids it refers to (a client and a clock each): the largest clock is checked.
					let refClock = 0;
					if (info & 0x80) refClock = Math.max(refClock, r.idClock()); // origin
					if (info & 0x40) refClock = Math.max(refClock, r.idClock()); // right origin
					if ((info & 0xc0) === 0) {
						if (r.varUint() === 1)
							r.string(); // parent: a root type's name
						else refClock = Math.max(refClock, r.idClock()); // or an item's id
						if (info & 0x20) r.string(); // parentSub (a map key)
					}
					if (big(refClock)) return { ok: false, reason: 'Yjs-update verwijst naar een onmogelijke klok' };
					length = content(r, ref);
				}
				if (big(length) || big(clock + length)) return impossibleClock;
				clock += length;
			}
		}
		let deletes = 0;
		const dsClients = r.varUint();
		for (let c = 0; c < dsClients; c++) {
			r.varUint(); // client id
			const n = r.varUint();
			deletes += n;
			if (deletes > limits.maxDeletes) {
				return { ok: false, reason: 'Yjs-update verwijdert te veel losse stukken' };
			}
			for (let i = 0; i < n; i++) {
				const clock = r.varUint();
				const len = r.varUint();
				if (big(clock) || big(len) || big(clock + len)) {
					return { ok: false, reason: 'Yjs-update verwijdert een onmogelijk bereik' };
				}
			}
		}
		return { ok: true, structs, deletes };
	} catch (e) {
		if (e === UNREADABLE) return { ok: false, reason: 'Yjs-update kon niet worden gelezen' };
		if (e === SUSPICIOUS) return null;
		throw e;
	}
}

/** Skips an item's content (Yjs `contentRefs`); returns its length in clock units. */
function content(r: Reader, ref: number): number {
	switch (ref) {
		case 1: // deleted
			return r.varUint();
		case 2: {
			// JSON: strings, parsed by Yjs when applied
			const n = r.varUint();
			for (let i = 0; i < n; i++) r.string();
			return n;
		}
		case 3: // binary
			r.skip(r.varUint());
			return 1;
		case 4: // string
			return r.string();
		case 5: // embed
			r.string();
			return 1;
		case 6: // format: key and value
			r.string();
			r.string();
			return 1;
		case 7: {
			// type: a type ref, and for an XML element or hook its name
			const type = r.varUint();
			if (type > 6) throw SUSPICIOUS;
			if (type === 3 || type === 5) r.string();
			return 1;
		}
		case 8: {
			// any
			const n = r.varUint();
			for (let i = 0; i < n; i++) r.any();
			return n;
		}
		default: {
			// 9, a subdocument: guid and options
			r.string();
			r.any();
			return 1;
		}
	}
}

/**
 * What the structural check found in an update. `timedOut`: the check ran
 * over `timeoutMs` (refused, 4400). `unavailable`: no worker could be started
 * to check it; the update was not judged (the sync server closes with 1012, so
 * the client reconnects and sends it again).
 */
export type UpdateShape =
	| { ok: true; structs: number; deletes: number }
	| { ok: false; reason: string; timedOut?: boolean; unavailable?: boolean };

export type UpdateCheckLimits = {
	/** Structs (inserts) one update may carry. */
	maxStructs: number;
	/** Delete ranges one update may carry. */
	maxDeletes: number;
	/** How long one check may take before the update is refused and the worker replaced. */
	timeoutMs: number;
};

/**
 * Runs in a worker thread, so that decoding a crafted update (some cost Yjs
 * hundreds of milliseconds for a few bytes, e.g. a struct count that makes it
 * allocate a huge array) never blocks the event loop that serves everyone else.
 * Plain CommonJS: it is evaluated as a string, outside the app's bundle. It
 * talks over its own MessagePort (`workerData.port`), so the server can take
 * an answer that waits behind a busy event loop (`receiveMessageOnPort`), and
 * says `ready` once Yjs is loaded: only then does a check's time start.
 */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const Y = require('node:module').createRequire(workerData.base)('yjs');
const MAX_CLOCK = workerData.maxClock;
const port = workerData.port;
function shape(update, limits) {
	let decoded;
	try {
		decoded = Y.decodeUpdate(update);
	} catch (e) {
		return { ok: false, reason: 'Yjs-update kon niet worden gelezen' };
	}
	if (decoded.structs.length > limits.maxStructs) {
		return { ok: false, reason: 'Yjs-update bevat te veel onderdelen' };
	}
	const big = (n) => !Number.isSafeInteger(n) || n < 0 || n > MAX_CLOCK;
	for (const s of decoded.structs) {
		if (big(s.id.clock) || big(s.length) || big(s.id.clock + s.length)) {
			return { ok: false, reason: 'Yjs-update met een onmogelijke klok of lengte' };
		}
		for (const ref of [s.origin, s.rightOrigin, s.parent]) {
			if (ref && typeof ref === 'object' && 'clock' in ref && big(ref.clock)) {
				return { ok: false, reason: 'Yjs-update verwijst naar een onmogelijke klok' };
			}
		}
	}
	let deletes = 0;
	for (const items of decoded.ds.clients.values()) {
		deletes += items.length;
		for (const d of items) {
			if (big(d.clock) || big(d.len) || big(d.clock + d.len)) {
				return { ok: false, reason: 'Yjs-update verwijdert een onmogelijk bereik' };
			}
		}
	}
	if (deletes > limits.maxDeletes) {
		return { ok: false, reason: 'Yjs-update verwijdert te veel losse stukken' };
	}
	return { ok: true, structs: decoded.structs.length, deletes };
}
port.on('message', ({ id, update, limits }) => {
	let result;
	try {
		result = shape(update, limits);
	} catch (e) {
		result = { ok: false, reason: 'Yjs-update kon niet worden gecontroleerd' };
	}
	port.postMessage({ id, result });
});
port.postMessage({ ready: true });
`;

/**
 * How long a check worker may take to start (a thread, and Yjs loaded in it)
 * before the updates waiting for it are sent back as `unavailable`. Its start
 * never counts against an update's `timeoutMs`: on a busy server starting a
 * thread can take longer than checking any honest update.
 */
export const WORKER_START_LIMIT_MS = 30_000;

type Job = {
	id: number;
	update: Uint8Array;
	resolve: (shape: UpdateShape) => void;
};

/** One check worker and the port it answers on. */
type Slot = { worker: Worker; port: MessagePort; ready: boolean; startTimer: ReturnType<typeof setTimeout> };

type WorkerMessage = { ready: true } | { id: number; result: UpdateShape };

/**
 * Checks the structure of Yjs updates in one worker thread, one at a time, with
 * a time limit per update. A check that runs over is refused and its worker
 * replaced, so a hostile update costs the event loop nothing and delays other
 * rooms' updates at most `timeoutMs`.
 *
 * The worker is started when the checker is made (at server start) and again
 * right after one is replaced, and an update's time starts only once the worker
 * has said it is ready: the first large edit on a busy server is not refused
 * for the time a thread took to start (it would get a final 4400). Nor is one
 * refused because the event loop was busy when the time ran out: an answer
 * that is already waiting on the port counts.
 */
export class UpdateChecker {
	private slot: Slot | null = null;
	private readonly queue: Job[] = [];
	private current: Job | null = null;
	private timer: ReturnType<typeof setTimeout> | null = null;
	private nextId = 1;
	private closed = false;

	constructor(
		private readonly limits: UpdateCheckLimits,
		private readonly log: (message: string) => void
	) {
		this.slot = this.spawn();
	}

	check(update: Uint8Array): Promise<UpdateShape> {
		if (this.closed) return Promise.resolve({ ok: false, reason: 'server stopt' });
		return new Promise((resolve) => {
			this.queue.push({ id: this.nextId++, update, resolve });
			this.pump();
		});
	}

	/** Updates waiting for or in a check. */
	get pending(): number {
		return this.queue.length + (this.current ? 1 : 0);
	}

	close(): void {
		this.closed = true;
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		this.stop(this.slot);
		this.slot = null;
		for (const job of [...(this.current ? [this.current] : []), ...this.queue.splice(0)]) {
			job.resolve({ ok: false, reason: 'server stopt' });
		}
		this.current = null;
	}

	private spawn(): Slot {
		const { port1, port2 } = new MessageChannel();
		const worker = new Worker(WORKER_SOURCE, {
			eval: true,
			workerData: { base: createRequire(import.meta.url).resolve('yjs'), maxClock: MAX_CLOCK, port: port2 },
			transferList: [port2],
			// A crafted update must not take the process's memory with it.
			resourceLimits: { maxOldGenerationSizeMb: 256 }
		});
		const slot: Slot = {
			worker,
			port: port1,
			ready: false,
			startTimer: setTimeout(() => {
				if (slot.ready || this.slot !== slot) return;
				this.log(`De controle van Yjs-updates startte niet binnen ${WORKER_START_LIMIT_MS} ms`);
				this.failStart(slot);
			}, WORKER_START_LIMIT_MS)
		};
		slot.startTimer.unref();
		port1.on('message', (msg: WorkerMessage) => this.received(slot, msg));
		// Neither the worker nor its port keeps the process alive.
		port1.unref();
		worker.unref();
		worker.on('error', (e) => {
			if (this.slot !== slot) return;
			this.log(`Controle van Yjs-updates viel om: ${e.message}`);
			if (slot.ready) this.replace({ ok: false, reason: 'Yjs-update kon niet worden gecontroleerd' });
			else this.failStart(slot);
		});
		worker.on('exit', () => {
			if (this.slot !== slot) return;
			if (slot.ready) this.replace({ ok: false, reason: 'Yjs-update kon niet worden gecontroleerd' });
			else this.failStart(slot);
		});
		return slot;
	}

	private stop(slot: Slot | null): void {
		if (!slot) return;
		clearTimeout(slot.startTimer);
		slot.port.close();
		void slot.worker.terminate();
	}

	private received(slot: Slot, msg: WorkerMessage): void {
		if (this.slot !== slot) return;
		if ('ready' in msg) {
			slot.ready = true;
			clearTimeout(slot.startTimer);
			this.pump();
			return;
		}
		if (this.current && msg.id === this.current.id) this.finish(msg.result);
	}

	/**
	 * A worker that did not start: the updates waiting for it go back as
	 * `unavailable` (the server's fault, not the sender's; the sync server
	 * closes with 1012 and the client sends them again). The next check starts
	 * another worker.
	 */
	private failStart(slot: Slot): void {
		this.stop(slot);
		this.slot = null;
		for (const job of this.queue.splice(0)) {
			job.resolve({
				ok: false,
				reason: 'de controle van Yjs-updates is niet beschikbaar',
				unavailable: true
			});
		}
	}

	/** Fails the update in progress and starts afresh with a new worker. */
	private replace(result: UpdateShape): void {
		this.stop(this.slot);
		this.slot = this.closed ? null : this.spawn();
		if (this.current) this.finish(result);
	}

	private finish(result: UpdateShape): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = null;
		const job = this.current;
		this.current = null;
		job?.resolve(result);
		this.pump();
	}

	private pump(): void {
		if (this.current || this.closed || this.queue.length === 0) return;
		this.slot ??= this.spawn();
		// The time limit starts once the worker is up (see `received`).
		if (!this.slot.ready) return;
		const slot = this.slot;
		const job = this.queue.shift()!;
		this.current = job;
		this.timer = setTimeout(() => {
			// An answer may be waiting behind a busy event loop: take it before calling the check slow.
			for (let m = receiveMessageOnPort(slot.port); m; m = receiveMessageOnPort(slot.port)) {
				this.received(slot, m.message as WorkerMessage);
				if (this.current !== job) return;
			}
			this.log(`Controle van een Yjs-update duurde langer dan ${this.limits.timeoutMs} ms; geweigerd`);
			this.replace({ ok: false, reason: 'Yjs-update is te bewerkelijk', timedOut: true });
		}, this.limits.timeoutMs);
		this.timer.unref();
		slot.port.postMessage({
			id: job.id,
			update: job.update,
			limits: { maxStructs: this.limits.maxStructs, maxDeletes: this.limits.maxDeletes }
		});
	}
}
