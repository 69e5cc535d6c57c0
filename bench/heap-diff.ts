/**
 * What stays in the server's heap after rooms unload (many-rooms' "memory per room after unload").
 *
 *   npx tsx bench/heap-diff.ts [--rooms 50] [--cycles 2] [--out <dir>]
 *   npx tsx bench/heap-diff.ts <before.heapsnapshot> <after.heapsnapshot>
 *
 * The first form starts a server as many-rooms does, loads and unloads every room without
 * sockets (the warm baseline), then runs `cycles` identical rounds of connect, write,
 * disconnect and unload. After the baseline and after each round it forces a full GC, reads
 * heap + external, and writes a heap snapshot. The second form only compares two snapshots.
 *
 * The comparison (bench/lib/heap-snapshot.ts) sums the net change by kind and constructor, and
 * the objects allocated in between that are still alive by where the older heap holds them.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ClientPool } from './lib/client-pool';
import { diff, kb } from './lib/heap-snapshot';
import { createJourney, startKlantreis, type Created } from './lib/servers';
import { sleep } from './lib/stats';
import { connectAndWrite, jsMemory, loadedRooms, SERVICES, type Params } from './scenarios/many-rooms';
import { template } from '../tests/helpers/journeys';

async function drive(rooms: number, cycles: number, out: string): Promise<void> {
	mkdirSync(out, { recursive: true });
	const params: Params = {
		rooms,
		clientsPerRoom: 10,
		rate: 2,
		durationMs: 4000,
		warmupWrites: 2,
		workers: 2,
		fullPerRoom: 2,
		capacity: []
	};
	const server = await startKlantreis({
		env: { KLANTREIS_BUILD_DIR: process.env.KLANTREIS_BUILD_DIR || 'build' },
		inspect: true
	});
	const pool = await ClientPool.start(params.workers);
	const log = (m: string) => console.log(m);
	try {
		const journeys: Created[] = [];
		for (let i = 0; i < rooms; i++) journeys.push(await createJourney(server, template()));
		const ids = JSON.stringify(journeys.map((j) => j.id));
		await server.evaluate!(`(() => { for (const id of ${ids}) ${SERVICES}.rooms.acquire(id); })()`);
		await server.evaluate!(
			`(() => { const r = ${SERVICES}.rooms; for (const id of ${ids}) r.releaseIfEmpty(r.loaded(id)); })()`
		);
		const breakdown = async () => {
			const m = (await server.evaluate!(
				`(() => { const m = process.memoryUsage(); const v8 = process.getBuiltinModule('v8');` +
					` return { heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers,` +
					` spaces: Object.fromEntries(v8.getHeapSpaceStatistics().map((s) => [s.space_name, s.space_used_size])) }; })()`
			)) as { heapUsed: number; external: number; arrayBuffers: number; spaces: Record<string, number> };
			return (
				`heapUsed ${kb(m.heapUsed)}, external ${kb(m.external)} (arrayBuffers ${kb(m.arrayBuffers)}); ` +
				Object.entries(m.spaces)
					.filter(([, v]) => v > 0)
					.map(([k, v]) => `${k} ${kb(v)}`)
					.join(', ')
			);
		};
		const memory = [await jsMemory(server)];
		log(`  ${await breakdown()}`);
		const files = [join(out, 'cycle-0.heapsnapshot')];
		await server.heapSnapshot!(files[0]);
		log(`warm baseline: ${kb(memory[0])}`);
		for (let c = 1; c <= cycles; c++) {
			await connectAndWrite(server, pool, journeys, params, log);
			await pool.each(() => ({ type: 'close' }));
			const start = Date.now();
			while ((await loadedRooms(server)) > 0 && Date.now() - start < 30_000) await sleep(200);
			await sleep(2000);
			memory.push(await jsMemory(server));
			log(`  ${await breakdown()}`);
			files.push(join(out, `cycle-${c}.heapsnapshot`));
			await server.heapSnapshot!(files[c]);
			log(
				`cycle ${c}: ${kb(memory[c])}; since the baseline ${kb((memory[c] - memory[0]) / rooms)} per room, ` +
					`since the cycle before ${kb((memory[c] - memory[c - 1]) / rooms)} per room; rooms loaded: ${await loadedRooms(server)}`
			);
		}
		for (let c = 1; c <= cycles; c++) {
			console.log(`\n=== cycle ${c - 1} -> cycle ${c} ===`);
			console.log(diff(files[c - 1], files[c]).report);
		}
	} finally {
		await pool.close();
		await server.stop();
	}
}

const { values, positionals } = parseArgs({
	allowPositionals: true,
	options: {
		rooms: { type: 'string', default: '50' },
		cycles: { type: 'string', default: '2' },
		out: { type: 'string', default: 'bench/results/heap' },
		top: { type: 'string', default: '25' }
	}
});
if (positionals.length === 2) console.log(diff(positionals[0], positionals[1], Number(values.top)).report);
else await drive(Number(values.rooms), Number(values.cycles), values.out!);
