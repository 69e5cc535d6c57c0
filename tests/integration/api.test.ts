import { readdirSync, readFileSync } from 'node:fs';
import { Journey } from '../../src/lib/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { eventually } from '../helpers/clients';
import { createJourney, getJourney, startServer, tempDataDir, type TestServer } from '../helpers/server';

const fixture = JSON.parse(readFileSync('tests/fixtures/small-journey.json', 'utf8')) as Record<
	string,
	unknown
>;
let server: TestServer;

beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	await server?.stop();
});

async function post(body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
	const res = await fetch(`${server.url}/api/journeys`, { method: 'POST', headers, body });
	return { status: res.status, body: (await res.json()) as any };
}

describe('REST API', () => {
	it('answers the health check', async () => {
		const res = await fetch(`${server.url}/api/health`);
		expect(res.status).toBe(200);
		// The contract's `{ status: 'ok' }`, with the state of the engines beside it (docs/scaling.md).
		expect(await res.json()).toMatchObject({
			status: 'ok',
			database: { kind: 'sqlite', ok: true },
			redis: null
		});
	});

	it('serves the persona library seeded from personas/', async () => {
		const res = await fetch(`${server.url}/api/personas`);
		const personas = (await res.json()) as { id: string; doenvermogen: unknown }[];
		const files = readdirSync('personas').filter((f) => f.endsWith('.json'));
		expect(personas.length).toBe(files.length);
		expect(personas.length).toBeGreaterThanOrEqual(8);
		expect(personas.every((p) => p.id && p.doenvermogen)).toBe(true);
	});

	it('creates a journey with a new id, three tokens and three links, every time', async () => {
		const a = await createJourney(server, fixture);
		const b = await createJourney(server, fixture);
		expect(a.id).not.toBe(fixture.id);
		expect(a.id).not.toBe(b.id);
		for (const role of ['facilitator', 'editor', 'viewer'] as const) {
			expect(a.tokens[role].length).toBeGreaterThanOrEqual(22);
			expect(a.links[role]).toContain(a.id);
			expect(a.links[role]).toContain(encodeURIComponent(a.tokens[role]));
		}
		expect(new Set(Object.values(a.tokens)).size).toBe(3);
		const { status, body } = await getJourney(server, a.id, a.tokens.viewer);
		expect(status).toBe(200);
		// Same journey, with the schema's defaults filled in (an empty owner, author, ...).
		expect(body).toEqual(Journey.parse({ ...fixture, id: a.id }));
	});

	it('creates a journey from every template in journeys/', async () => {
		for (const file of readdirSync('journeys').filter((f) => f.endsWith('.json'))) {
			const template = JSON.parse(readFileSync(`journeys/${file}`, 'utf8')) as Record<string, unknown>;
			const created = await createJourney(server, template);
			const { body } = await getJourney(server, created.id, created.tokens.editor);
			expect(body.steps.length).toBe((template.steps as unknown[]).length);
			expect(body.title).toBe(template.title);
		}
	});

	it('refuses unparseable JSON with 400, whatever the content type', async () => {
		for (const headers of [{ 'content-type': 'application/json' }, { 'content-type': 'text/plain' }, {}]) {
			const { status, body } = await post('{"title": ', headers as Record<string, string>);
			expect(status).toBe(400);
			expect(typeof body.error).toBe('string');
		}
	});

	it('refuses a schema error with 400 and the path of the problem', async () => {
		const bad = structuredClone(fixture) as any;
		bad.steps[2].demands.plan = 7;
		const { status, body } = await post(JSON.stringify(bad));
		expect(status).toBe(400);
		expect(body.issues.map((i: { path: string }) => i.path)).toContain('steps.2.demands.plan');

		const badPersona = structuredClone(fixture) as any;
		badPersona.personas[0].doenvermogen.cope = 0;
		const res = await post(JSON.stringify(badPersona));
		expect(res.status).toBe(400);
		expect(res.body.issues[0].path).toContain('doenvermogen');
	});

	it('gives no data without the right token', async () => {
		const created = await createJourney(server, fixture);
		const none = await fetch(`${server.url}/api/journeys/${created.id}`);
		expect(none.status).toBe(401);
		const wrong = await getJourney(server, created.id, 'not-a-token');
		expect(wrong.status).toBe(403);
		expect(wrong.body.steps).toBeUndefined();
		const other = await createJourney(server, fixture);
		expect((await getJourney(server, created.id, other.tokens.facilitator)).status).toBe(403);
		expect((await getJourney(server, 'doesnotexist', created.tokens.editor)).status).toBe(404);
	});

	it('sets the security headers on pages and API answers', async () => {
		for (const path of ['/', '/api/health']) {
			const res = await fetch(`${server.url}${path}`);
			expect(res.headers.get('referrer-policy')).toBe('no-referrer');
			expect(res.headers.get('x-content-type-options')).toBe('nosniff');
		}
		const page = await fetch(`${server.url}/`);
		expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
	});

	it('opens the journey page by a role link, with every step title in the page', async () => {
		const created = await createJourney(server, fixture);
		const html = await (await fetch(`${server.url}${created.links.viewer}`)).text();
		for (const step of fixture.steps as { title: string }[]) expect(html).toContain(step.title);
		expect((await fetch(`${server.url}/reis/${created.id}?token=wrong`)).status).toBe(403);
		expect((await fetch(`${server.url}/reis/${created.id}`)).status).toBe(401);
	});

	it('streams the map page’s notes after its first paint, so the page is not hashed for an ETag', async () => {
		const created = await createJourney(server, fixture);
		const res = await fetch(`${server.url}${created.links.viewer}`);
		const html = await res.text();
		expect(res.status).toBe(200);
		expect(res.headers.get('etag')).toBeNull();
		expect(res.headers.get('cache-control')).toBe('no-store');
		// The note is in the page, after the markup of the first paint (a streamed script).
		const note = 'Kleinzoon zoekt het op.';
		expect(html).toContain(note);
		expect(html.indexOf(note)).toBeGreaterThan(html.indexOf('</ol>'));
		// Other pages of the journey carry the notes in their data, as before.
		const cookie = res.headers.get('set-cookie')!.split(';')[0];
		const overview = await fetch(`${server.url}/reis/${created.id}/overzicht`, { headers: { cookie } });
		expect(overview.status).toBe(200);
		expect(overview.headers.get('etag')).not.toBeNull();
	});
});

describe('GET /api/personas', () => {
	it('serves only the stored personas that validate and reports the others in the log', async () => {
		const dataDir = tempDataDir();
		const seeded = await startServer({ dataDir });
		const before = (await (await fetch(`${seeded.url}/api/personas`)).json()) as unknown[];
		expect(await seeded.stop()).toBe(0);
		// Rows the app would never write: an older shape, a hand edit in the database.
		const db = new Database(join(dataDir, 'klantreis.sqlite'));
		const put = db.prepare('INSERT INTO personas (id, data, updated_at) VALUES (?, ?, ?)');
		put.run('kapot', JSON.stringify({ id: 'kapot', name: 42, age: 30 }), Date.now());
		put.run(
			'geen-doenvermogen',
			JSON.stringify({ id: 'geen-doenvermogen', name: 'Bo', age: 30 }),
			Date.now()
		);
		db.close();

		const restarted = await startServer({ dataDir });
		try {
			const res = await fetch(`${restarted.url}/api/personas`);
			expect(res.status).toBe(200);
			const personas = (await res.json()) as { id: string }[];
			expect(personas.map((p) => p.id)).not.toContain('kapot');
			expect(personas.map((p) => p.id)).not.toContain('geen-doenvermogen');
			expect(personas).toHaveLength(before.length);
			// The log line comes through the server's stderr pipe, a moment after the answer.
			const logged =
				/persona "kapot" in de bibliotheek is ongeldig en overgeslagen: .*name: Ongeldige invoer/;
			await eventually(() => logged.test(restarted.output()), 5000, 'the log line about "kapot"');
		} finally {
			await restarted.stop();
		}
	});
});
