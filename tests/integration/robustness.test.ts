import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readConfig } from '../../src/lib/server/config';
import { Journey } from '../../src/lib/model';
import { CloseCode } from '../../src/lib/sync/protocol';
import { connectClient, eventually, rawSocket, synced, type Client } from '../helpers/clients';
import {
	awarenessMessage,
	awarenessUpdate,
	healthLatencies,
	hugeStructCountUpdate,
	openRaw,
	updateMessage
} from '../helpers/raw-sync';
import { createJourney, getJourney, startServer, tempDataDir, type TestServer } from '../helpers/server';

const fixture = JSON.parse(readFileSync('tests/fixtures/small-journey.json', 'utf8')) as Record<
	string,
	unknown
>;

/** Small limits, so that each can be reached with little traffic. */
const LIMITS = {
	MAX_MESSAGE_BYTES: '65536',
	MAX_MESSAGES_PER_SECOND: '20',
	MAX_BYTES_PER_SECOND: '200000',
	MAX_DOC_BYTES: '65536',
	MAX_AWARENESS_BYTES: '1024',
	MAX_BODY_BYTES: '65536'
};

let server: TestServer;
const clients: Client[] = [];

function client(id: string, token: string, s: TestServer = server) {
	const c = connectClient(s.wsUrl, id, token);
	clients.push(c);
	return c;
}

function closedWith(c: Client): Promise<{ code: number; reason: string }> {
	return new Promise((resolve) =>
		c.provider.on('connection-close', (event: CloseEvent | null) => {
			if (event) resolve({ code: event.code, reason: event.reason });
		})
	);
}

beforeAll(async () => {
	server = await startServer({ env: LIMITS });
});
afterEach(() => {
	while (clients.length) clients.pop()!.destroy();
});
afterAll(async () => {
	await server?.stop();
});

describe('defaults', () => {
	it('leave room for a whole workshop behind one office address', () => {
		const { limits, adminToken } = readConfig({});
		expect(limits.maxConnectionsPerRoom).toBeGreaterThanOrEqual(200);
		expect(limits.maxConnectionsPerAddress).toBeGreaterThanOrEqual(200);
		expect(limits.maxCreationsPerMinute).toBeGreaterThanOrEqual(50);
		expect(limits.maxMessageBytes).toBe(1024 * 1024);
		expect(adminToken).toBeNull();
		expect(() => readConfig({ MAX_MESSAGE_BYTES: 'veel' })).toThrow(/MAX_MESSAGE_BYTES/);
		expect(() => readConfig({ ADMIN_TOKEN: 'kort' })).toThrow(/ADMIN_TOKEN/);
	});
});

describe('sync limits', () => {
	it('closes a socket that sends a frame over MAX_MESSAGE_BYTES with 4413, and the room carries on', async () => {
		const { id, tokens } = await createJourney(server, fixture);
		const honest = client(id, tokens.editor);
		await synced(honest);
		for (const size of [65537, 200_000]) {
			const raw = openRaw(`${server.wsUrl}/${id}?token=${tokens.editor}`);
			await raw.opened;
			raw.send(new Uint8Array(size));
			expect((await raw.closed).code).toBe(CloseCode.MessageTooLarge);
		}
		honest.doc.getMap('meta').set('title', 'Na het grote bericht');
		await eventually(
			async () => (await getJourney(server, id, tokens.viewer)).body.title === 'Na het grote bericht'
		);
		expect(server.output()).toMatch(/gesloten .*te groot/);
	});

	it('closes an unauthenticated socket before reading its frames, whatever their size', async () => {
		const { id } = await createJourney(server, fixture);
		const raw = openRaw(`${server.wsUrl}/${id}`);
		raw.ws.on('open', () => raw.ws.send(new Uint8Array(5 * 1024 * 1024), () => {}));
		const closed = await raw.closed;
		expect(closed.code).toBe(CloseCode.Unauthenticated);
		expect(closed.messages).toBe(0);
		expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
	});

	it('closes a socket that sends too many messages per second with 4529', async () => {
		const { id, tokens } = await createJourney(server, fixture);
		const raw = openRaw(`${server.wsUrl}/${id}?token=${tokens.viewer}`);
		await raw.opened;
		// Query-awareness messages: harmless each, a flood together.
		for (let i = 0; i < 200; i++) raw.send(new Uint8Array([3]));
		const closed = await raw.closed;
		expect(closed.code).toBe(CloseCode.RateLimited);
		expect(closed.reason).toMatch(/berichten/);
	});

	it('closes a socket that sends too many bytes per second with 4529', async () => {
		const { id, tokens } = await createJourney(server, fixture);
		const raw = openRaw(`${server.wsUrl}/${id}?token=${tokens.viewer}`);
		await raw.opened;
		const big = new Uint8Array(60_000);
		big[0] = 3;
		for (let i = 0; i < 8; i++) raw.send(big);
		const closed = await raw.closed;
		expect(closed.code).toBe(CloseCode.RateLimited);
		expect(closed.reason).toMatch(/gegevens/);
	});

	it('closes a socket whose awareness state is over MAX_AWARENESS_BYTES', async () => {
		const { id, tokens } = await createJourney(server, fixture);
		const raw = openRaw(`${server.wsUrl}/${id}?token=${tokens.editor}`);
		await raw.opened;
		raw.send(awarenessMessage(awarenessUpdate(42, 1, { user: { name: 'x'.repeat(2000) } })));
		const closed = await raw.closed;
		expect(closed.code).toBe(CloseCode.MessageTooLarge);
		expect(closed.reason).toMatch(/aanwezigheid/);
	});

	it('refuses an update past MAX_DOC_BYTES with a final 4414 the page can show, and keeps the rest', async () => {
		const { id, tokens } = await createJourney(server, fixture);
		const writer = client(id, tokens.editor);
		await synced(writer);
		writer.doc.getMap('meta').set('groot1', 'a'.repeat(30_000));
		await eventually(async () => {
			const probe = connectClient(server.wsUrl, id, tokens.viewer);
			try {
				await synced(probe);
				return probe.doc.getMap('meta').get('groot1') !== undefined;
			} finally {
				probe.destroy();
			}
		});
		const closed = closedWith(writer);
		writer.doc.getMap('meta').set('groot2', 'b'.repeat(40_000));
		const { code, reason } = await closed;
		expect(code).toBe(CloseCode.DocumentTooLarge);
		expect(reason).toMatch(/te groot/);
		// Final: the client does not resend the refused edit in a loop.
		await eventually(() => writer.provider.shouldConnect === false, 2000, 'client gives up');

		const reader = client(id, tokens.viewer);
		await synced(reader);
		expect(reader.doc.getMap('meta').get('groot1')).toBeDefined();
		expect(reader.doc.getMap('meta').get('groot2')).toBeUndefined();
		const { status, body } = await getJourney(server, id, tokens.viewer);
		expect(status).toBe(200);
		expect(Journey.safeParse(body).success).toBe(true);
	});
});

describe('hostile updates', () => {
	it('refuses a crafted slow update in a worker, and health keeps answering within a second', async () => {
		const { id, tokens } = await createJourney(server, fixture);
		const honest = client(id, tokens.editor);
		await synced(honest);
		const attack = (async () => {
			const codes: number[] = [];
			for (let i = 0; i < 20; i++) {
				const raw = openRaw(`${server.wsUrl}/${id}?token=${tokens.editor}`);
				await raw.opened;
				for (let j = 0; j < 5; j++) raw.send(updateMessage(hugeStructCountUpdate()));
				codes.push((await raw.closed).code);
			}
			return codes;
		})();
		const latencies = await healthLatencies(server.url, 15, 50);
		const codes = await attack;
		expect(new Set(codes)).toEqual(new Set([CloseCode.InvalidMessage]));
		expect(latencies.every((ms) => ms < 1000)).toBe(true);

		honest.doc.getMap('meta').set('title', 'Nog steeds hier');
		await eventually(
			async () => (await getJourney(server, id, tokens.viewer)).body.title === 'Nog steeds hier'
		);
	});

	it('refuses an update with an impossible clock', async () => {
		const { id, tokens } = await createJourney(server, fixture);
		const doc = new Y.Doc();
		doc.clientID = 12345;
		const updates: Uint8Array[] = [];
		doc.on('update', (u: Uint8Array) => updates.push(u));
		doc.getMap('meta').set('title', 'x');
		// Same update, with its clock moved to 2^31 (a varuint of five bytes).
		const decoded = Y.decodeUpdate(updates[0]);
		expect(decoded.structs.length).toBe(1);
		const bytes = [...updates[0]];
		// Layout: 1 client block, 1 struct, client id (varuint), clock 0.
		const clockAt = bytes.indexOf(0, 3);
		bytes.splice(clockAt, 1, 0x80, 0x80, 0x80, 0x80, 0x08);
		const raw = openRaw(`${server.wsUrl}/${id}?token=${tokens.editor}`);
		await raw.opened;
		raw.send(updateMessage(new Uint8Array(bytes)));
		expect((await raw.closed).code).toBe(CloseCode.InvalidMessage);
		expect((await getJourney(server, id, tokens.viewer)).body.title).toBe(fixture.title);
	});
});

describe('REST limits and headers', () => {
	it('answers a body over MAX_BODY_BYTES with 413 and a JSON error', async () => {
		const body = JSON.stringify({ ...fixture, description: 'x'.repeat(100_000) });
		const res = await fetch(`${server.url}/api/journeys`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body
		});
		expect(res.status).toBe(413);
		expect((await res.json()) as unknown).toMatchObject({ error: expect.any(String) });
	});

	it('refuses journey creations past MAX_CREATIONS_PER_MINUTE with 429', async () => {
		const small = await startServer({ env: { MAX_CREATIONS_PER_MINUTE: '3' } });
		try {
			const statuses: number[] = [];
			for (let i = 0; i < 5; i++) {
				const res = await fetch(`${small.url}/api/journeys`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(fixture)
				});
				statuses.push(res.status);
				await res.body?.cancel();
			}
			expect(statuses).toEqual([201, 201, 201, 429, 429]);
		} finally {
			await small.stop();
		}
	});

	it('sends the security headers on pages, the API and static files', async () => {
		const { id, links } = await createJourney(server, fixture);
		for (const path of ['/', links.editor]) {
			const res = await fetch(`${server.url}${path}`);
			expect(res.status).toBe(200);
			const csp = res.headers.get('content-security-policy') ?? '';
			const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
			expect(scriptSrc).toContain("'self'");
			expect(scriptSrc).not.toContain('unsafe-inline');
			expect(csp).toContain("frame-ancestors 'none'");
			expect(res.headers.get('referrer-policy')).toBe('no-referrer');
			expect(res.headers.get('x-content-type-options')).toBe('nosniff');
			const html = await res.text();
			// Every inline script carries the nonce the policy names (no unsafe-inline needed).
			for (const tag of html.match(/<script(?![^>]*\ssrc=)[^>]*>/g) ?? []) {
				expect(tag).toMatch(/nonce="/);
			}
		}
		for (const path of ['/api/health', '/favicon.svg', `/api/journeys/${id}`]) {
			const res = await fetch(`${server.url}${path}`);
			expect(res.headers.get('x-content-type-options')).toBe('nosniff');
			expect(res.headers.get('referrer-policy')).toBe('no-referrer');
			expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
			await res.body?.cancel();
		}
	});

	it('never writes a token to the log', async () => {
		const { id, tokens, links } = await createJourney(server, fixture);
		await (await fetch(`${server.url}${links.facilitator}`)).text();
		await (await fetch(`${server.url}/reis/${id}?token=${tokens.editor}x`)).text();
		await getJourney(server, id, tokens.viewer);
		await rawSocket(`${server.wsUrl}/${id}?token=${tokens.viewer}x`);
		const raw = openRaw(`${server.wsUrl}/${id}?token=${tokens.editor}`);
		await raw.opened;
		raw.send('tekst');
		await raw.closed;
		const log = server.output();
		expect(log).toMatch(/gesloten/);
		for (const token of Object.values(tokens)) expect(log).not.toContain(token);
	});
});

describe('durability', () => {
	it('writes a consistent backup with npm run backup, from which a server starts', async () => {
		const dataDir = tempDataDir();
		const first = await startServer({ dataDir });
		const { id, tokens } = await createJourney(first, fixture);
		const a = client(id, tokens.editor, first);
		await synced(a);
		a.doc.getMap('meta').set('title', 'Bewaard in de back-up');
		await eventually(
			async () => (await getJourney(first, id, tokens.viewer)).body.title === 'Bewaard in de back-up'
		);
		const restoreDir = tempDataDir();
		const copy = join(restoreDir, 'klantreis.sqlite');
		// While the server runs and a client is connected.
		const out = execFileSync(process.execPath, ['scripts/backup.js', copy], {
			env: { ...process.env, DATA_DIR: dataDir },
			encoding: 'utf8'
		});
		expect(out).toMatch(/Back-up geschreven/);
		a.destroy();
		await first.kill();

		const second = await startServer({ dataDir: restoreDir });
		try {
			const { status, body } = await getJourney(second, id, tokens.viewer);
			expect(status).toBe(200);
			expect(body.title).toBe('Bewaard in de back-up');
		} finally {
			await second.stop();
		}
	});

	it('lets clients reconnect after a restart on the same port, without losing an edit made meanwhile', async () => {
		const dataDir = tempDataDir();
		const first = await startServer({ dataDir });
		const { id, tokens } = await createJourney(first, fixture);
		const a = client(id, tokens.editor, first);
		await synced(a);
		expect(await first.stop()).toBe(0);
		// An edit while the server is away stays in the client and goes out on reconnect.
		a.doc.getMap('meta').set('title', 'Tijdens de herstart');
		const second = await startServer({ dataDir, env: { PORT: String(first.port) } });
		try {
			await eventually(
				async () => (await getJourney(second, id, tokens.viewer)).body.title === 'Tijdens de herstart',
				10_000,
				'the offline edit after reconnect'
			);
		} finally {
			a.destroy();
			await second.stop();
		}
	});
});
