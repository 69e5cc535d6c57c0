import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJourney, readTemplate, startServer, type TestServer } from '../helpers/server';

let server: TestServer;

beforeAll(async () => {
	server = await startServer();
});
afterAll(async () => {
	await server?.stop();
});

type StepResult = {
	stepId: string;
	stuck: boolean;
	risk: number;
	stuckOn: string[];
	gaps: Record<string, { demand: number; effective: number; gap: number }>;
	reasons: string[];
};
type Analysis = { personas: { personaId: string; steps: StepResult[] }[] };

async function analysis(id: string, token?: string) {
	const res = await fetch(`${server.url}/api/journeys/${id}/doenvermogen`, {
		headers: token ? { authorization: `Bearer ${token}` } : {}
	});
	return { status: res.status, body: (await res.json()) as Analysis & { error?: string } };
}

function persona(overrides: Record<string, unknown> = {}) {
	return {
		schemaVersion: 1,
		id: 'test-persona',
		name: 'Test Persoon',
		age: 40,
		situation: 'Verzonnen.',
		quote: 'Ik regel het wel.',
		goals: ['Iets regelen'],
		preferredChannels: ['telefoon'],
		digitalSkills: 'basic',
		literacy: 'good',
		doenvermogen: { plan: 3, act: 3, persevere: 3, cope: 3 },
		stress: 0,
		...overrides
	};
}

async function send(method: string, path: string, body?: unknown) {
	const res = await fetch(`${server.url}${path}`, {
		method,
		headers: { 'content-type': 'application/json' },
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
	});
	const text = await res.text();
	return { status: res.status, headers: res.headers, text, body: text ? (JSON.parse(text) as any) : null };
}

describe('GET /api/journeys/:id/doenvermogen', () => {
	it('answers per persona and per step, as the contract says, for every role', async () => {
		const template = readTemplate('bijzondere-bijstand-aanvragen.json') as any;
		const created = await createJourney(server, template);
		for (const role of ['facilitator', 'editor', 'viewer'] as const) {
			const { status, body } = await analysis(created.id, created.tokens[role]);
			expect(status).toBe(200);
			expect(body.personas.map((p) => p.personaId).sort()).toEqual(
				template.personas.map((p: any) => p.id).sort()
			);
			for (const p of body.personas) {
				expect(p.steps.map((s) => s.stepId).sort()).toEqual(template.steps.map((s: any) => s.id).sort());
				for (const s of p.steps) expect(typeof s.stuck).toBe('boolean');
			}
		}
		const { body } = await analysis(created.id, created.tokens.viewer);
		const byId = Object.fromEntries(body.personas.map((p) => [p.personaId, p]));
		// Ingrid (strong, no stress) gets through; Sanne (acute stress) gets stuck, with reasons.
		expect(byId['ingrid-bijstand-goed-georganiseerd'].steps.some((s) => s.stuck)).toBe(false);
		const sanne = byId['sanne-alleenstaande-moeder'].steps;
		const form = sanne.find((s) => s.stepId === 's04-formulier-invullen')!;
		expect(form.stuck).toBe(true);
		expect(form.gaps.plan).toMatchObject({ demand: 4, effective: 1, gap: 3 });
		expect(form.reasons[0]).toMatch(/^Loopt vast op/);
	});

	it('lowers nothing at stress 0 and is never stuck on demand 0', async () => {
		const fixture = JSON.parse(readFileSync('tests/fixtures/small-journey.json', 'utf8')) as any;
		const body = structuredClone(fixture);
		body.personas = [
			{ ...persona({ id: 'kalm', doenvermogen: { plan: 3, act: 1, persevere: 1, cope: 1 }, stress: 0 }) },
			{ ...persona({ id: 'acuut', doenvermogen: { plan: 3, act: 1, persevere: 1, cope: 1 }, stress: 3 }) }
		].map(({ schemaVersion: _v, ...p }) => p);
		for (const step of body.steps) step.emotions = {};
		body.steps[0].demands = { plan: 3, act: 0, persevere: 0, cope: 0 };
		body.steps[1].demands = { plan: 0, act: 0, persevere: 0, cope: 0 };
		const created = await createJourney(server, body);
		const { status, body: result } = await analysis(created.id, created.tokens.editor);
		expect(status).toBe(200);
		const kalm = result.personas.find((p) => p.personaId === 'kalm')!;
		const acuut = result.personas.find((p) => p.personaId === 'acuut')!;
		const step = (p: typeof kalm, id: string) => p.steps.find((s) => s.stepId === id)!;
		// Demand 3 on plan against capacity 3 without stress: not stuck. With acute stress: stuck.
		expect(step(kalm, body.steps[0].id).stuck).toBe(false);
		expect(step(acuut, body.steps[0].id).stuck).toBe(true);
		// Nothing asked: never stuck, not even at effective capacity 0.
		expect(step(acuut, body.steps[1].id).stuck).toBe(false);
	});

	it('gives nothing without the right token', async () => {
		const created = await createJourney(server, readTemplate('verhuizing-doorgeven.json'));
		expect((await analysis(created.id)).status).toBe(401);
		const wrong = await analysis(created.id, 'not-a-token');
		expect(wrong.status).toBe(403);
		expect(wrong.body.personas).toBeUndefined();
		expect((await analysis('doesnotexist', created.tokens.viewer)).status).toBe(404);
	});
});

describe('GET /api/journeys/:id/toets', () => {
	it('downloads the draft toets as Markdown', async () => {
		const created = await createJourney(server, readTemplate('paspoort-aanvragen.json'));
		const res = await fetch(`${server.url}/api/journeys/${created.id}/toets`, {
			headers: { authorization: `Bearer ${created.tokens.viewer}` }
		});
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toContain('text/markdown');
		expect(res.headers.get('content-disposition')).toMatch(
			/^attachment; filename="doenvermogentoets-paspoort-[a-z-]*aanvragen\.md"$/
		);
		const md = await res.text();
		expect(md).toMatch(/^# Doenvermogentoets \(concept\): /);
		expect(md).toContain('## 4. Conclusie: waar lopen inwoners vast?');
		expect((await fetch(`${server.url}/api/journeys/${created.id}/toets`)).status).toBe(401);
	});
});

describe('the persona library API', () => {
	it('creates, reads, replaces, exports and deletes a persona', async () => {
		const created = await send('POST', '/api/personas', persona({ id: 'lotte-test' }));
		expect(created.status).toBe(201);
		expect(created.body).toMatchObject({ id: 'lotte-test', name: 'Test Persoon', schemaVersion: 1 });
		expect(created.headers.get('location')).toBe('/api/personas/lotte-test');

		const list = await send('GET', '/api/personas');
		expect(Array.isArray(list.body)).toBe(true);
		expect(list.body.map((p: { id: string }) => p.id)).toContain('lotte-test');

		expect((await send('GET', '/api/personas/lotte-test')).body).toEqual(created.body);
		const replaced = await send('PUT', '/api/personas/lotte-test', persona({ id: 'lotte-test', stress: 2 }));
		expect(replaced.status).toBe(200);
		expect((await send('GET', '/api/personas/lotte-test')).body.stress).toBe(2);

		const file = await send('GET', '/api/personas/lotte-test?download');
		expect(file.headers.get('content-disposition')).toBe('attachment; filename="lotte-test.json"');
		expect(JSON.parse(file.text)).toEqual(persona({ id: 'lotte-test', stress: 2 }));

		expect((await send('DELETE', '/api/personas/lotte-test')).status).toBe(204);
		expect((await send('GET', '/api/personas/lotte-test')).status).toBe(404);
		expect((await send('DELETE', '/api/personas/lotte-test')).status).toBe(404);
	});

	it('mints an id from the name when none is given, and refuses a taken id', async () => {
		const { id: _id, ...noId } = persona({ name: 'Kees van Dijk' });
		const a = await send('POST', '/api/personas', noId);
		expect(a.status).toBe(201);
		expect(a.body.id).toBe('kees-van-dijk');
		const b = await send('POST', '/api/personas', noId);
		expect(b.body.id).toBe('kees-van-dijk-2');
		const taken = await send('POST', '/api/personas', persona({ id: 'kees-van-dijk' }));
		expect(taken.status).toBe(409);
		expect(typeof taken.body.error).toBe('string');
	});

	it('refuses a value outside its scale with a 400 that names doenvermogen', async () => {
		for (const bad of [
			persona({ id: 'te-sterk', doenvermogen: { plan: 6, act: 3, persevere: 3, cope: 3 } }),
			persona({ id: 'te-zwak', doenvermogen: { plan: 3, act: 3, persevere: 3, cope: 0 } })
		]) {
			const res = await send('POST', '/api/personas', bad);
			expect(res.status).toBe(400);
			expect(res.body.issues[0].path).toContain('doenvermogen');
			expect((await send('GET', `/api/personas/${bad.id}`)).status).toBe(404);
		}
		await send('POST', '/api/personas', persona({ id: 'goed' }));
		const put = await send('PUT', '/api/personas/goed', persona({ id: 'goed', doenvermogen: { plan: 3 } }));
		expect(put.status).toBe(400);
		expect(put.body.issues.map((i: { path: string }) => i.path)).toContain('doenvermogen.act');
		const stress = await send('POST', '/api/personas', persona({ id: 'stress', stress: 4 }));
		expect(stress.status).toBe(400);
		expect(stress.body.issues[0].path).toBe('stress');
	});

	it('refuses unparseable JSON, a mismatched id and a missing schemaVersion', async () => {
		expect((await send('POST', '/api/personas', '{"name": ')).status).toBe(400);
		await send('POST', '/api/personas', persona({ id: 'vast-id' }));
		const mismatch = await send('PUT', '/api/personas/vast-id', persona({ id: 'ander-id' }));
		expect(mismatch.status).toBe(400);
		expect(mismatch.body.issues[0].path).toBe('id');
		const { schemaVersion: _v, ...old } = persona({ id: 'zonder-versie' });
		const res = await send('POST', '/api/personas', old);
		expect(res.status).toBe(400);
		expect(res.body.issues[0].path).toBe('schemaVersion');
		expect((await send('PUT', '/api/personas/bestaat-niet', persona({ id: 'bestaat-niet' }))).status).toBe(
			404
		);
	});
});
