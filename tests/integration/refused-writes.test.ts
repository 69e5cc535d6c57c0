import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJourney, getJourney, startServer, type Created, type TestServer } from '../helpers/server';

/**
 * A write the server makes into a journey's live doc (here through the
 * department API) that the write path refuses, though the route's own input
 * check let the body through: the answer is a 400 in the contract's error
 * shape, with the path of the problem, never a 500, and nothing is written
 * (the snapshot and the stored document are as before).
 */

const golden = JSON.parse(readFileSync('src/lib/export/golden/journey.json', 'utf8')) as {
	tickets: { id: string; department: string }[];
};
const ADMIN_TOKEN = 'beheer-' + 'b'.repeat(30);
/** A vakafdeling with a name of the full 120 characters a link and a ticket allow. */
const LONG_DEPARTMENT = 'Afdeling ' + 'x'.repeat(111);
const TICKET = golden.tickets[0].id;
const FULL_THREAD = Array.from({ length: 500 }, (_, i) => ({
	id: `r${i}`,
	at: '2026-03-01T09:30:00Z',
	by: 'KCC',
	text: `Reactie ${i}`
}));

let server: TestServer;
let journey: Created;
let full: Created;
let link: { token: string };

function admin(path: string, init: RequestInit = {}) {
	return fetch(`${server.url}/api/admin${path}`, {
		...init,
		headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' }
	});
}

function reply(journeyId: string, body: unknown) {
	return fetch(`${server.url}/api/department/tickets/${journeyId}/${TICKET}/replies`, {
		method: 'POST',
		headers: { authorization: `Bearer ${link.token}`, 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
}

/** The journey as the API answers it, and the bytes the server has stored of it. */
async function state(created: Created) {
	const { status, body } = await getJourney(server, created.id, created.tokens.viewer);
	expect(status).toBe(200);
	const listed = (await (await admin('/journeys')).json()) as { id: string; storedBytes: number }[];
	return {
		journey: body as { tickets: { id: string; replies: unknown[] }[] },
		stored: listed.find((j) => j.id === created.id)!.storedBytes
	};
}

beforeAll(async () => {
	server = await startServer({ env: { ADMIN_TOKEN } });
	const withDepartment = (replies: unknown[]) => ({
		...golden,
		tickets: golden.tickets.map((t) => (t.id === TICKET ? { ...t, department: LONG_DEPARTMENT, replies } : t))
	});
	journey = await createJourney(server, withDepartment([]));
	full = await createJourney(server, withDepartment(FULL_THREAD));
	const res = await admin('/department-links', {
		method: 'POST',
		body: JSON.stringify({ department: LONG_DEPARTMENT })
	});
	expect(res.status).toBe(201);
	link = (await res.json()) as { token: string };
});
afterAll(async () => {
	await server?.stop();
});

describe('a server-side write the write path refuses', () => {
	it('stores a reply signed with the longest name and department a link allows (it was a 500, then a 400)', async () => {
		// "<name>, <department>": 80 + 2 + 120 characters, all three limits at their most.
		const res = await reply(journey.id, { text: 'Wij pakken dit op.', name: 'A'.repeat(80) });
		expect(res.status).toBe(201);
		const after = await state(journey);
		expect(after.journey.tickets.find((t) => t.id === TICKET)!.replies).toMatchObject([
			{ by: `${'A'.repeat(80)}, ${LONG_DEPARTMENT}` }
		]);
		expect(server.output()).not.toContain('Fout 500');
	});

	it('refuses the reply past a full thread with 400, and the ticket keeps its 500 replies', async () => {
		const before = await state(full);
		expect(before.journey.tickets.find((t) => t.id === TICKET)!.replies).toHaveLength(500);
		const res = await reply(full.id, { text: 'Nog een reactie.' });
		expect(res.status).toBe(400);
		const body = (await res.json()) as { error: string; issues: { path: string; message: string }[] };
		expect(body.issues).toEqual([{ path: 'replies', message: expect.any(String) }]);
		// Written, the 501st reply would have left the whole ticket out of the snapshot.
		expect(await state(full)).toEqual(before);
		expect(server.output()).not.toContain('Fout 500');
	});
});
