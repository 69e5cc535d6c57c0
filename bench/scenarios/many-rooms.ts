import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientPool } from '../lib/client-pool';
import { diff } from '../lib/heap-snapshot';
import { template } from '../../tests/helpers/journeys';
import { defineScenario, type Metric } from '../lib/scenario';
import { createJourney, processUsage, startKlantreis, type BenchServer, type Created } from '../lib/servers';
import type { Closed } from '../lib/worker-protocol';
import { percentile, sleep } from '../lib/stats';

export type Params = {
	rooms: number;
	/** Clients per room, its writer among them. */
	clientsPerRoom: number;
	/** Map edits per second per room (a busy workshop: someone always moving a card). */
	rate: number;
	durationMs: number;
	warmupWrites: number;
	workers: number;
	/** Official y-websocket clients per room (they apply every update and must converge); the rest are raw. */
	fullPerRoom: number;
	/** Room counts tried after the main run, in order, until p99 reaches 100 ms: the process's capacity. */
	capacity: number[];
};

const P99_TARGET_MS = 100;

/** The server's log since `from` (characters of `BenchServer.output`), at most `lines` lines. */
function serverLog(server: BenchServer, from: number, lines = 20): string {
	const all = server.output().slice(from).trim().split('\n').filter(Boolean);
	if (all.length === 0) return 'server log: nothing';
	const shown = all.slice(0, lines).map((l) => `    ${l}`);
	return `server log (${all.length} lines${all.length > lines ? `, first ${lines}` : ''}):\n${shown.join('\n')}`;
}

/** Sockets closed, summed by client kind and close code: "raw 4429 ×3 (te veel verbindingen), …". */
function closeSummary(closes: Closed[]): string {
	const counts = new Map<string, number>();
	for (const c of closes) {
		const key = `${c.client} ${c.code ?? '-'}${c.reason ? ` (${c.reason})` : ''}`;
		counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	return [...counts].map(([k, n]) => `${k} ×${n}`).join(', ');
}

/**
 * Connects `journeys` (a writer, `fullPerRoom` official clients and raw clients per room),
 * lets every writer edit, and returns the delays; the clients stay connected.
 * Throws when a socket is refused or closed by the server, a writer fails (an edit that
 * changed nothing, a lost connection) or a receiver sits in a room without a writer: the
 * step failed, and its deliveries are not counted as missing. Missing deliveries are
 * reported per room, with the server's log of the step.
 */
export async function connectAndWrite(
	server: BenchServer,
	pool: ClientPool,
	journeys: Created[],
	params: Params,
	log: (m: string) => void
) {
	const logFrom = server.output().length;
	try {
		return await connectAndWriteOnce(server, pool, journeys, params, log, logFrom);
	} catch (e) {
		const message = `${journeys.length} rooms: ${e instanceof Error ? e.message : String(e)}`;
		// The runner prints an error's first line only: the server's log goes to the log here.
		log(`  FAILED: ${message}\n  ${serverLog(server, logFrom)}`);
		throw new Error(message);
	}
}

async function connectAndWriteOnce(
	server: BenchServer,
	pool: ClientPool,
	journeys: Created[],
	params: Params,
	log: (m: string) => void,
	logFrom: number
) {
	const byWorker = (i: number) => journeys.filter((_, r) => r % pool.size === i);
	await pool.each((i) => ({
		type: 'writers',
		wsUrl: server.wsUrl,
		rooms: byWorker(i).map((j) => ({ room: j.id, token: j.tokens.editor }))
	}));
	const full = Math.min(params.fullPerRoom, params.clientsPerRoom - 1);
	await pool.each((i) => ({
		type: 'connect',
		wsUrl: server.wsUrl,
		rooms: byWorker(i).map((j) => ({ room: j.id, token: j.tokens.editor, count: full })),
		batch: 20
	}));
	await pool.each((i) => ({
		type: 'connect-raw',
		wsUrl: server.wsUrl,
		rooms: byWorker(i).map((j) => ({
			room: j.id,
			token: j.tokens.editor,
			count: params.clientsPerRoom - 1 - full
		})),
		batch: 50
	}));
	await sleep(2000);
	const connected = await pool.latencies(0);
	if (connected.closes.length > 0)
		throw new Error(
			`${connected.closes.length} sockets closed after they synced: ${closeSummary(connected.closes)}`
		);
	log(`  ${journeys.length} rooms writing`);
	const before = processUsage(server.pid);
	await pool.each(() => ({ type: 'write', mode: 'map', rate: params.rate, durationMs: params.durationMs }));
	const after = processUsage(server.pid);
	await sleep(1500);
	const { delays, missing, missingByRoom, closes, unwritten } = await pool.latencies(params.warmupWrites);
	if (closes.length > 0)
		throw new Error(`${closes.length} sockets closed while writing: ${closeSummary(closes)}`);
	if (unwritten > 0) throw new Error(`${unwritten} receivers in rooms without a writer`);
	if (missing > 0) {
		const index = new Map(journeys.map((j, i) => [j.id, i]));
		const measured = Math.floor((params.durationMs / 1000) * params.rate) - params.warmupWrites;
		const rooms = [...missingByRoom].map(([id, m]) => ({ i: index.get(id) ?? -1, ...m }));
		const silent = rooms.filter((r) => r.missing === r.receivers * measured).sort((a, b) => a.i - b.i);
		log(
			`  MISSING: ${missing} deliveries in ${rooms.length} of ${journeys.length} rooms; ` +
				`${silent.length} rooms delivered none of their ${measured} measured writes to any receiver ` +
				`(room numbers: ${silent
					.slice(0, 10)
					.map((r) => r.i)
					.join(', ')}${silent.length > 10 ? ', …' : ''})\n` +
				`  ${serverLog(server, logFrom)}`
		);
	}
	return {
		delays,
		missing,
		cpu: ((after.cpuSeconds - before.cpuSeconds) / (params.durationMs / 1000)) * 100,
		rss: after.rssBytes
	};
}

export const SERVICES = "globalThis[Symbol.for('klantreis.services')]";

/** Closes every client and waits until every room has unloaded; the memory then, and the rooms still loaded. */
async function closeAndUnload(
	server: BenchServer,
	pool: ClientPool
): Promise<{ memory: number; left: number }> {
	await pool.each(() => ({ type: 'close' }));
	const start = Date.now();
	while ((await loadedRooms(server)) > 0 && Date.now() - start < 30_000) await sleep(200);
	// Closed sockets linger for ws's close handshake.
	await sleep(2000);
	return { memory: await jsMemory(server), left: await loadedRooms(server) };
}

/** Heap plus external memory (buffers) of the server after a full collection, in bytes. */
export async function jsMemory(server: BenchServer): Promise<number> {
	await server.gc!();
	const m = (await server.evaluate!('process.memoryUsage()')) as { heapUsed: number; external: number };
	return m.heapUsed + m.external;
}

export async function loadedRooms(server: BenchServer): Promise<number> {
	return (await server.evaluate!(`${SERVICES}.rooms.size`)) as number;
}

export default defineScenario<Params>({
	name: 'many-rooms',
	description:
		'Many workshops on one process: rooms of 10 clients, one writer each; latency, server CPU and memory.',
	method:
		'The server runs with the inspector on, so the benchmark can force a full GC and read `process.memoryUsage()` (heap + external) and the loaded room count inside it. ' +
		'"Memory per idle room" loads every journey as a room without sockets (`rooms.acquire`), as a room stands between two edits; "with its clients" adds the 10 open sockets. ' +
		'"After unload" is what stays once every client has left and the rooms were stored and unloaded, over the warm baseline. ' +
		"After the first cycle that is one-off state, not the rooms': V8's compiled code, feedback and object shapes for the socket path and the Yjs encoders (about 1.6 to 2.4 MB whatever the room count; heap snapshots in docs/benchmarks.md, Session 5, `bench/heap-diff.ts`), so it is reported on its own. " +
		'The figure held against ≈ 0 is a second, identical cycle (the same rooms connect, write, disconnect and unload again): what it leaves over the first unload, per room. ' +
		"Heap snapshots after both unloads split it: JS objects, strings and closures (what a room or a socket would leave behind) and code (V8 still optimising hot functions, a few hundred KB at most in all, so a few KB per room in the quick variant's 50 rooms). " +
		'Per room, one writer and two official y-websocket clients apply every update (they check convergence: a delivery they miss counts as missing); ' +
		'the other seven speak the protocol on raw sockets, ask for the document once and record when each update frame arrives without decoding it, ' +
		"so the 2,000 clients cost their processes little and the latency is the server's. " +
		'Capacity: after the main run, the same process serves more rooms (the counts tried are in the label) until the p99 passes 100 ms.',
	quick: {
		runs: 1,
		rooms: 50,
		clientsPerRoom: 10,
		rate: 2,
		durationMs: 6000,
		warmupWrites: 2,
		workers: 2,
		fullPerRoom: 2,
		capacity: [100]
	},
	full: {
		runs: 3,
		rooms: 200,
		clientsPerRoom: 10,
		rate: 2,
		durationMs: 15_000,
		warmupWrites: 4,
		workers: 4,
		fullPerRoom: 2,
		capacity: [400, 600, 800, 1200]
	},
	async run(params, ctx) {
		const server = await startKlantreis({ env: ctx.env, inspect: true });
		const pool = await ClientPool.start(params.workers);
		const metrics: Metric[] = [];
		try {
			const journeys: Created[] = [];
			for (let i = 0; i < params.rooms; i++) journeys.push(await createJourney(server, template()));
			const baseline = await jsMemory(server);
			const rssBaseline = processUsage(server.pid).rssBytes;

			// Rooms alone: what one loaded journey costs between edits.
			const ids = JSON.stringify(journeys.map((j) => j.id));
			await server.evaluate!(`(() => { for (const id of ${ids}) ${SERVICES}.rooms.acquire(id); })()`);
			const roomsOnly = await jsMemory(server);
			await server.evaluate!(
				`(() => { const r = ${SERVICES}.rooms; for (const id of ${ids}) r.releaseIfEmpty(r.loaded(id)); })()`
			);
			// What one-off work leaves behind (compiled code, statement caches) is not a room's.
			const warmBaseline = await jsMemory(server);

			ctx.log(`  connecting ${params.rooms * params.clientsPerRoom} clients`);
			const measured = await connectAndWrite(server, pool, journeys, params, ctx.log);
			const { delays, missing } = measured;
			// Memory with every client connected, after the writing (the rooms hold their docs now).
			const connectedIdle = await jsMemory(server);

			const first = await closeAndUnload(server, pool);
			// Heap snapshots after each unload (taken after the figure is read): what the second
			// cycle left, split into objects and V8's compiled code.
			const snapshots = mkdtempSync(join(tmpdir(), 'klantreis-heap-'));
			await server.heapSnapshot!(join(snapshots, '1.heapsnapshot'));
			// The same cycle again: the first left its one-off state (compiled code and the like),
			// so what this one leaves is what a room's visit costs for good.
			ctx.log('  the same rooms again');
			await connectAndWrite(server, pool, journeys, params, ctx.log);
			const second = await closeAndUnload(server, pool);
			await server.heapSnapshot!(join(snapshots, '2.heapsnapshot'));
			const left = diff(join(snapshots, '1.heapsnapshot'), join(snapshots, '2.heapsnapshot')).byKind;
			rmSync(snapshots, { recursive: true, force: true });

			// Capacity: more rooms on the same process until the p99 passes the target.
			let most = percentile(delays, 99) < P99_TARGET_MS ? params.rooms : 0;
			const steps: Metric[] = [];
			for (const rooms of params.capacity) {
				if (most === 0) break; // the main run missed already
				while (journeys.length < rooms) journeys.push(await createJourney(server, template()));
				ctx.log(`  capacity: ${rooms} rooms`);
				let step: Awaited<ReturnType<typeof connectAndWrite>>;
				try {
					step = await connectAndWrite(server, pool, journeys.slice(0, rooms), params, ctx.log);
				} catch (e) {
					// A refused socket or a failed writer is the step's failure, never a quiet "missing".
					ctx.log(
						`  capacity: step failed (${e instanceof Error ? e.message : String(e)}); the ramp stops here`
					);
					steps.push({
						key: `capacity.${rooms}.failed`,
						label: `${rooms} rooms: step failed (refused or closed socket, writer error; in the log)`,
						value: 1,
						unit: '',
						target: { max: 0 }
					});
					break;
				} finally {
					await pool.each(() => ({ type: 'close' }));
				}
				const p99 = percentile(step.delays, 99);
				steps.push(
					{ key: `capacity.${rooms}.p99`, label: `${rooms} rooms: p99`, value: p99, unit: 'ms' },
					{ key: `capacity.${rooms}.cpu`, label: `${rooms} rooms: server CPU`, value: step.cpu, unit: '%' },
					{
						key: `capacity.${rooms}.missing`,
						label: `${rooms} rooms: deliveries missing`,
						value: step.missing,
						unit: ''
					}
				);
				if (p99 < P99_TARGET_MS && step.missing === 0) most = rooms;
				else break;
				while ((await loadedRooms(server)) > 0) await sleep(200);
			}

			const kb = 1024;
			metrics.push(
				{
					key: 'p50',
					label: `${params.rooms} rooms × ${params.clientsPerRoom} clients: p50`,
					value: percentile(delays, 50),
					unit: 'ms'
				},
				{
					key: 'p99',
					label: `${params.rooms} rooms × ${params.clientsPerRoom} clients: p99`,
					value: percentile(delays, 99),
					unit: 'ms',
					target: { max: 100 }
				},
				{ key: 'missing', label: 'deliveries missing', value: missing, unit: '' },
				{ key: 'cpu', label: 'server CPU while writing', value: measured.cpu, unit: '%' },
				{ key: 'rss', label: 'server RSS while writing', value: measured.rss / (kb * kb), unit: 'MB' },
				{ key: 'rss.base', label: 'server RSS before any room', value: rssBaseline / (kb * kb), unit: 'MB' },
				{
					key: 'room.idle',
					label: 'memory per idle room',
					value: (roomsOnly - baseline) / params.rooms / kb,
					unit: 'KB',
					target: { max: 100 }
				},
				{
					key: 'room.clients',
					label: `memory per idle room with its ${params.clientsPerRoom} clients`,
					value: (connectedIdle - warmBaseline) / params.rooms / kb,
					unit: 'KB'
				},
				{
					key: 'room.unloaded',
					label: 'memory per room after the first unload (one-off: compiled code)',
					value: (first.memory - warmBaseline) / params.rooms / kb,
					unit: 'KB'
				},
				{
					key: 'room.unloaded.again',
					label: 'memory per room a second cycle leaves after unload',
					value: (second.memory - first.memory) / params.rooms / kb,
					unit: 'KB',
					target: { max: 1, label: '≈ 0' }
				},
				{
					key: 'room.unloaded.again.objects',
					label: 'of the second cycle: JS objects, strings, closures per room (heap snapshots)',
					value: (left.objects + left.strings + left.closures) / params.rooms / kb,
					unit: 'KB'
				},
				{
					key: 'room.unloaded.again.code',
					label: "of the second cycle: V8's compiled code, feedback, shapes per room (heap snapshots)",
					value: left.code / params.rooms / kb,
					unit: 'KB'
				},
				{
					key: 'rooms.left',
					label: 'rooms still loaded after unload',
					value: Math.max(first.left, second.left),
					unit: '',
					target: { max: 0 }
				},
				{
					key: 'capacity',
					label: `most rooms of ${params.clientsPerRoom} clients within p99 < ${P99_TARGET_MS} ms (tried ${[params.rooms, ...params.capacity].join(', ')})`,
					value: most,
					unit: 'rooms'
				},
				...steps
			);
		} finally {
			await pool.close();
			await server.stop();
		}
		return metrics;
	}
});
