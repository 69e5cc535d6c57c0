import { createTestDatabase, scaleEnv, scaleServices } from '../../tests/helpers/scale';
import { ClientPool } from '../lib/client-pool';
import { template } from '../../tests/helpers/journeys';
import { defineScenario, type Metric } from '../lib/scenario';
import { createJourney, startKlantreis, type BenchServer } from '../lib/servers';
import { percentile, sleep } from '../lib/stats';

type Params = {
	/** Readers in the room besides the writer. */
	readers: number;
	/** Map edits per second of the one writer. */
	rate: number;
	durationMs: number;
	/** Writes left out at the start (connections and JIT warming up). */
	warmupWrites: number;
	workers: number;
};

/** One room: the writer on `writerOn`, the readers on `readersOn`; map edits measured. */
async function measure(
	writerOn: BenchServer,
	readersOn: BenchServer,
	pool: ClientPool,
	params: Params
): Promise<{ p50: number; p99: number; missing: number }> {
	const created = await createJourney(writerOn, template());
	const room = created.id;
	const token = created.tokens.editor;
	await pool.call(0, { type: 'writers', wsUrl: writerOn.wsUrl, rooms: [{ room, token }] });
	await pool.each((i) => {
		const count = Math.floor(params.readers / pool.size) + (i < params.readers % pool.size ? 1 : 0);
		return count > 0
			? { type: 'connect', wsUrl: readersOn.wsUrl, rooms: [{ room, token, count }], batch: 10 }
			: null;
	});
	await sleep(1000);
	await pool.latencies(0); // drop what arrived before the phase
	await pool.call(0, { type: 'write', mode: 'map', rate: params.rate, durationMs: params.durationMs });
	await sleep(1000);
	const { delays, missing } = await pool.latencies(params.warmupWrites);
	await pool.each(() => ({ type: 'close' }));
	return { p50: percentile(delays, 50), p99: percentile(delays, 99), missing };
}

function metrics(
	same: { p50: number; p99: number; missing: number },
	cross: { p50: number; p99: number; missing: number },
	readers: number
): Metric[] {
	return [
		{
			key: 'same.p50',
			label: `${readers} readers on the writer's instance: p50`,
			value: same.p50,
			unit: 'ms'
		},
		{
			key: 'same.p99',
			label: `${readers} readers on the writer's instance: p99`,
			value: same.p99,
			unit: 'ms'
		},
		{
			key: 'cross.p50',
			label: `${readers} readers on the other instance: p50`,
			value: cross.p50,
			unit: 'ms'
		},
		{
			key: 'cross.p99',
			label: `${readers} readers on the other instance: p99`,
			value: cross.p99,
			unit: 'ms',
			// The bar for two instances: converged within a second.
			target: { max: 1000 }
		},
		{
			key: 'missing',
			label: 'deliveries missing',
			value: same.missing + cross.missing,
			unit: ''
		}
	];
}

export default defineScenario<Params>({
	name: 'cross-instance',
	description:
		'Two instances on one PostgreSQL and Redis: one writer on instance A (map edits at 20/s); time until each reader has the edit, ' +
		'with the readers on A (same instance) and on B (across instances, through Redis).',
	method:
		'Both instances run with DATABASE_URL (a fresh database `klantreis_test_<random>` on 127.0.0.1:5432/test, dropped after) ' +
		'and REDIS_URL (127.0.0.1:6379, own channel prefix). Same clients and clock as sync-latency. ' +
		'The single-instance figure on the embedded SQLite store is sync-latency. Without PostgreSQL or Redis the figures are NaN ' +
		'and the run says so.',
	quick: { runs: 1, readers: 10, rate: 20, durationMs: 4000, warmupWrites: 20, workers: 2 },
	full: { runs: 3, readers: 50, rate: 20, durationMs: 8000, warmupWrites: 20, workers: 4 },
	async run(params, ctx) {
		const services = await scaleServices();
		if (!services.ok) {
			ctx.log(
				`  cross-instance skipped: ${services.reason} (start PostgreSQL and Redis, see docs/scaling.md)`
			);
			const none = { p50: NaN, p99: NaN, missing: NaN };
			return metrics(none, none, params.readers);
		}
		const database = await createTestDatabase(services.pgAdminUrl);
		const env = { ...ctx.env, ...scaleEnv(database.url, `klantreis-bench-${process.pid}-${Date.now()}`) };
		const servers: BenchServer[] = [];
		const pool = await ClientPool.start(params.workers);
		try {
			servers.push(...(await Promise.all([startKlantreis({ env }), startKlantreis({ env })])));
			const [a, b] = servers;
			ctx.log(`  ${params.readers} readers on A (same instance)`);
			const same = await measure(a, a, pool, params);
			ctx.log(`  ${params.readers} readers on B (across instances)`);
			const cross = await measure(a, b, pool, params);
			return metrics(same, cross, params.readers);
		} finally {
			await pool.close();
			await Promise.all(servers.map((s) => s.stop()));
			await database.drop();
		}
	}
});
