import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../src/lib/sync/protocol';
import { closeCode, eventually, rawSocket, synced } from '../helpers/clients';
import { createJourney, getJourney, readFixture, startServer, useServer } from '../helpers/server';

const fixture = readFixture();
const ADMIN_TOKEN = 'beheer-' + 'k'.repeat(30);
const live = useServer({ env: { ADMIN_TOKEN } });
const client = live.client;

function admin(path: string, init: RequestInit = {}, token = ADMIN_TOKEN) {
	return fetch(`${live.server.url}/api/admin${path}`, {
		...init,
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers }
	});
}

describe('instance administration', () => {
	it('is closed without the admin token, and absent without ADMIN_TOKEN', async () => {
		expect((await fetch(`${live.server.url}/api/admin/journeys`)).status).toBe(401);
		expect((await admin('/journeys', {}, 'x'.repeat(40))).status).toBe(401);
		const plain = await startServer();
		try {
			const res = await fetch(`${plain.url}/api/admin/journeys`, {
				headers: { authorization: `Bearer ${ADMIN_TOKEN}` }
			});
			expect(res.status).toBe(404);
			expect(await res.json()).toMatchObject({ error: expect.any(String) });
		} finally {
			await plain.stop();
		}
	});

	it('lists journeys with their open connections, without tokens', async () => {
		const { id, tokens } = await createJourney(live.server, fixture);
		const c = client(id, tokens.editor);
		await synced(c);
		const res = await admin('/journeys');
		expect(res.status).toBe(200);
		const list = (await res.json()) as { id: string; title: string; connections: number }[];
		expect(list.find((j) => j.id === id)).toMatchObject({ title: fixture.title, connections: 1 });
		const text = JSON.stringify(list);
		for (const token of Object.values(tokens)) expect(text).not.toContain(token);
	});

	it('rotates a role token: holders of the old link are cut off at once, others stay', async () => {
		const { id, tokens } = await createJourney(live.server, fixture);
		const editor = client(id, tokens.editor);
		const viewer = client(id, tokens.viewer);
		await Promise.all([synced(editor), synced(viewer)]);
		const editorClosed = closeCode(editor);

		const res = await admin(`/journeys/${id}/tokens`, {
			method: 'POST',
			body: JSON.stringify({ roles: ['editor'] })
		});
		expect(res.status).toBe(200);
		const body = (await res.json()) as { tokens: Record<string, string>; links: Record<string, string> };
		expect(Object.keys(body.tokens)).toEqual(['editor']);
		expect(body.tokens.editor).not.toBe(tokens.editor);
		expect(body.links.editor).toContain(encodeURIComponent(body.tokens.editor));

		expect(await editorClosed).toBe(CloseCode.Forbidden);
		await eventually(() => editor.provider.shouldConnect === false, 2000, 'old link gives up');
		expect(viewer.provider.wsconnected).toBe(true);
		expect((await getJourney(live.server, id, tokens.editor)).status).toBe(403);
		expect((await rawSocket(`${live.server.wsUrl}/${id}?token=${tokens.editor}`)).code).toBe(
			CloseCode.Forbidden
		);
		expect((await getJourney(live.server, id, body.tokens.editor)).status).toBe(200);
		const fresh = client(id, body.tokens.editor);
		await synced(fresh);
		expect(fresh.doc.getMap('meta').get('title')).toBe(fixture.title);

		// Without a body, every role gets a new token.
		const all = await admin(`/journeys/${id}/tokens`, { method: 'POST' });
		expect(all.status).toBe(200);
		expect(Object.keys(((await all.json()) as { tokens: object }).tokens).sort()).toEqual([
			'editor',
			'facilitator',
			'viewer'
		]);
		expect((await getJourney(live.server, id, tokens.viewer)).status).toBe(403);
		expect(
			(await admin(`/journeys/${id}/tokens`, { method: 'POST', body: '{"roles":["baas"]}' })).status
		).toBe(400);
	});

	it('deletes a journey: its sockets close, its data is gone', async () => {
		const { id, tokens } = await createJourney(live.server, fixture);
		const c = client(id, tokens.editor);
		await synced(c);
		const closed = closeCode(c);
		const res = await admin(`/journeys/${id}`, { method: 'DELETE' });
		expect(res.status).toBe(200);
		expect(await closed).toBe(CloseCode.JourneyDeleted);
		expect((await getJourney(live.server, id, tokens.facilitator)).status).toBe(404);
		expect((await rawSocket(`${live.server.wsUrl}/${id}?token=${tokens.editor}`)).code).toBe(
			CloseCode.Forbidden
		);
		const list = (await (await admin('/journeys')).json()) as { id: string }[];
		expect(list.map((j) => j.id)).not.toContain(id);
		expect((await admin(`/journeys/${id}`, { method: 'DELETE' })).status).toBe(404);
		expect(live.server.output()).not.toContain(ADMIN_TOKEN);
	});
});
