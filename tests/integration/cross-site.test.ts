import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';

const fixture = readFileSync('tests/fixtures/small-journey.json', 'utf8');
const ADMIN_TOKEN = 'beheer-' + 'q'.repeat(30);

let server: TestServer;

beforeAll(async () => {
	// Each test names its own client address, so the admin lockout of one test leaves the others alone.
	server = await startServer({ env: { ADMIN_TOKEN, ADDRESS_HEADER: 'x-forwarded-for' } });
});
afterAll(async () => {
	await server?.stop();
});

function post(path: string, headers: Record<string, string>, body = fixture) {
	// adapter-node answers 500 when ADDRESS_HEADER is set and the header is missing.
	return fetch(`${server.url}${path}`, {
		method: 'POST',
		headers: { 'x-forwarded-for': '203.0.113.1', ...headers },
		body
	});
}

describe('state-changing requests from another site', () => {
	it('a page on another site cannot create a journey or a persona through the browser (403, JSON)', async () => {
		// What a form or fetch on evil.example sends: text/plain needs no preflight.
		for (const headers of <Record<string, string>[]>[
			{ 'content-type': 'text/plain', origin: 'https://evil.example' },
			{ 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site' },
			{ 'content-type': 'text/plain', origin: 'null' }
		]) {
			for (const path of ['/api/journeys', '/api/personas']) {
				const res = await post(path, headers);
				expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
				expect(res.headers.get('content-type')).toContain('application/json');
				expect(await res.json()).toMatchObject({ error: expect.stringContaining('andere website') });
			}
		}
		const admin = await fetch(`${server.url}/api/admin/journeys/x`, {
			method: 'DELETE',
			headers: {
				'x-forwarded-for': '203.0.113.2',
				authorization: `Bearer ${ADMIN_TOKEN}`,
				origin: 'https://evil.example'
			}
		});
		expect(admin.status).toBe(403);
	});

	it('scripts without Origin, and our own pages (also behind a proxy), keep working', async () => {
		const host = new URL(server.url).host;
		expect((await post('/api/journeys', { 'content-type': 'application/json' })).status).toBe(201);
		expect(
			(
				await post('/api/journeys', {
					'content-type': 'application/json',
					origin: server.url,
					'sec-fetch-site': 'same-origin'
				})
			).status
		).toBe(201);
		// A proxy that keeps its own host in X-Forwarded-Host and speaks plain HTTP to us.
		expect(
			(
				await post('/api/journeys', {
					'content-type': 'application/json',
					host,
					'x-forwarded-host': 'intranet.gemeente.nl',
					'x-forwarded-proto': 'https',
					origin: 'https://intranet.gemeente.nl',
					'sec-fetch-site': 'same-origin'
				})
			).status
		).toBe(201);
	});
});

describe('the admin lockout', () => {
	it('after ten wrong tokens the right one gets 429 too, so the lockout tells a guesser nothing', async () => {
		const from = { 'x-forwarded-for': '203.0.113.7' };
		const get = (token: string) =>
			fetch(`${server.url}/api/admin/journeys`, { headers: { ...from, authorization: `Bearer ${token}` } });
		expect((await get(ADMIN_TOKEN)).status).toBe(200);
		for (let i = 0; i < 10; i++) expect((await get('fout-' + 'x'.repeat(30))).status).toBe(401);
		expect((await get('fout-' + 'y'.repeat(30))).status).toBe(429);
		const right = await get(ADMIN_TOKEN);
		expect(right.status).toBe(429);
		expect(await right.json()).toMatchObject({ error: expect.stringContaining('Te veel') });
		// Another address is not locked out.
		const other = await fetch(`${server.url}/api/admin/journeys`, {
			headers: { 'x-forwarded-for': '203.0.113.8', authorization: `Bearer ${ADMIN_TOKEN}` }
		});
		expect(other.status).toBe(200);
	});
});
