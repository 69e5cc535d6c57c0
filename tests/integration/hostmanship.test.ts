import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addFinding,
	castVote,
	goToStep,
	readSession,
	startSession,
	startTimer
} from '../../src/lib/sync/trainer-session';
import { connectClient, eventually, synced, type Client } from '../helpers/clients';
import { createJourney, getJourney, startServer, tempDataDir, type TestServer } from '../helpers/server';

const fixture = JSON.parse(readFileSync('tests/fixtures/small-journey.json', 'utf8')) as Record<
	string,
	unknown
> & {
	painPoints: Record<string, unknown>[];
};

let server: TestServer;
const clients: Client[] = [];

function client(id: string, token: string, s: TestServer = server) {
	const c = connectClient(s.wsUrl, id, token);
	clients.push(c);
	return c;
}

beforeAll(async () => {
	server = await startServer();
});
afterEach(() => {
	for (const c of clients.splice(0)) c.destroy();
});
afterAll(async () => {
	await server?.stop();
});

/** A pain point the way a third-party program writes it: a Y.Map in `painPoints`, principles a plain array. */
function foreignPainPoint(doc: Y.Doc, fields: Record<string, unknown>) {
	const map = new Y.Map<unknown>();
	for (const [k, v] of Object.entries(fields)) map.set(k, v);
	doc.getMap('painPoints').set(String(fields.id), map);
}

async function post(body: unknown) {
	const res = await fetch(`${server.url}/api/journeys`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body)
	});
	return {
		status: res.status,
		body: (await res.json()) as { error: string; issues?: { path: string; message: string }[] }
	};
}

describe('pain points from a third-party y-websocket client', () => {
	it('appear in GET /api/journeys/:id when valid, and are left out when not', async () => {
		const { id, tokens } = await createJourney(server, fixture);
		const foreign = client(id, tokens.editor);
		await synced(foreign);
		foreignPainPoint(foreign.doc, {
			id: 'kcc-1',
			stepId: 'ophalen',
			principles: ['takeResponsibility', 'knowledge'],
			severity: 3,
			description: 'Balie stuurt door naar het KCC',
			evidence: [
				{ metric: 'forwarded', value: 42, source: 'KCC-rapportage', period: '2026-Q2', channel: 'balie' }
			]
		});
		foreignPainPoint(foreign.doc, {
			id: 'kcc-2',
			stepId: 'ophalen',
			principles: ['glimlachen'],
			severity: 1
		});
		foreignPainPoint(foreign.doc, { id: 'kcc-3', stepId: 'weg', principles: ['serve'], severity: 1 });

		await eventually(
			async () =>
				(await getJourney(server, id, tokens.viewer)).body.painPoints?.some(
					(p: { id: string }) => p.id === 'kcc-1'
				),
			5000,
			'the foreign pain point in the snapshot'
		);
		const { status, body } = await getJourney(server, id, tokens.viewer);
		expect(status).toBe(200);
		expect(body.painPoints.map((p: { id: string }) => p.id).sort()).toEqual(['alleen-online', 'kcc-1']);
		expect(body.painPoints.find((p: { id: string }) => p.id === 'kcc-1')).toEqual({
			id: 'kcc-1',
			stepId: 'ophalen',
			principles: ['takeResponsibility', 'knowledge'],
			severity: 3,
			description: 'Balie stuurt door naar het KCC',
			evidence: [
				{ metric: 'forwarded', value: 42, source: 'KCC-rapportage', period: '2026-Q2', channel: 'balie' }
			],
			author: ''
		});
	});
});

describe('POST /api/journeys validates pain points', () => {
	it('refuses an unknown principle with a 400 whose path names principles', async () => {
		const body = structuredClone(fixture);
		body.painPoints[0].principles = ['serve', 'glimlachen'];
		const res = await post(body);
		expect(res.status).toBe(400);
		expect(res.body.issues?.map((i) => i.path)).toContain('painPoints.0.principles.1');
		// zod's own message, in Dutch (zod's nl locale): not "Invalid option: expected one of …".
		const message = res.body.issues?.find((i) => i.path === 'painPoints.0.principles.1')?.message;
		expect(message).toMatch(/^Ongeldige optie: verwacht één van .*serve/);
	});

	it('refuses a pain point on a missing step with its path', async () => {
		const body = structuredClone(fixture);
		body.painPoints[0].stepId = 'bestaat-niet';
		const res = await post(body);
		expect(res.status).toBe(400);
		expect(res.body.issues?.map((i) => i.path)).toEqual(['painPoints.0.stepId']);
	});
});

describe('the trainer session', () => {
	it('is shared live through the document and survives a server restart', async () => {
		const dataDir = tempDataDir();
		let first: TestServer | null = await startServer({ dataDir });
		let second: TestServer | null = null;
		try {
			const { id, tokens } = await createJourney(first, fixture);
			const trainer = client(id, tokens.facilitator, first);
			const participant = client(id, tokens.editor, first);
			await Promise.all([synced(trainer), synced(participant)]);

			startSession(trainer.doc, { id: 'sessie-1', stepId: 'zoeken', voteBudget: 2, now: 1_000 });
			goToStep(trainer.doc, 'afspraak');
			startTimer(trainer.doc, 120, 2_000);
			await eventually(() => readSession(participant.doc).session?.stepId === 'afspraak', 5000, 'follow');
			addFinding(participant.doc, {
				id: 'f1',
				stepId: 'afspraak',
				principle: 'dialogue',
				text: 'Bevestiging is onduidelijk',
				authorId: 'voter-participant'
			});
			await eventually(() => readSession(trainer.doc).session?.findings.length === 1, 5000, 'the finding');
			expect(castVote(trainer.doc, 'voter-trainer01', 'f1', 1)).toBe(true);
			await eventually(
				() => !!readSession(participant.doc).session?.votes['voter-trainer01'],
				5000,
				'the vote'
			);
			const before = readSession(participant.doc).session;

			for (const c of clients.splice(0)) c.destroy();
			await first.stop();
			first = null;
			second = await startServer({ dataDir });
			const again = client(id, tokens.viewer, second);
			await synced(again);
			const { session, problems } = readSession(again.doc);
			expect(problems).toEqual([]);
			expect(session).toEqual(before);
			expect(session).toMatchObject({
				stepId: 'afspraak',
				timerEndsAt: 122_000,
				votes: { 'voter-trainer01': { f1: 1 } }
			});
			// The session lives beside the contract's keys: the journey snapshot is unchanged by it.
			const { body } = await getJourney(second, id, tokens.viewer);
			expect(body.painPoints.map((p: { id: string }) => p.id)).toEqual(['alleen-online']);
		} finally {
			await first?.stop();
			await second?.stop();
		}
	});

	it('is controlled by the facilitator alone: a participant writing its fields is closed with 4403 and nothing is kept', async () => {
		const { id, tokens } = await createJourney(server, fixture);
		const trainer = client(id, tokens.facilitator);
		const participant = client(id, tokens.editor);
		const other = client(id, tokens.editor);
		await Promise.all([synced(trainer), synced(participant), synced(other)]);
		startSession(trainer.doc, { id: 'sessie-2', stepId: 'zoeken', now: 1_000 });
		await eventually(() => readSession(participant.doc).session?.stepId === 'zoeken', 5000, 'the session');

		// Findings and votes are the participants' own: those go through.
		addFinding(participant.doc, {
			id: 'f1',
			stepId: 'zoeken',
			principle: 'knowledge',
			text: 'De website noemt de kosten niet',
			authorId: 'voter-participant'
		});
		expect(castVote(participant.doc, 'voter-participant', 'f1', 1)).toBe(true);
		await eventually(() => !!readSession(other.doc).session?.votes['voter-participant'], 5000, 'the vote');

		// Moving everyone on is the trainer's: the server closes the participant and keeps nothing.
		const closed = new Promise<{ code: number; reason: string }>((resolve) =>
			participant.provider.on('connection-close', (event: CloseEvent | null) => {
				if (event) resolve({ code: event.code, reason: event.reason });
			})
		);
		goToStep(participant.doc, 'afspraak');
		expect(await closed).toMatchObject({ code: 4403, reason: /begeleider/ });

		// The others carry on with the trainer's session, and a newcomer gets the trainer's step.
		startTimer(trainer.doc, 60, 2_000);
		await eventually(() => readSession(other.doc).session?.timerEndsAt === 62_000, 5000, 'the timer');
		const newcomer = client(id, tokens.viewer);
		await synced(newcomer);
		expect(readSession(newcomer.doc).session).toMatchObject({
			stepId: 'zoeken',
			findings: [{ id: 'f1' }],
			votes: { 'voter-participant': { f1: 1 } }
		});
		expect(readSession(other.doc).session?.stepId).toBe('zoeken');
	});
});
