/**
 * Rooms that cost little: a room drops its Y.Doc when nobody uses it and
 * answers sync from its encoded state; a socket that does not read is cut
 * off at MAX_SEND_BUFFER_BYTES; the size limit waits for a PostgreSQL
 * compaction. Real servers, official y-websocket clients and raw sockets.
 */
import { readFileSync } from 'node:fs';
import { get } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { CloseCode } from '../../src/lib/sync/protocol';
import { connectClient, eventually, synced, type Client } from '../helpers/clients';
import { openRaw } from '../helpers/raw-sync';
import { createTestDatabase, reportSkip, scaleEnv, scaleServices } from '../helpers/scale';
import { createJourney, getJourney, startServer, type TestServer } from '../helpers/server';

const fixture = JSON.parse(readFileSync('tests/fixtures/small-journey.json', 'utf8')) as Record<
	string,
	unknown
>;
/** Rooms drop their doc after 100 ms without use (30 s in production). */
const IDLE = { KLANTREIS_IDLE_DOC_MS: '100' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const clients: Client[] = [];
function client(s: TestServer, id: string, token: string): Client {
	const c = connectClient(s.wsUrl, id, token);
	clients.push(c);
	return c;
}
afterEach(() => {
	while (clients.length) clients.pop()!.destroy();
});

function addStep(doc: Y.Doc, id: string, title = id) {
	const step = new Y.Map<unknown>();
	for (const [k, v] of Object.entries({ id, title, stageId: 'orienteren', channelId: 'balie' }))
		step.set(k, v);
	doc.getMap('steps').set(id, step);
}

/** JSON with sorted keys: two docs may hold the same map entries in a different order. */
function canonical(value: unknown): string {
	return JSON.stringify(value, (_k, v: unknown) =>
		v && typeof v === 'object' && !Array.isArray(v)
			? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : 1)))
			: v
	);
}

function same(a: Y.Doc, b: Y.Doc): boolean {
	return (
		canonical(a.getMap('steps').toJSON()) === canonical(b.getMap('steps').toJSON()) &&
		canonical(a.getMap('meta').toJSON()) === canonical(b.getMap('meta').toJSON())
	);
}

/** A y-websocket sync step 1 with an empty state vector: "send me everything". */
function stepOne(): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()));
	return encoding.toUint8Array(e);
}

describe('idle rooms converge like live ones', () => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startServer({ env: IDLE });
	});
	afterAll(async () => {
		await server?.stop();
	});

	it('official clients that join, edit and leave around idle periods all end with the same document', async () => {
		const { id, tokens } = await createJourney(server, fixture);
		const a = client(server, id, tokens.editor);
		await synced(a);
		addStep(a.doc, 'een');
		// Quiet: the room goes back to its encoded state; b syncs from it.
		await sleep(2500);
		const b = client(server, id, tokens.editor);
		await synced(b);
		await eventually(() => same(a.doc, b.doc), 5000, 'b has a');
		// An edit after the quiet period rebuilds the doc; both see each other's edits.
		b.doc.getMap('meta').set('title', 'Na een stilte');
		addStep(a.doc, 'twee');
		await eventually(() => same(a.doc, b.doc) && a.doc.getMap('steps').has('twee'), 5000, 'a and b agree');
		await sleep(2500);
		// A client with an old state (offline meanwhile) catches up from the encoded state.
		const offline = new Y.Doc();
		Y.applyUpdate(offline, Y.encodeStateAsUpdate(a.doc));
		addStep(a.doc, 'drie');
		await eventually(() => b.doc.getMap('steps').has('drie'), 5000, 'b has drie');
		await sleep(2500);
		addStep(offline, 'offline');
		const c = connectClient(server.wsUrl, id, tokens.editor, offline);
		clients.push(c);
		await synced(c);
		await eventually(
			() => same(a.doc, c.doc) && same(b.doc, c.doc) && a.doc.getMap('steps').has('offline'),
			5000,
			'all three agree'
		);
		const { body } = await getJourney(server, id, tokens.viewer);
		expect(body.title).toBe('Na een stilte');
		expect(
			(body.steps as { id: string }[])
				.map((s) => s.id)
				.filter((s) => ['een', 'twee', 'drie', 'offline'].includes(s))
				.sort()
		).toEqual(['drie', 'een', 'offline', 'twee']);
	});

	it('answers repeated step 1s with the same bytes, and a restart serves the same document', async () => {
		const { id, tokens } = await createJourney(server, fixture);
		const a = client(server, id, tokens.editor);
		await synced(a);
		addStep(a.doc, 'voor-herstart');
		const raw = openRaw(`${server.wsUrl}/${id}?token=${tokens.viewer}`);
		const answers: Buffer[] = [];
		raw.ws.on('message', (data: Buffer) => {
			if (data[0] === 0 && data[1] === 1) answers.push(data);
		});
		await raw.opened;
		for (let i = 0; i < 5; i++) raw.send(stepOne());
		await eventually(() => answers.length === 5, 5000, 'five answers');
		expect(new Set(answers.map((b) => b.toString('base64'))).size).toBe(1);
		raw.ws.close();
		a.destroy();
		await server.stop();
		server = await startServer({ dataDir: server.dataDir, env: IDLE });
		const b = client(server, id, tokens.editor);
		await synced(b);
		expect(b.doc.getMap('steps').has('voor-herstart')).toBe(true);
	});
});

/** A GET with raw bytes (no automatic decompression), as a browser on slow Wi-Fi asks. */
function rawGet(url: string, headers: Record<string, string>) {
	return new Promise<{
		status: number;
		headers: Record<string, string | string[] | undefined>;
		body: Buffer;
	}>((resolve, reject) => {
		get(url, { headers }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (c: Buffer) => chunks.push(c));
			res.on('end', () =>
				resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) })
			);
		}).on('error', reject);
	});
}

describe('compressed responses', () => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startServer();
	});
	afterAll(async () => {
		await server?.stop();
	});

	it('gzips the journey page, the REST snapshot and an export for a client that accepts it', async () => {
		const { id, tokens } = await createJourney(server, fixture);
		const auth = { authorization: `Bearer ${tokens.viewer}` };
		for (const [url, headers] of [
			[`${server.url}/reis/${id}?token=${tokens.viewer}`, {}],
			[`${server.url}/api/journeys/${id}`, auth],
			[`${server.url}/api/journeys/${id}/tickets?format=csv`, auth]
		] as const) {
			const plain = await rawGet(url, headers);
			const zipped = await rawGet(url, { ...headers, 'accept-encoding': 'gzip, deflate, br' });
			expect(plain.status).toBe(200);
			expect(plain.headers['content-encoding']).toBeUndefined();
			expect(zipped.headers['content-encoding']).toBe('gzip');
			expect(zipped.headers.vary).toMatch(/Accept-Encoding/);
			// Equal but for the CSP nonce, which is new on every request.
			const text = (b: Buffer) => b.toString().replace(/nonce="[^"]*"/g, 'nonce=""');
			expect(text(gunzipSync(zipped.body))).toBe(text(plain.body));
			if (plain.body.byteLength > 4096)
				expect(zipped.body.byteLength).toBeLessThan(plain.body.byteLength / 2);
		}
	});
});

describe('a socket that does not read', () => {
	let server: TestServer;
	beforeAll(async () => {
		server = await startServer({ env: { MAX_SEND_BUFFER_BYTES: '65536' } });
	});
	afterAll(async () => {
		await server?.stop();
	});

	it('is closed with SlowReader once the server holds too much for it; the others are unharmed', async () => {
		const { id, tokens } = await createJourney(server, fixture);
		const writer = client(server, id, tokens.editor);
		await synced(writer);
		// About 400 KB of document, so every answer to step 1 is large.
		for (let i = 0; i < 8; i++) writer.doc.getMap('meta').set(`groot${i}`, String(i).repeat(50_000));
		const reader = client(server, id, tokens.viewer);
		await synced(reader);
		await eventually(() => reader.doc.getMap('meta').has('groot7'), 5000, 'reader has the document');

		const raw = openRaw(`${server.wsUrl}/${id}?token=${tokens.viewer}`);
		await raw.opened;
		// Never read: what the server sends piles up in the kernel's buffers and then in its own.
		(raw.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
		let sent = 0;
		while (!/gesloten \(4513\)/.test(server.output()) && sent < 2000) {
			raw.send(stepOne());
			sent++;
			await sleep(25);
		}
		expect(server.output()).toMatch(/gesloten \(4513\)/);
		// Reading again, the socket gets what was queued and then the close frame.
		(raw.ws as unknown as { _socket: { resume(): void } })._socket.resume();
		const { code } = await raw.closed;
		expect(code).toBe(CloseCode.SlowReader);

		// The room carries on for the clients that read.
		writer.doc.getMap('meta').set('title', 'Nog steeds samen');
		await eventually(() => reader.doc.getMap('meta').get('title') === 'Nog steeds samen', 5000, 'reader');
		expect(reader.provider.wsconnected).toBe(true);
	});
});

const available = await scaleServices();
if (!available.ok) reportSkip('tests/integration/rooms.test.ts (PostgreSQL part)', available.reason);

describe.runIf(available.ok)('lazily built docs with PostgreSQL and Redis', () => {
	let database: { url: string; drop: () => Promise<void> } | null = null;
	const servers: TestServer[] = [];
	const prefix = `klantreis-rooms-${process.pid}-${Date.now()}`;
	beforeAll(async () => {
		if (available.ok) database = await createTestDatabase(available.pgAdminUrl);
	});
	afterEach(async () => {
		await Promise.all(servers.splice(0).map((s) => s.kill()));
	});
	afterAll(async () => {
		await database?.drop();
	});

	it('accepts a valid edit past the upper bound of the stored size once the compaction says the real size (no 4414)', async () => {
		const [s] = await Promise.all([
			startServer({
				env: {
					...scaleEnv(database!.url, prefix),
					MAX_DOC_BYTES: '65536',
					COMPACT_AFTER_UPDATES: '10000'
				}
			})
		]);
		servers.push(s);
		const { id, tokens } = await createJourney(s, fixture);
		const writer = client(s, id, tokens.editor);
		await synced(writer);
		const codes: number[] = [];
		writer.provider.on('connection-close', (event: CloseEvent | null) => {
			if (event) codes.push(event.code);
		});
		// Each edit replaces the same 8 KB value: the document stays small, the stored rows add up
		// past 64 KB, and the edit after that needs a compaction to show it fits.
		for (let i = 0; i < 12; i++) {
			writer.doc.getMap('meta').set('groot', `${i}:`.padEnd(8_000, 'x'));
			await sleep(50);
		}
		const reader = client(s, id, tokens.viewer);
		await synced(reader);
		await eventually(
			() => String(reader.doc.getMap('meta').get('groot')).startsWith('11:'),
			10_000,
			'the last edit reaches a new reader'
		);
		expect(codes).toEqual([]);
		expect(s.output()).not.toMatch(/4414/);
		expect(writer.provider.wsconnected).toBe(true);
	});

	it('converges two instances over Redis while their rooms drop and rebuild their docs', async () => {
		const [a, b] = await Promise.all(
			[0, 1].map(() => startServer({ env: { ...scaleEnv(database!.url, prefix), ...IDLE } }))
		);
		servers.push(a, b);
		const { id, tokens } = await createJourney(a, fixture);
		const onA = client(a, id, tokens.editor);
		const onB = client(b, id, tokens.editor);
		await Promise.all([synced(onA), synced(onB)]);
		addStep(onA.doc, 'a1');
		await eventually(() => onB.doc.getMap('steps').has('a1'), 5000, 'b has a1');
		await sleep(2500);
		addStep(onB.doc, 'b1');
		onA.doc.getMap('meta').set('title', 'Twee instanties');
		await eventually(() => same(onA.doc, onB.doc) && onA.doc.getMap('steps').has('b1'), 5000, 'agree');
		await sleep(2500);
		const late = client(b, id, tokens.viewer);
		await synced(late);
		await eventually(() => same(late.doc, onA.doc), 5000, 'late viewer agrees');
		expect(late.doc.getMap('meta').get('title')).toBe('Twee instanties');
	});
});
