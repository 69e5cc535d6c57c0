import { spawn, type ChildProcess } from 'node:child_process';
import { ClientPool } from '../lib/client-pool';
import { template } from '../../tests/helpers/journeys';
import { defineScenario, type Metric } from '../lib/scenario';
import {
	createJourney,
	processUsage,
	startKlantreis,
	startReference,
	type BenchServer
} from '../lib/servers';
import { percentile, sleep } from '../lib/stats';

type Params = {
	/** Clients per room, the writer among them. */
	clients: number[];
	/** Edits per second of the one writer. */
	rate: number;
	/** Length of each measured phase (map edits, then typing). */
	durationMs: number;
	/**
	 * Length of each phase in the 50-client rooms, whose ratios are the targets. One stalled
	 * edit (a pause in any process) delays all 49 deliveries, about 1.4 % of an 8 s phase's:
	 * alone it would set the p99. Twice as many edits take more than one such stall.
	 */
	targetDurationMs: number;
	/** Writes left out at the start of a phase (connections and JIT warming up). */
	warmupWrites: number;
	workers: number;
	/** Room sizes measured again while a CPU burner keeps one core busy. */
	burnerClients: number[];
};

/**
 * A process that keeps one core busy (a busy loop at normal priority), as
 * other work on a workshop server would: the tail under load is the one people feel.
 */
function startBurner(): ChildProcess {
	const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
	child.unref();
	return child;
}

/** Runs so far in this process: odd runs measure the reference first (see run). */
let runsStarted = 0;

const MODES = [
	{ mode: 'map', label: 'map edits' },
	{ mode: 'note', label: 'typing' }
] as const;

/** One room on one server: a writer and `clients - 1` readers spread over the pool, both phases measured. */
async function measureRoom(
	server: BenchServer,
	pool: ClientPool,
	clients: number,
	params: Params,
	roomIndex: number
): Promise<Record<'map' | 'note', { p50: number; p99: number; missing: number; cpu: number }>> {
	let room: string;
	let writerToken: string | undefined;
	let readerToken: string | undefined;
	let seed: unknown;
	if (server.kind === 'klantreis') {
		const created = await createJourney(server, template());
		room = created.id;
		writerToken = created.tokens.editor;
		readerToken = created.tokens.editor;
	} else {
		room = `bench-${roomIndex}-${clients}`;
		seed = template();
	}
	await pool.call(0, { type: 'writers', wsUrl: server.wsUrl, rooms: [{ room, token: writerToken, seed }] });
	const readers = clients - 1;
	await pool.each((i) => {
		const count = Math.floor(readers / pool.size) + (i < readers % pool.size ? 1 : 0);
		return count > 0
			? { type: 'connect', wsUrl: server.wsUrl, rooms: [{ room, token: readerToken, count }], batch: 10 }
			: null;
	});
	await sleep(1000);
	const out = {} as Record<'map' | 'note', { p50: number; p99: number; missing: number; cpu: number }>;
	const durationMs = clients === 50 ? params.targetDurationMs : params.durationMs;
	for (const { mode } of MODES) {
		if (mode === 'note') {
			await pool.call(0, { type: 'prepare-note' });
			await sleep(500);
		}
		// Each phase starts on collected client heaps: a client's major GC during the phase would
		// show in the tail as if it were the server's (seen: 20 to 40 ms p99 for both servers).
		await pool.each(() => ({ type: 'gc' }));
		await pool.latencies(0); // drop what arrived before the phase
		const before = processUsage(server.pid);
		await pool.call(0, { type: 'write', mode, rate: params.rate, durationMs });
		const after = processUsage(server.pid);
		await sleep(1000);
		const { delays, missing } = await pool.latencies(params.warmupWrites);
		out[mode] = {
			p50: percentile(delays, 50),
			p99: percentile(delays, 99),
			missing,
			cpu: ((after.cpuSeconds - before.cpuSeconds) / (durationMs / 1000)) * 100
		};
	}
	await pool.each(() => ({ type: 'close' }));
	return out;
}

export default defineScenario<Params>({
	name: 'sync-latency',
	description:
		'One writer in a room (map edits at 20/s, then typing into a note at 20/s); time from the write until each other client has it. ' +
		'The 50-client room is measured again while a CPU burner process keeps one core busy. ' +
		'Each phase lasts 8 s, in the 50-client rooms 16 s (their ratios are the targets).',
	method:
		'Official y-websocket clients spread over several processes; delays put on one clock by an NTP-style offset per process. ' +
		"The two servers take turns going first (ours in odd runs, the reference in even ones), and the client processes run a full garbage collection before each measured phase (a client's GC pause would show in the tail as if it were the server's). " +
		'Klantreis runs with its defaults except the per-address and per-room connection caps (raised for one address). ' +
		'The reference is `@y/websocket-server` 0.1.1 (no auth, no persistence), its room seeded with the same template by the writer.',
	quick: {
		runs: 1,
		clients: [10, 50],
		rate: 20,
		durationMs: 4000,
		targetDurationMs: 4000,
		warmupWrites: 20,
		workers: 2,
		burnerClients: [50]
	},
	full: {
		// Four, so that each server goes first twice.
		runs: 4,
		clients: [10, 50, 200],
		rate: 20,
		durationMs: 8000,
		targetDurationMs: 16000,
		warmupWrites: 20,
		workers: 4,
		burnerClients: [50]
	},
	async run(params, ctx) {
		const pool = await ClientPool.start(params.workers);
		const ours = await startKlantreis({ env: ctx.env });
		const reference = await startReference();
		const metrics: Metric[] = [];
		let burner: ChildProcess | null = null;
		try {
			let roomIndex = 0;
			// Which server goes first alternates from run to run (ours in runs 1 and 3, the reference
			// in 2 and 4): whatever the order costs (warm client processes, the previous room's
			// garbage) falls on both.
			const referenceFirst = runsStarted++ % 2 === 1;
			const phases = [
				...params.clients.map((clients) => ({ clients, burn: false })),
				...params.burnerClients.map((clients) => ({ clients, burn: true }))
			];
			for (const { clients, burn } of phases) {
				if (burn && !burner) burner = startBurner();
				const tag = burn ? ' with a CPU burner on one core' : '';
				const measure = async (server: BenchServer) => {
					ctx.log(`  ${clients} clients${tag}: ${server === ours ? 'klantreis' : 'reference'}`);
					return measureRoom(server, pool, clients, params, roomIndex++);
				};
				let a, b;
				if (referenceFirst) {
					b = await measure(reference);
					a = await measure(ours);
				} else {
					a = await measure(ours);
					b = await measure(reference);
				}
				for (const { mode, label: plain } of MODES) {
					const key = burn ? `burn.${mode}.${clients}` : `${mode}.${clients}`;
					const label = burn ? `${plain} + burner` : plain;
					const strict = clients === 50;
					const maxRatio = burn ? 1.5 : 1.2;
					metrics.push(
						{ key: `${key}.p50`, label: `${clients} clients, ${label}: p50`, value: a[mode].p50, unit: 'ms' },
						{
							key: `${key}.p99`,
							label: `${clients} clients, ${label}: p99`,
							value: a[mode].p99,
							unit: 'ms',
							target: strict && !burn ? { max: 25 } : undefined
						},
						{
							key: `${key}.ref.p50`,
							label: `${clients} clients, ${label}: reference p50`,
							value: b[mode].p50,
							unit: 'ms'
						},
						{
							key: `${key}.ref.p99`,
							label: `${clients} clients, ${label}: reference p99`,
							value: b[mode].p99,
							unit: 'ms'
						},
						{
							key: `${key}.ratio.p50`,
							label: `${clients} clients, ${label}: p50 ratio (ours / reference)`,
							value: a[mode].p50 / b[mode].p50,
							unit: '×',
							target: strict ? { max: maxRatio } : undefined
						},
						{
							key: `${key}.ratio.p99`,
							label: `${clients} clients, ${label}: p99 ratio (ours / reference)`,
							value: a[mode].p99 / b[mode].p99,
							unit: '×',
							target: strict ? { max: maxRatio } : undefined
						},
						{
							key: `${key}.cpu`,
							label: `${clients} clients, ${label}: server CPU`,
							value: a[mode].cpu,
							unit: '%'
						},
						{
							key: `${key}.ref.cpu`,
							label: `${clients} clients, ${label}: reference CPU`,
							value: b[mode].cpu,
							unit: '%'
						},
						{
							key: `${key}.missing`,
							label: `${clients} clients, ${label}: deliveries missing`,
							value: a[mode].missing + b[mode].missing,
							unit: ''
						}
					);
				}
			}
		} finally {
			burner?.kill('SIGKILL');
			await pool.close();
			await ours.stop();
			await reference.stop();
		}
		return metrics;
	}
});
