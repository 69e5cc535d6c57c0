import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';

/**
 * PostgreSQL and Redis for the scale tests: the development and CI machines
 * run them on 127.0.0.1 (`.ci/run` starts them). Override with
 * KLANTREIS_TEST_PG_URL (a server where we may CREATE DATABASE) and KLANTREIS_TEST_REDIS_URL.
 */
const PG_CANDIDATES = process.env.KLANTREIS_TEST_PG_URL
	? [process.env.KLANTREIS_TEST_PG_URL]
	: ['postgres://postgres@127.0.0.1:5432/test', 'postgres://root@127.0.0.1:5432/test'];
export const REDIS_TEST_URL = process.env.KLANTREIS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** True on CI: a missing service fails the scale tests instead of skipping them. */
export const REQUIRE_SERVICES = ['1', 'true'].includes((process.env.CI ?? '').toLowerCase());

export const HOW_TO_RUN =
	'Start PostgreSQL (127.0.0.1:5432, database "test", trust) and Redis (127.0.0.1:6379), ' +
	'or run .ci/run, which starts both; see docs/scaling.md.';

async function tryPg(url: string): Promise<boolean> {
	const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
	try {
		await client.connect();
		await client.query('SELECT 1');
		return true;
	} catch {
		return false;
	} finally {
		await client.end().catch(() => {});
	}
}

async function tryRedis(url: string): Promise<boolean> {
	const redis = new Redis(url, {
		lazyConnect: true,
		connectTimeout: 2000,
		maxRetriesPerRequest: 0,
		retryStrategy: () => null
	});
	redis.on('error', () => {});
	try {
		await redis.connect();
		return (await redis.ping()) === 'PONG';
	} catch {
		return false;
	} finally {
		redis.disconnect();
	}
}

export type ScaleServices = { ok: true; pgAdminUrl: string } | { ok: false; reason: string };

/** Whether PostgreSQL and Redis are there; the reason when not. */
export async function scaleServices(): Promise<ScaleServices> {
	let pgAdminUrl: string | null = null;
	for (const url of PG_CANDIDATES) {
		if (await tryPg(url)) {
			pgAdminUrl = url;
			break;
		}
	}
	const redis = await tryRedis(REDIS_TEST_URL);
	const missing = [pgAdminUrl ? null : 'PostgreSQL', redis ? null : 'Redis'].filter(Boolean);
	if (missing.length > 0) return { ok: false, reason: `${missing.join(' and ')} not reachable` };
	return { ok: true, pgAdminUrl: pgAdminUrl! };
}

/** Says loudly that the scale tests are skipped, and how to run them. */
export function reportSkip(what: string, reason: string): void {
	console.warn(`\n[scale] SKIPPED ${what}: ${reason}. ${HOW_TO_RUN} (CI=true makes this a failure.)\n`);
}

/**
 * A fresh database `klantreis_test_<random>` on the test server, so parallel
 * runs never meet; `drop` removes it (closing what still uses it).
 */
export async function createTestDatabase(
	adminUrl: string
): Promise<{ url: string; drop: () => Promise<void> }> {
	const name = `klantreis_test_${randomBytes(6).toString('hex')}`;
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	try {
		await admin.query(`CREATE DATABASE ${name}`);
	} finally {
		await admin.end();
	}
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		drop: async () => {
			const c = new pg.Client({ connectionString: adminUrl });
			await c.connect();
			try {
				await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
			} finally {
				await c.end();
			}
		}
	};
}

/** Environment for an instance of a scaled deployment: the shared database and Redis, own channels per test run. */
export function scaleEnv(databaseUrl: string, redisPrefix: string): Record<string, string> {
	return {
		DATABASE_URL: databaseUrl,
		REDIS_URL: REDIS_TEST_URL,
		REDIS_PREFIX: redisPrefix,
		INSTANCE_TIMEOUT_MS: '1500'
	};
}

export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

export const NGINX = process.env.NGINX_PATH || '/usr/sbin/nginx';

/**
 * nginx as a child process in front of the given instances, with the
 * server block of deploy/nginx.conf (its upstream and listen lines replaced),
 * its own temp dir and a free port; no root-wide service.
 */
export async function startNginx(
	upstreams: number[]
): Promise<{ url: string; stop: () => Promise<void>; log: () => string }> {
	const dir = mkdtempSync(join(tmpdir(), 'klantreis-nginx-'));
	// Worker processes may run as another user: they must reach their temp dirs.
	chmodSync(dir, 0o755);
	for (const sub of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
		mkdirSync(join(dir, sub));
		chmodSync(join(dir, sub), 0o777);
	}
	const port = await freePort();
	const example = readFileSync('deploy/nginx.conf', 'utf8');
	const site = example
		.replace(
			/# instances: begin[\s\S]*?# instances: end/,
			upstreams.map((p) => `server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`).join('\n\t')
		)
		.replace(/listen\s+80;/, `listen 127.0.0.1:${port};`)
		.replace(/^\s*server_name .*$/m, '');
	if (site === example || !site.includes(`listen 127.0.0.1:${port};`)) {
		throw new Error('deploy/nginx.conf no longer has the "# instances:" markers or "listen 80;"');
	}
	writeFileSync(join(dir, 'klantreis.conf'), site);
	const user = process.getuid?.() === 0 ? 'user root;\n' : '';
	writeFileSync(
		join(dir, 'nginx.conf'),
		`${user}daemon off;
master_process on;
worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')} warn;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path ${join(dir, 'client_body')};
	proxy_temp_path ${join(dir, 'proxy')};
	fastcgi_temp_path ${join(dir, 'fastcgi')};
	uwsgi_temp_path ${join(dir, 'uwsgi')};
	scgi_temp_path ${join(dir, 'scgi')};
	include ${join(dir, 'klantreis.conf')};
}
`
	);
	const test = spawnSync(NGINX, ['-t', '-p', dir, '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' });
	if (test.status !== 0) throw new Error(`nginx -t failed:\n${test.stderr}`);
	const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf')], {
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
	child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
	const url = `http://127.0.0.1:${port}`;
	const start = Date.now();
	for (;;) {
		try {
			const res = await fetch(`${url}/api/health`);
			if (res.ok) break;
		} catch {
			// not listening yet
		}
		if (child.exitCode !== null || Date.now() - start > 10_000) {
			child.kill('SIGKILL');
			throw new Error(
				`nginx did not start:\n${output}\n${existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : ''}`
			);
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	return {
		url,
		log: () =>
			output + (existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : ''),
		stop: async () => {
			if (child.exitCode === null && child.signalCode === null) {
				const exited = new Promise((r) => child.once('exit', r));
				// TERM: fast shutdown; the master closes open websockets and ends its workers.
				child.kill('SIGTERM');
				const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
				await exited;
				clearTimeout(timer);
			}
			rmSync(dir, { recursive: true, force: true });
		}
	};
}
