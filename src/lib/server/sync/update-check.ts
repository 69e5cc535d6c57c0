import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Yjs clocks and lengths above this are refused. Yjs re-encodes pending
 * updates in its V2 format, whose diff encoder only holds 31-bit integers;
 * no honest client comes near a billion operations under one client id.
 */
export const MAX_CLOCK = 2 ** 30;

/** What the structural check found in an update. */
export type UpdateShape =
	{ ok: true; structs: number; deletes: number } | { ok: false; reason: string; timedOut?: boolean };

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
 * Plain CommonJS: it is evaluated as a string, outside the app's bundle.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Y = require('node:module').createRequire(workerData.base)('yjs');
const MAX_CLOCK = workerData.maxClock;
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
parentPort.on('message', ({ id, update, limits }) => {
	let result;
	try {
		result = shape(update, limits);
	} catch (e) {
		result = { ok: false, reason: 'Yjs-update kon niet worden gecontroleerd' };
	}
	parentPort.postMessage({ id, result });
});
`;

type Job = {
	id: number;
	update: Uint8Array;
	resolve: (shape: UpdateShape) => void;
};

/**
 * Checks the structure of Yjs updates in one worker thread, one at a time, with
 * a time limit per update. A check that runs over is refused and its worker
 * replaced, so a hostile update costs the event loop nothing and delays other
 * rooms' updates at most `timeoutMs`.
 */
export class UpdateChecker {
	private worker: Worker | null = null;
	private readonly queue: Job[] = [];
	private current: Job | null = null;
	private timer: ReturnType<typeof setTimeout> | null = null;
	private nextId = 1;
	private closed = false;

	constructor(
		private readonly limits: UpdateCheckLimits,
		private readonly log: (message: string) => void
	) {}

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
		void this.worker?.terminate();
		this.worker = null;
		for (const job of [...(this.current ? [this.current] : []), ...this.queue.splice(0)]) {
			job.resolve({ ok: false, reason: 'server stopt' });
		}
		this.current = null;
	}

	private spawn(): Worker {
		const worker = new Worker(WORKER_SOURCE, {
			eval: true,
			workerData: { base: createRequire(import.meta.url).resolve('yjs'), maxClock: MAX_CLOCK },
			// A crafted update must not take the process's memory with it.
			resourceLimits: { maxOldGenerationSizeMb: 256 }
		});
		worker.unref();
		worker.on('message', (msg: { id: number; result: UpdateShape }) => {
			if (!this.current || msg.id !== this.current.id) return;
			this.finish(msg.result);
		});
		worker.on('error', (e) => {
			this.log(`Controle van Yjs-updates viel om: ${e.message}`);
			this.replace({ ok: false, reason: 'Yjs-update kon niet worden gecontroleerd' });
		});
		worker.on('exit', () => {
			if (this.worker === worker)
				this.replace({ ok: false, reason: 'Yjs-update kon niet worden gecontroleerd' });
		});
		return worker;
	}

	/** Fails the update in progress and starts afresh with a new worker. */
	private replace(result: UpdateShape): void {
		const old = this.worker;
		this.worker = null;
		if (old) void old.terminate();
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
		if (this.current || this.closed) return;
		const job = this.queue.shift();
		if (!job) return;
		this.current = job;
		this.worker ??= this.spawn();
		this.timer = setTimeout(() => {
			this.log(`Controle van een Yjs-update duurde langer dan ${this.limits.timeoutMs} ms; geweigerd`);
			this.replace({ ok: false, reason: 'Yjs-update is te bewerkelijk', timedOut: true });
		}, this.limits.timeoutMs);
		this.timer.unref();
		this.worker.postMessage({
			id: job.id,
			update: job.update,
			limits: { maxStructs: this.limits.maxStructs, maxDeletes: this.limits.maxDeletes }
		});
	}
}
