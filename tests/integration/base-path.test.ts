import { chromium, type Browser } from '@playwright/test';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { connectClient, eventually, synced, type Client } from '../helpers/clients';
import { startServer, type TestServer, type Created } from '../helpers/server';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const PREFIX = '/klantreis';
const fixture = JSON.parse(readFileSync('tests/fixtures/small-journey.json', 'utf8')) as Record<
	string,
	unknown
>;

/**
 * A reverse proxy that serves the app under `/klantreis/` and strips the
 * prefix on the way in, as `location /klantreis/ { proxy_pass http://app/; }`
 * does in nginx; websocket upgrades are piped through unless `upgrades` is off.
 */
function prefixStrippingProxy(target: number, options: { upgrades: boolean }): Promise<Server> {
	const strip = (url: string | undefined) => {
		if (!url?.startsWith(`${PREFIX}/`)) return null;
		return url.slice(PREFIX.length);
	};
	const server = createServer((req, res) => {
		const path = strip(req.url);
		if (!path) {
			res.writeHead(404).end('niet onder /klantreis/');
			return;
		}
		const upstream = httpRequest(
			{
				host: '127.0.0.1',
				port: target,
				path,
				method: req.method,
				headers: { ...req.headers, 'x-forwarded-prefix': PREFIX }
			},
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			}
		);
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	});
	server.on('upgrade', (req, socket, head) => {
		const path = strip(req.url);
		if (!options.upgrades || !path) {
			socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
			return;
		}
		const upstream = netConnect(target, '127.0.0.1', () => {
			const lines = [`${req.method} ${path} HTTP/1.1`];
			for (let i = 0; i < req.rawHeaders.length; i += 2)
				lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
			upstream.write(lines.join('\r\n') + '\r\n\r\n');
			if (head.length) upstream.write(head);
			upstream.pipe(socket);
			socket.pipe(upstream);
		});
		upstream.on('error', () => socket.destroy());
		socket.on('error', () => upstream.destroy());
	});
	return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const port = (s: Server) => (s.address() as AddressInfo).port;

let app: TestServer;
let proxy: Server;
let deaf: Server;
let browser: Browser;
const clients: Client[] = [];

beforeAll(async () => {
	if (process.env.KLANTREIS_REBUILD === '1') rmSync('.build-base-path', { recursive: true, force: true });
	// Its own build dir: npm start sees that no build for this BASE_PATH is there and makes one.
	app = await startServer({
		env: { BASE_PATH: PREFIX, KLANTREIS_BUILD_DIR: '.build-base-path', KLANTREIS_KIT_DIR: '.kit-base-path' },
		startTimeoutMs: 240_000
	});
	proxy = await prefixStrippingProxy(app.port, { upgrades: true });
	deaf = await prefixStrippingProxy(app.port, { upgrades: false });
	browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
}, 300_000);
afterAll(async () => {
	while (clients.length) clients.pop()!.destroy();
	await browser?.close();
	proxy?.close();
	deaf?.close();
	await app?.stop();
});

async function createThrough(base: string): Promise<Created> {
	const res = await fetch(`${base}/api/journeys`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(fixture)
	});
	expect(res.status).toBe(201);
	return (await res.json()) as Created;
}

describe('served under a path prefix (BASE_PATH) behind a prefix-stripping proxy', () => {
	it('npm start built for the base path (it rebuilds when the build was for another one)', () => {
		expect(readFileSync('.build-base-path/klantreis-base-path.txt', 'utf8')).toBe(PREFIX);
	});

	it('the page loads, connects and edits; links and the sync URL carry the prefix', async () => {
		const base = `http://127.0.0.1:${port(proxy)}${PREFIX}`;
		const created = await createThrough(base);
		expect(created.links.editor.startsWith(`${PREFIX}/reis/${created.id}?token=`)).toBe(true);

		const page = await browser.newPage();
		try {
			const sockets: string[] = [];
			page.on('websocket', (ws) => sockets.push(ws.url()));
			await page.goto(`http://127.0.0.1:${port(proxy)}${created.links.editor}`);
			await page.getByRole('status').filter({ hasText: 'Verbonden' }).waitFor({ timeout: 30_000 });
			expect(sockets.some((u) => u.includes(`${PREFIX}/sync/${created.id}`))).toBe(true);
			const personas = await page
				.getByRole('link', { name: "Persona's" })
				.evaluate((a) => (a as HTMLAnchorElement).href);
			expect(new URL(personas).pathname).toBe(`${PREFIX}/personas`);

			// An official client through the same proxy sees the page's edit, and the page sees the client's.
			const client = connectClient(
				`ws://127.0.0.1:${port(proxy)}${PREFIX}/sync`,
				created.id,
				created.tokens.editor
			);
			clients.push(client);
			await synced(client);
			const steps = client.doc.getMap<Y.Map<unknown>>('steps');
			await page.getByRole('button', { name: /^\d+ Zoekt wat ze mee moet nemen/ }).click();
			const title = page.getByRole('textbox', { name: 'Titel' });
			await title.fill('Zoekt het via de proxy');
			await title.press('Enter');
			await eventually(
				() => steps.get('zoeken')?.get('title') === 'Zoekt het via de proxy',
				15_000,
				'page edit'
			);
			client.doc.transact(() => steps.get('afspraak')!.set('title', 'Afspraak via de client'));
			await page.getByRole('button', { name: /^\d+ Afspraak via de client/ }).waitFor({ timeout: 15_000 });

			// The same app answers on its own port too, without the prefix (a proxy that forwards it).
			const direct = await fetch(`${app.url}${PREFIX}/api/health`);
			expect(direct.status).toBe(200);
		} finally {
			await page.close();
		}
	}, 90_000);

	it('every request and link of the journey pages carries the prefix (figures, versions, the cijfers page)', async () => {
		const origin = `http://127.0.0.1:${port(proxy)}`;
		const created = await createThrough(`${origin}${PREFIX}`);
		const page = await browser.newPage();
		const unprefixed: string[] = [];
		page.on('request', (request) => {
			const url = new URL(request.url());
			if (url.origin === origin && !url.pathname.startsWith(`${PREFIX}/`)) unprefixed.push(url.pathname);
		});
		/** Same-origin links on the page in view that leave out the prefix. */
		const links = () =>
			page.$$eval(
				'a[href]',
				(anchors, [o, prefix]) =>
					anchors
						.map((a) => new URL((a as HTMLAnchorElement).href))
						.filter((u) => u.origin === o && !u.pathname.startsWith(`${prefix}/`))
						.map((u) => u.pathname),
				[origin, PREFIX] as const
			);
		try {
			const token = created.tokens.facilitator;
			// The map (its live contact figures ask the API), a step's panel with its figures link,
			// the cijfers page (the sample download) and the versions page (its API calls).
			await page.goto(`${origin}${created.links.facilitator}`);
			await page.getByRole('status').filter({ hasText: 'Verbonden' }).waitFor({ timeout: 30_000 });
			await page.getByRole('button', { name: /^\d+ Zoekt wat ze mee moet nemen/ }).click();
			await page.getByRole('link', { name: 'Alle contactcijfers' }).waitFor();
			expect(await links()).toEqual([]);
			for (const sub of ['cijfers', 'versies', 'tickets', 'overzicht', 'toets']) {
				await page.goto(`${origin}${PREFIX}/reis/${created.id}/${sub}?token=${token}`);
				await page.locator('html[data-hydrated]').waitFor({ state: 'attached', timeout: 30_000 });
				await page.waitForLoadState('networkidle');
				expect(await links()).toEqual([]);
			}
			expect(unprefixed).toEqual([]);
		} finally {
			await page.close();
		}
	}, 90_000);

	it('says it cannot connect when the proxy does not pass the sync endpoint on', async () => {
		const base = `http://127.0.0.1:${port(deaf)}${PREFIX}`;
		const created = await createThrough(base);
		const page = await browser.newPage();
		try {
			await page.goto(`http://127.0.0.1:${port(deaf)}${created.links.editor}`);
			await page
				.getByRole('alert')
				.filter({ hasText: 'Kan geen verbinding maken met de server' })
				.waitFor({ timeout: 30_000 });
			await expect(page.getByRole('alert').textContent()).resolves.toContain(`${PREFIX}/sync`);
		} finally {
			await page.close();
		}
	});
});
