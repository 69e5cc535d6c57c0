import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { now } from './stats';
import type { Closed, Record, WorkerReply, WorkerRequest } from './worker-protocol';

const WORKER = fileURLToPath(new URL('./client-worker.ts', import.meta.url));

type Worker = {
	child: ChildProcess;
	/** This worker's clock minus ours, in ms (estimated over IPC). */
	offset: number;
	pending: ((reply: WorkerReply) => void) | null;
};

/**
 * Client processes: the clients of a scenario are spread over several
 * processes, so that one event loop handing 200 updates in turn does not
 * show up as server latency.
 */
export class ClientPool {
	private constructor(private readonly workers: Worker[]) {}

	static async start(size: number): Promise<ClientPool> {
		const workers = await Promise.all(
			Array.from({ length: size }, async () => {
				const child = fork(WORKER, [], {
					execArgv: ['--import', 'tsx', '--expose-gc'],
					stdio: ['ignore', 'inherit', 'inherit', 'ipc']
				});
				const worker: Worker = { child, offset: 0, pending: null };
				const ready = new Promise<void>((resolve, reject) => {
					child.once('message', () => resolve());
					child.once('exit', (code) => reject(new Error(`client worker exited with ${code}`)));
				});
				child.on('message', (reply: WorkerReply) => {
					const pending = worker.pending;
					worker.pending = null;
					pending?.(reply);
				});
				await ready;
				return worker;
			})
		);
		const pool = new ClientPool(workers);
		await Promise.all(workers.map((w) => pool.calibrate(w)));
		return pool;
	}

	get size(): number {
		return this.workers.length;
	}

	private send(worker: Worker, request: WorkerRequest): Promise<WorkerReply> {
		if (worker.pending) throw new Error('client worker is busy');
		return new Promise((resolve, reject) => {
			worker.pending = (reply) => {
				if (reply.type === 'error') reject(new Error(`client worker: ${reply.message}`));
				else resolve(reply);
			};
			worker.child.send(request);
		});
	}

	/** Clock offset from the round trip with the least delay (NTP's idea, over IPC). */
	private async calibrate(worker: Worker): Promise<void> {
		let best = { rtt: Infinity, offset: 0 };
		for (let i = 0; i < 20; i++) {
			const t0 = now();
			const reply = await this.send(worker, { type: 'clock' });
			const t1 = now();
			if (reply.type !== 'clock') continue;
			if (t1 - t0 < best.rtt) best = { rtt: t1 - t0, offset: reply.t - (t0 + t1) / 2 };
		}
		worker.offset = best.offset;
	}

	/** Sends one request to worker `index`. */
	async call(index: number, request: WorkerRequest): Promise<WorkerReply> {
		return this.send(this.workers[index], request);
	}

	/**
	 * Sends per-worker requests in parallel (null: skip that worker). Waits for every
	 * worker before it throws the first error, so none is left busy with the request.
	 */
	async each(request: (index: number) => WorkerRequest | null): Promise<void> {
		const settled = await Promise.allSettled(
			this.workers.map((w, i) => {
				const r = request(i);
				return r ? this.send(w, r) : Promise.resolve();
			})
		);
		const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
		if (failed) throw failed.reason;
	}

	/**
	 * Every (write, client) delay in ms, on one clock, for writes from `fromSeq`;
	 * `missing` counts clients that never saw a write, `missingByRoom` the same per room
	 * (`receivers`: the clients recording there), `closes` the sockets the server closed
	 * since the last collect, and `unwritten` the receivers in a room without a writer.
	 */
	async latencies(fromSeq: number): Promise<{
		delays: number[];
		missing: number;
		writes: number;
		missingByRoom: Map<string, { missing: number; receivers: number }>;
		closes: Closed[];
		unwritten: number;
	}> {
		const replies = await Promise.all(this.workers.map((w) => this.send(w, { type: 'collect' })));
		const writes = new Map<string, (number | null)[]>();
		const arrivals: Record[] = [];
		const closes: Closed[] = [];
		replies.forEach((reply, i) => {
			if (reply.type !== 'records') return;
			closes.push(...reply.closes);
			const offset = this.workers[i].offset;
			const shift = (r: Record): Record => ({
				room: r.room,
				times: r.times.map((t) => (t === null ? null : t - offset))
			});
			for (const w of reply.writes) writes.set(w.room, shift(w).times);
			arrivals.push(...reply.arrivals.map(shift));
		});
		const delays: number[] = [];
		let missing = 0;
		let total = 0;
		let unwritten = 0;
		const missingByRoom = new Map<string, { missing: number; receivers: number }>();
		for (const times of writes.values()) total += Math.max(0, times.length - fromSeq);
		for (const a of arrivals) {
			const written = writes.get(a.room);
			if (!written) {
				unwritten++;
				continue;
			}
			const room = missingByRoom.get(a.room) ?? { missing: 0, receivers: 0 };
			room.receivers++;
			missingByRoom.set(a.room, room);
			for (let seq = fromSeq; seq < written.length; seq++) {
				const w = written[seq];
				const t = a.times[seq];
				if (w === null || w === undefined) continue;
				if (t === null || t === undefined) {
					missing++;
					room.missing++;
				} else delays.push(t - w);
			}
		}
		for (const [room, m] of missingByRoom) if (m.missing === 0) missingByRoom.delete(room);
		return { delays, missing, writes: total, missingByRoom, closes, unwritten };
	}

	async close(): Promise<void> {
		await Promise.all(
			this.workers.map(async (w) => {
				try {
					await Promise.race([this.send(w, { type: 'close' }), new Promise((r) => setTimeout(r, 5000))]);
				} catch {
					// Closing anyway.
				}
				w.child.kill('SIGTERM');
			})
		);
	}
}
