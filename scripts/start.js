// Starts Klantreis: the SvelteKit app (adapter-node) and the sync endpoint on one HTTP server.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BASE_MARKER, normaliseBasePath } from './base-path.js';

// Settings are read once, in src/lib/server/config.ts. This script reads only what it needs
// before the app is loaded: which build (KLANTREIS_BUILD_DIR) for which BASE_PATH, and
// adapter-node's BODY_SIZE_LIMIT, which the handler reads when it is imported. PORT, HOST and
// SHUTDOWN_TIMEOUT_MS come from the app's config once it has loaded (services.config).
const root = fileURLToPath(new URL('..', import.meta.url));
const buildDir = join(root, process.env.KLANTREIS_BUILD_DIR || 'build');
const handlerFile = join(buildDir, 'handler.js');

let basePath;
try {
	basePath = normaliseBasePath(process.env.BASE_PATH);
} catch (e) {
	console.error(`[klantreis] ${e instanceof Error ? e.message : String(e)}`);
	process.exit(1);
}
process.env.BASE_PATH = basePath;
const markerFile = join(buildDir, BASE_MARKER);
// A build made before the marker existed knew no base path.
const builtBase = existsSync(markerFile) ? readFileSync(markerFile, 'utf8').trim() : '';

if (!existsSync(handlerFile) || builtBase !== basePath) {
	console.log(
		existsSync(handlerFile)
			? `[klantreis] De build is voor BASE_PATH "${builtBase}", niet "${basePath}": opnieuw bouwen (vite build)...`
			: '[klantreis] Nog geen build: eerst bouwen (vite build)...'
	);
	const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
	const result = spawnSync(process.execPath, [vite, 'build'], { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) {
		console.error('[klantreis] Bouwen is mislukt; zie de meldingen hierboven.');
		process.exit(result.status ?? 1);
	}
}

// adapter-node reads its body limit at import; ours is checked again per route.
// The contact import streams a KCC export of up to MAX_IMPORT_BYTES; every other body is held to
// MAX_BODY_BYTES by readJson, which counts while it reads.
process.env.BODY_SIZE_LIMIT ??= String(
	Math.max(
		Number(process.env.MAX_BODY_BYTES || 5 * 1024 * 1024),
		Number(process.env.MAX_IMPORT_BYTES || 512 * 1024 * 1024)
	) + 1024
);

let handler;
try {
	({ handler } = await import(pathToFileURL(handlerFile).href));
} catch (e) {
	console.error(`[klantreis] Klantreis kan niet starten: ${e instanceof Error ? e.message : String(e)}`);
	process.exit(1);
}

/** @type {{ config: { port: number, host: string, shutdownTimeoutMs: number }, sync: { handleUpgrade: (req: any, socket: any, head: Buffer) => boolean }, close: () => Promise<void> }} */
const services = /** @type {any} */ (globalThis)[Symbol.for('klantreis.services')];
if (!services) {
	console.error('[klantreis] De app is gestart zonder diensten (hooks.server init draaide niet).');
	process.exit(1);
}

/**
 * Headers for every response, static files included (those never reach the
 * app's hooks): capability links must not leak through Referer, nothing may
 * frame the app, and no browser may guess a content type.
 */
const BASE_HEADERS = {
	'Referrer-Policy': 'no-referrer',
	'X-Content-Type-Options': 'nosniff',
	'X-Frame-Options': 'DENY',
	'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"
};

/**
 * Under a BASE_PATH the app answers at `<base>/...`. A proxy that forwards the
 * prefix sends it along; one that strips it (nginx `proxy_pass http://app/;`)
 * does not: such a path gets the base in front, so both work.
 * @param {import('node:http').IncomingMessage} req
 */
function underBase(req) {
	const url = req.url ?? '/';
	if (!basePath || url === basePath || url.startsWith(`${basePath}/`) || url.startsWith(`${basePath}?`))
		return;
	req.url = basePath + (url.startsWith('/') ? url : `/${url}`);
}

const server = createServer((req, res) => {
	// The app's pages and API replace the CSP with their own (kit.csp, hooks.server.ts).
	for (const [name, value] of Object.entries(BASE_HEADERS)) res.setHeader(name, value);
	underBase(req);
	handler(req, res);
});
server.on('upgrade', (req, socket, head) => {
	underBase(req);
	if (!services.sync.handleUpgrade(req, socket, head)) {
		socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
	}
});

const { port, host } = services.config;
server.listen(port, host, () => {
	const address = server.address();
	const actual = typeof address === 'object' && address ? address.port : port;
	console.log(`[klantreis] Klantreis luistert op http://${host}:${actual}`);
});

/** How long a graceful stop may take before the process ends anyway. */
const shutdownMs = services.config.shutdownTimeoutMs;

let stopping = false;
/**
 * Graceful stop (SIGTERM from the orchestrator, or Ctrl-C): stop accepting,
 * close every socket with ServiceRestart (1012), so clients reconnect, behind
 * a load balancer to another instance; wait for the writes in flight, store
 * every room, leave the bus, close the database; then exit.
 */
async function stop(signal) {
	if (stopping) return;
	stopping = true;
	console.log(`[klantreis] ${signal}: alles opslaan en stoppen`);
	setTimeout(() => {
		console.error(`[klantreis] Stoppen duurde langer dan ${shutdownMs} ms; nu afgebroken.`);
		process.exit(1);
	}, shutdownMs).unref();
	server.close();
	// Idle keep-alive connections go now; a request in progress may finish while the rooms are stored.
	server.closeIdleConnections?.();
	let code = 0;
	try {
		await services.close();
	} catch (e) {
		console.error(`[klantreis] Fout bij het stoppen: ${e instanceof Error ? e.message : String(e)}`);
		code = 1;
	}
	server.closeAllConnections?.();
	process.exit(code);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
