import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { connectClient, eventually, synced, type Client } from '../helpers/clients';
import { createJourney, getJourney, startServer, type Created, type TestServer } from '../helpers/server';

/**
 * Afdelingslinks (issue 18) against the built server: a department sees its
 * tickets across journeys and nothing else of them, its replies and status
 * changes arrive live at the official y-websocket client, and a deleted link
 * is refused at once.
 */

const golden = JSON.parse(readFileSync('src/lib/export/golden/journey.json', 'utf8')) as {
	title: string;
	steps: { id: string; note?: string }[];
	personas: { name: string }[];
	tickets: { id: string; title: string; department: string }[];
};
const ADMIN_TOKEN = 'beheer-' + 'a'.repeat(30);
const NOTE = 'GEHEIME-STAPNOTITIE';

let server: TestServer;
const journeys: Created[] = [];
const clients: Client[] = [];

/** Journey n: the golden journey with its titles marked n, a note on every step. */
function journey(n: number) {
	return {
		...golden,
		title: `${golden.title} ${n}`,
		steps: golden.steps.map((s) => ({ ...s, note: `${NOTE} ${n}` })),
		tickets: golden.tickets.map((t) => ({ ...t, title: `${t.title} (reis ${n})` }))
	};
}

function admin(path: string, init: RequestInit = {}, token = ADMIN_TOKEN) {
	return fetch(`${server.url}/api/admin${path}`, {
		...init,
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers }
	});
}

function department(token: string, path: string, init: RequestInit = {}) {
	return fetch(`${server.url}/api/department${path}`, {
		...init,
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers }
	});
}

async function makeLink(dept: string | null) {
	const res = await admin('/department-links', {
		method: 'POST',
		body: JSON.stringify({ department: dept })
	});
	expect(res.status).toBe(201);
	return (await res.json()) as { id: string; department: string | null; token: string; link: string };
}

type Listed = {
	department: string | null;
	tickets: {
		journeyId: string;
		journeyTitle: string;
		ticket: { id: string; title: string; department: string; status: string; replies: unknown[] };
		steps: { id: string; title: string }[];
		painPoints: unknown[];
		effect: { valuePerYear: number };
	}[];
};

function ticketIn(client: Client, id: string) {
	return client.doc.getMap<Y.Map<unknown>>('tickets').get(id)?.toJSON() as
		{ status?: string; dueDate?: string; replies?: { by: string; text: string }[] } | undefined;
}

beforeAll(async () => {
	server = await startServer({ env: { ADMIN_TOKEN } });
	for (const n of [1, 2, 3]) journeys.push(await createJourney(server, journey(n)));
});
afterEach(() => {
	while (clients.length) clients.pop()!.destroy();
});
afterAll(async () => {
	await server?.stop();
});

describe('afdelingslinks', () => {
	it('are made and listed by the administrator only, and listed without tokens', async () => {
		expect(
			(await fetch(`${server.url}/api/admin/department-links`, { method: 'POST', body: '{}' })).status
		).toBe(401);
		const link = await makeLink('Burgerzaken');
		expect(link.token.length).toBeGreaterThanOrEqual(22); // ≥ 128 bits in base64url
		expect(link.link).toBe(`/afdeling?token=${encodeURIComponent(link.token)}`);
		const listed = (await (await admin('/department-links')).json()) as unknown[];
		expect(listed).toContainEqual({ id: link.id, department: 'Burgerzaken', createdAt: expect.any(String) });
		expect(JSON.stringify(listed)).not.toContain(link.token);
	});

	it('show a department exactly its tickets across three journeys, and nothing else of them', async () => {
		const link = await makeLink('Burgerzaken');
		const res = await department(link.token, '/tickets?format=json');
		expect(res.status).toBe(200);
		const text = await res.text();
		const body = JSON.parse(text) as Listed;
		expect(body.department).toBe('Burgerzaken');
		const expected = journeys.flatMap((j, i) =>
			golden.tickets.filter((t) => t.department === 'Burgerzaken').map((t) => `${j.id}/${t.id}/${i + 1}`)
		);
		expect(body.tickets.map((t) => `${t.journeyId}/${t.ticket.id}/${t.journeyTitle.at(-1)}`).sort()).toEqual(
			expected.sort()
		);
		expect(body.tickets.every((t) => t.ticket.department === 'Burgerzaken')).toBe(true);
		expect(body.tickets[0].steps[0]).toMatchObject({ id: 'afspraak', title: expect.any(String) });
		expect(body.tickets[0].ticket.replies).toEqual([]);
		// Nothing else of those journeys: no step notes, no personas, no tokens, no other tickets.
		expect(text).not.toContain(NOTE);
		for (const p of golden.personas) expect(text).not.toContain(`"${p.name}"`);
		for (const j of journeys) for (const token of Object.values(j.tokens)) expect(text).not.toContain(token);
		for (const t of golden.tickets.filter((t) => t.department !== 'Burgerzaken'))
			expect(text).not.toContain(t.title);
	});

	it('show the KCC lead (department null) every ticket, ranked by expected effect, also as CSV and Markdown', async () => {
		const link = await makeLink(null);
		const body = (await (await department(link.token, '/tickets')).json()) as Listed;
		expect(body.tickets).toHaveLength(golden.tickets.length * 3);
		const values = body.tickets.map((t) => t.effect.valuePerYear);
		expect(values[0]).toBeGreaterThan(0);
		expect(values.at(-1)).toBe(0);

		const csv = await department(link.token, '/tickets?format=csv');
		expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		const [header, ...rows] = parse(Buffer.from(await csv.arrayBuffer()), {
			bom: true,
			delimiter: ';',
			record_delimiter: '\r\n'
		}) as string[][];
		expect(header[0]).toBe('Rang');
		expect(rows).toHaveLength(golden.tickets.length * 3);
		expect(rows.map((r) => r[0])).toEqual(rows.map((_, i) => String(i + 1)));
		const md = await (await department(link.token, '/tickets?format=md')).text();
		expect(md).toMatch(/^# Verbetertickets voor alle vakafdelingen/);
		expect(md).not.toContain(NOTE);

		const bad = await department(link.token, '/tickets?format=xlsx');
		expect(bad.status).toBe(400);
		expect(((await bad.json()) as { issues: { path: string }[] }).issues[0].path).toBe('format');
	});

	it('bring a reply and a status change live to a y-websocket client on each journey', async () => {
		const link = await makeLink('Burgerzaken');
		const watchers = journeys.map((j) => {
			const c = connectClient(server.wsUrl, j.id, j.tokens.viewer);
			clients.push(c);
			return c;
		});
		await Promise.all(watchers.map((c) => synced(c)));
		for (const [i, j] of journeys.entries()) {
			const reply = await department(link.token, `/tickets/${j.id}/bel-afspraak/replies`, {
				method: 'POST',
				body: JSON.stringify({ text: `Opgepakt in reis ${i + 1}`, name: 'Ayla' })
			});
			expect(reply.status).toBe(201);
			expect(await reply.json()).toMatchObject({
				by: 'Ayla, Burgerzaken',
				text: `Opgepakt in reis ${i + 1}`
			});
			const patch = await department(link.token, `/tickets/${j.id}/bel-afspraak`, {
				method: 'PATCH',
				body: JSON.stringify({ status: 'done', dueDate: '2026-05-01' })
			});
			expect(patch.status).toBe(200);
			expect(await patch.json()).toMatchObject({ id: 'bel-afspraak', status: 'done', dueDate: '2026-05-01' });
		}
		for (const [i, c] of watchers.entries()) {
			await eventually(
				() => ticketIn(c, 'bel-afspraak')?.status === 'done',
				10_000,
				`status on journey ${i + 1}`
			);
			expect(ticketIn(c, 'bel-afspraak')).toMatchObject({
				dueDate: '2026-05-01',
				replies: [{ by: 'Ayla, Burgerzaken', text: `Opgepakt in reis ${i + 1}` }]
			});
		}
		// And the REST snapshot and the department's own list say the same.
		const { body } = await getJourney(server, journeys[0].id, journeys[0].tokens.viewer);
		expect(body.tickets.find((t: { id: string }) => t.id === 'bel-afspraak').replies).toHaveLength(1);
		const listed = (await (await department(link.token, '/tickets')).json()) as Listed;
		expect(listed.tickets.every((t) => t.ticket.status === 'done' && t.ticket.replies.length === 1)).toBe(
			true
		);
	});

	it("refuse another department's ticket with 403 and an unknown one with 404, and change nothing", async () => {
		const link = await makeLink('Burgerzaken');
		const [j] = journeys;
		const before = (await getJourney(server, j.id, j.tokens.viewer)).body;
		const other = golden.tickets.find((t) => t.department !== 'Burgerzaken')!;
		const patch = await department(link.token, `/tickets/${j.id}/${other.id}`, {
			method: 'PATCH',
			body: JSON.stringify({ status: 'done' })
		});
		expect(patch.status).toBe(403);
		const reply = await department(link.token, `/tickets/${j.id}/${other.id}/replies`, {
			method: 'POST',
			body: JSON.stringify({ text: 'Niet van ons' })
		});
		expect(reply.status).toBe(403);
		const missing = await department(link.token, `/tickets/${j.id}/bestaat-niet`, {
			method: 'PATCH',
			body: JSON.stringify({ status: 'done' })
		});
		expect(missing.status).toBe(404);
		expect((await getJourney(server, j.id, j.tokens.viewer)).body).toEqual(before);
	});

	it('answer bad input with 400 and the path, and change nothing', async () => {
		const link = await makeLink('Burgerzaken');
		const [j] = journeys;
		const before = (await getJourney(server, j.id, j.tokens.viewer)).body;
		const cases: [string, string, unknown, string][] = [
			['PATCH', '', { status: 'klaar' }, 'status'],
			['PATCH', '', { dueDate: '2026-02-30' }, 'dueDate'],
			['PATCH', '', { stauts: 'done' }, ''],
			['POST', '/replies', { text: '   ' }, 'text'],
			['POST', '/replies', { text: 'x'.repeat(5001) }, 'text'],
			['POST', '/replies', [], '']
		];
		for (const [method, suffix, payload, path] of cases) {
			const res = await department(link.token, `/tickets/${j.id}/bel-afspraak${suffix}`, {
				method,
				body: JSON.stringify(payload)
			});
			expect(res.status, JSON.stringify(payload)).toBe(400);
			const body = (await res.json()) as { error: string; issues: { path: string }[] };
			expect(body.issues.map((i) => i.path)).toContain(path);
		}
		const broken = await department(link.token, `/tickets/${j.id}/bel-afspraak`, {
			method: 'PATCH',
			body: '{'
		});
		expect(broken.status).toBe(400);
		const badLink = await admin('/department-links', {
			method: 'POST',
			body: JSON.stringify({ department: '' })
		});
		expect(badLink.status).toBe(400);
		expect(((await badLink.json()) as { issues: { path: string }[] }).issues[0].path).toBe('department');
		expect((await getJourney(server, j.id, j.tokens.viewer)).body).toEqual(before);
	});

	it('stop working the moment a link is deleted', async () => {
		const link = await makeLink('Burgerzaken');
		expect((await department(link.token, '/tickets')).status).toBe(200);
		expect((await admin(`/department-links/${link.id}`, { method: 'DELETE' })).status).toBe(204);
		const after = await department(link.token, '/tickets');
		expect(after.status).toBe(403);
		expect(await after.text()).not.toContain('bel-afspraak');
		const reply = await department(link.token, `/tickets/${journeys[0].id}/bel-afspraak/replies`, {
			method: 'POST',
			body: JSON.stringify({ text: 'Te laat' })
		});
		expect(reply.status).toBe(403);
		expect((await fetch(`${server.url}/api/department/tickets`)).status).toBe(401);
		expect((await admin(`/department-links/${link.id}`, { method: 'DELETE' })).status).toBe(404);
		const listed = (await (await admin('/department-links')).json()) as { id: string }[];
		expect(listed.some((l) => l.id === link.id)).toBe(false);
	});
});
