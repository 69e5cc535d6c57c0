import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';

/** A server under test, started as its own process so its CPU and memory can be read. */
export type BenchServer = {
	kind: 'klantreis' | 'reference';
	pid: number;
	port: number;
	url: string;
	/** Base for the y-websocket client: rooms are `${wsUrl}/<room>`. */
	wsUrl: string;
	dataDir: string | null;
	output: () => string;
	/** Set when started with `inspect`: evaluates an expression in the server's main context. */
	evaluate?: (expression: string) => Promise<unknown>;
	/** Full garbage collection in the server (needs `inspect`). */
	gc?: () => Promise<void>;
	/** Writes a V8 heap snapshot of the server to `file` (needs `inspect`); bench/heap-diff.ts reads it. */
	heapSnapshot?: (file: string) => Promise<void>;
	stop: () => Promise<void>;
};

/** The defaults guard one address; a benchmark runs thousands of clients from 127.0.0.1. */
export const BENCH_LIMITS: Record<string, string> = {
	MAX_CONNECTIONS_PER_ADDRESS: '100000',
	MAX_CONNECTIONS_PER_ROOM: '1000',
	MAX_CREATIONS_PER_MINUTE: '100000'
};

function exited(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function launch(
	args: string[],
	env: Record<string, string>,
	portPattern: RegExp,
	inspect: boolean
): Promise<{ child: ChildProcess; port: number; output: () => string; inspectorUrl: string | null }> {
	const child = spawn(process.execPath, inspect ? ['--inspect=127.0.0.1:0', ...args] : args, {
		env: { ...process.env, ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let log = '';
	child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
	child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
	const port = await new Promise<number>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 120_000);
		const check = () => {
			const match = portPattern.exec(log);
			if (match && (!inspect || /Debugger listening on/.test(log))) {
				clearTimeout(timer);
				child.stdout!.off('data', check);
				resolve(Number(match[1]));
			}
		};
		child.stdout!.on('data', check);
		child.stderr!.on('data', check);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`server exited with ${code}:\n${log}`));
		});
	});
	const inspectorUrl = /Debugger listening on (ws:\/\/\S+)/.exec(log)?.[1] ?? null;
	return { child, port, output: () => log, inspectorUrl };
}

/** A minimal Chrome DevTools Protocol client on the server's inspector. */
async function inspector(url: string) {
	const ws = new WebSocket(url);
	await new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('error', reject);
	});
	let next = 1;
	const pending = new Map<number, (msg: { result?: unknown; error?: unknown }) => void>();
	/** Where HeapProfiler.addHeapSnapshotChunk events go while a snapshot is taken. */
	let chunk: ((text: string) => void) | null = null;
	ws.on('message', (data: Buffer) => {
		const msg = JSON.parse(data.toString()) as {
			id?: number;
			method?: string;
			params?: { chunk?: string };
			result?: unknown;
			error?: unknown;
		};
		if (msg.id !== undefined) pending.get(msg.id)?.(msg);
		else if (msg.method === 'HeapProfiler.addHeapSnapshotChunk') chunk?.(msg.params!.chunk!);
	});
	const call = (method: string, params: Record<string, unknown> = {}) =>
		new Promise<unknown>((resolve, reject) => {
			const id = next++;
			pending.set(id, (msg) => {
				pending.delete(id);
				if (msg.error) reject(new Error(JSON.stringify(msg.error)));
				else resolve(msg.result);
			});
			ws.send(JSON.stringify({ id, method, params }));
		});
	return {
		evaluate: async (expression: string) => {
			const result = (await call('Runtime.evaluate', { expression, returnByValue: true })) as {
				result: { value?: unknown };
				exceptionDetails?: unknown;
			};
			if (result.exceptionDetails) throw new Error(JSON.stringify(result.exceptionDetails));
			return result.result.value;
		},
		gc: async () => {
			await call('HeapProfiler.collectGarbage');
			await call('HeapProfiler.collectGarbage');
		},
		heapSnapshot: async (file: string) => {
			// A snapshot of a busy server runs to tens of MB: written chunk by chunk, never held whole.
			const fd = openSync(file, 'w');
			chunk = (text) => writeSync(fd, text);
			try {
				await call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
			} finally {
				chunk = null;
				closeSync(fd);
			}
		},
		close: () => ws.close()
	};
}

/** Starts Klantreis (`node scripts/start.js`) on a free port with a fresh DATA_DIR. */
export async function startKlantreis(
	options: { env?: Record<string, string>; dataDir?: string; inspect?: boolean } = {}
): Promise<BenchServer> {
	const ownDir = !options.dataDir;
	const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'klantreis-bench-'));
	// KLANTREIS_BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (bench/profile.ts sums it up).
	const profile = process.env.KLANTREIS_BENCH_CPU_PROF;
	const { child, port, output, inspectorUrl } = await launch(
		[...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), 'scripts/start.js'],
		{ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...BENCH_LIMITS, ...options.env },
		/luistert op http:\/\/[^:]+:(\d+)/,
		options.inspect ?? false
	);
	const cdp = inspectorUrl ? await inspector(inspectorUrl) : null;
	return {
		kind: 'klantreis',
		pid: child.pid!,
		port,
		url: `http://127.0.0.1:${port}`,
		wsUrl: `ws://127.0.0.1:${port}/sync`,
		dataDir,
		output,
		evaluate: cdp?.evaluate,
		gc: cdp?.gc,
		heapSnapshot: cdp?.heapSnapshot,
		stop: async () => {
			cdp?.close();
			child.kill('SIGTERM');
			await exited(child);
			if (ownDir) rmSync(dataDir, { recursive: true, force: true });
		}
	};
}

/** Starts the reference y-websocket server (bench/reference-server.js) on a free port. */
export async function startReference(): Promise<BenchServer> {
	// KLANTREIS_BENCH_CPU_PROF profiles the reference too, so the two can be compared function by function.
	const profile = process.env.KLANTREIS_BENCH_CPU_PROF;
	const { child, port, output } = await launch(
		[...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), 'bench/reference-server.js'],
		{},
		/listening on (\d+)/,
		false
	);
	return {
		kind: 'reference',
		pid: child.pid!,
		port,
		url: `http://127.0.0.1:${port}`,
		wsUrl: `ws://127.0.0.1:${port}/sync`,
		dataDir: null,
		output,
		stop: async () => {
			child.kill('SIGTERM');
			await exited(child);
		}
	};
}

/** CPU seconds (user + system) a process has used so far, and its resident memory in bytes. */
export function processUsage(pid: number): { cpuSeconds: number; rssBytes: number } {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after the command name (which may hold spaces) start at field 3.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	const ticks = Number(fields[11]) + Number(fields[12]);
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
	return { cpuSeconds: ticks / 100, rssBytes: rssKb * 1024 };
}

export type Created = {
	id: string;
	tokens: { facilitator: string; editor: string; viewer: string };
	links: { facilitator: string; editor: string; viewer: string };
};

export async function createJourney(server: BenchServer, journey: unknown): Promise<Created> {
	const res = await fetch(`${server.url}/api/journeys`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(journey)
	});
	if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
	return (await res.json()) as Created;
}
