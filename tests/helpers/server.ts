import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { connectClient, type Client } from './clients';

export type TestServer = {
	port: number;
	url: string;
	wsUrl: string;
	dataDir: string;
	output: () => string;
	/** SIGTERM and wait for the exit. */
	stop: () => Promise<number | null>;
	/** SIGKILL: nothing is flushed or closed. */
	kill: () => Promise<void>;
};

export function tempDataDir(): string {
	return mkdtempSync(join(tmpdir(), 'klantreis-test-'));
}

function exited(child: ChildProcess): Promise<number | null> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
	return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

export type StartOptions = { dataDir?: string; env?: Record<string, string>; startTimeoutMs?: number };

/**
 * Starts the real server (`node scripts/start.js`, the built app and the sync
 * endpoint in one process) on a free port with its own DATA_DIR.
 */
export async function startServer(options: StartOptions = {}): Promise<TestServer> {
	const dataDir = options.dataDir ?? tempDataDir();
	const child = spawn(process.execPath, ['scripts/start.js'], {
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ...options.env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let log = '';
	child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
	child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
	const port = await new Promise<number>((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`server did not start:\n${log}`)),
			options.startTimeoutMs ?? 30_000
		);
		child.stdout!.on('data', () => {
			const match = /luistert op http:\/\/[^:]+:(\d+)/.exec(log);
			if (match) {
				clearTimeout(timer);
				resolve(Number(match[1]));
			}
		});
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`server exited with ${code}:\n${log}`));
		});
	});
	return {
		port,
		url: `http://127.0.0.1:${port}`,
		wsUrl: `ws://127.0.0.1:${port}/sync`,
		dataDir,
		output: () => log,
		stop: async () => {
			child.kill('SIGTERM');
			return exited(child);
		},
		kill: async () => {
			child.kill('SIGKILL');
			await exited(child);
		}
	};
}

/** Runs the server to its end (for a start that must fail); returns exit code and output. */
export async function runServerExpectingExit(
	dataDir: string
): Promise<{ code: number | null; output: string }> {
	const child = spawn(process.execPath, ['scripts/start.js'], {
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
	child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
	const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
	const code = await exited(child);
	clearTimeout(timer);
	return { code, output };
}

export function readTemplate(name: string): Record<string, unknown> {
	return JSON.parse(readFileSync(join('journeys', name), 'utf8')) as Record<string, unknown>;
}

export type Created = {
	id: string;
	tokens: { facilitator: string; editor: string; viewer: string };
	links: { facilitator: string; editor: string; viewer: string };
};

export async function createJourney(server: TestServer, body: unknown): Promise<Created> {
	const res = await fetch(`${server.url}/api/journeys`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
	if (res.status !== 201) throw new Error(`create failed: ${res.status} ${await res.text()}`);
	return (await res.json()) as Created;
}

export async function getJourney(server: TestServer, id: string, token: string) {
	const res = await fetch(`${server.url}/api/journeys/${id}`, {
		headers: { authorization: `Bearer ${token}` }
	});
	return { status: res.status, body: (await res.json()) as any };
}

/**
 * One real server for a whole test file (started before the first test,
 * stopped after the last) and official clients that are closed after each
 * test. Call it at the top of the file; read `server` inside the tests.
 */
export function useServer(options: StartOptions = {}): {
	readonly server: TestServer;
	/** A client of this server, closed after the test. */
	client: (journeyId: string, token: string) => Client;
} {
	let server: TestServer | undefined;
	const clients: Client[] = [];
	beforeAll(async () => {
		server = await startServer(options);
	});
	afterEach(() => {
		while (clients.length) clients.pop()!.destroy();
	});
	afterAll(async () => {
		await server?.stop();
	});
	const started = (): TestServer => {
		if (!server) throw new Error('useServer: the server starts in beforeAll');
		return server;
	};
	return {
		get server() {
			return started();
		},
		client: (journeyId, token) => {
			const c = connectClient(started().wsUrl, journeyId, token);
			clients.push(c);
			return c;
		}
	};
}

/** A fixture journey as posted to the API (`tests/fixtures/<name>.json`). */
export function readFixture(name = 'small-journey'): Record<string, unknown> {
	return JSON.parse(readFileSync(`tests/fixtures/${name}.json`, 'utf8')) as Record<string, unknown>;
}
