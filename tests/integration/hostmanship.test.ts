import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { SESSION_KEYS } from '../../src/lib/sync/doc-layout';
import { MessageType } from '../../src/lib/sync/protocol';
import {
	addFinding,
	castVote,
	goToStep,
	readSession,
	setRevealed,
	startSession,
	startTimer
} from '../../src/lib/sync/trainer-session';
import { connectClient, eventually, synced, type Client } from '../helpers/clients';
import { openRaw } from '../helpers/raw-sync';
import { connectSessionClient, type SessionClient } from '../helpers/session-client';
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

/** A client with the trainer session doc on its socket, synced on both documents. */
async function sessionClient(id: string, token: string, s: TestServer = server): Promise<SessionClient> {
	const c = connectSessionClient(s.wsUrl, id, token);
	clients.push(c);
	await Promise.all([synced(c), c.sessionSynced()]);
	return c;
}

/** A frame for the session doc (MessageType.SessionDoc) around a sync message. */
function sessionFrame(write: (e: encoding.Encoder) => void): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, MessageType.SessionDoc);
	write(e);
	return encoding.toUint8Array(e);
}

/** A Yjs update (v1) with no structs and one delete range of `client`'s clocks. */
function deleteRange(client: number, clock: number, len: number): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 0);
	encoding.writeVarUint(e, 1);
	encoding.writeVarUint(e, client);
	encoding.writeVarUint(e, 1);
	encoding.writeVarUint(e, clock);
	encoding.writeVarUint(e, len);
	return encoding.toUint8Array(e);
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
	it('is shared live through its two documents on one socket and survives a server restart', async () => {
		const dataDir = tempDataDir();
		let first: TestServer | null = await startServer({ dataDir });
		let second: TestServer | null = null;
		try {
			const { id, tokens } = await createJourney(first, fixture);
			const trainer = await sessionClient(id, tokens.facilitator, first);
			const participant = await sessionClient(id, tokens.editor, first);

			startSession(trainer.docs, { id: 'sessie-1', stepId: 'zoeken', voteBudget: 2, now: 1_000 });
			goToStep(trainer.session, 'afspraak');
			startTimer(trainer.session, 120, 2_000);
			await eventually(() => readSession(participant.docs).session?.stepId === 'afspraak', 5000, 'follow');
			addFinding(participant.doc, {
				id: 'f1',
				stepId: 'afspraak',
				principle: 'dialogue',
				text: 'Bevestiging is onduidelijk',
				authorId: 'voter-participant'
			});
			await eventually(() => readSession(trainer.docs).session?.findings.length === 1, 5000, 'the finding');
			expect(castVote(trainer.docs, 'voter-trainer01', 'f1', 1)).toBe(true);
			await eventually(
				() => !!readSession(participant.docs).session?.votes['voter-trainer01'],
				5000,
				'the vote'
			);
			const before = readSession(participant.docs).session;

			for (const c of clients.splice(0)) c.destroy();
			await first.stop();
			first = null;
			second = await startServer({ dataDir });
			const again = await sessionClient(id, tokens.viewer, second);
			const { session, problems } = readSession(again.docs);
			expect(problems).toEqual([]);
			expect(session).toEqual(before);
			expect(session).toMatchObject({
				stepId: 'afspraak',
				timerEndsAt: 122_000,
				votes: { 'voter-trainer01': { f1: 1 } }
			});
			// The trainer's part is not in the journey doc at all.
			expect(again.doc.getMap('session').get('stepId')).toBeUndefined();
			// The session lives beside the contract's keys: the journey snapshot is unchanged by it.
			const { body } = await getJourney(second, id, tokens.viewer);
			expect(body.painPoints.map((p: { id: string }) => p.id)).toEqual(['alleen-online']);
		} finally {
			await first?.stop();
			await second?.stop();
		}
	});

	it("drops a participant's controls without closing them; their findings and votes go through", async () => {
		const { id, tokens } = await createJourney(server, fixture);
		const trainer = await sessionClient(id, tokens.facilitator);
		const participant = await sessionClient(id, tokens.editor);
		const other = await sessionClient(id, tokens.editor);
		startSession(trainer.docs, { id: 'sessie-2', stepId: 'zoeken', now: 1_000 });
		await eventually(() => readSession(participant.docs).session?.stepId === 'zoeken', 5000, 'the session');
		let closed = false;
		participant.provider.on('connection-close', () => (closed = true));

		// Moving everyone on is the trainer's: the server keeps nothing of it, and says nothing.
		goToStep(participant.session, 'afspraak');
		setRevealed(participant.session, true);

		// Findings and votes are the participants' own: those go through, on the same socket.
		addFinding(participant.doc, {
			id: 'f1',
			stepId: 'zoeken',
			principle: 'knowledge',
			text: 'De website noemt de kosten niet',
			authorId: 'voter-participant'
		});
		await eventually(() => readSession(other.docs).session?.findings.length === 1, 5000, 'the finding');
		setRevealed(trainer.session, true);
		await eventually(() => readSession(participant.docs).session?.revealed === true, 5000, 'the reveal');
		startTimer(trainer.session, 60, 2_000);
		await eventually(() => readSession(participant.docs).session?.timerEndsAt === 62_000, 5000, 'the timer');
		expect(castVote(participant.docs, 'voter-participant', 'f1', 1)).toBe(true);
		await eventually(() => !!readSession(other.docs).session?.votes['voter-participant'], 5000, 'the vote');

		const newcomer = await sessionClient(id, tokens.viewer);
		expect(readSession(newcomer.docs).session).toMatchObject({
			stepId: 'zoeken',
			findings: [{ id: 'f1' }],
			votes: { 'voter-participant': { f1: 1 } }
		});
		expect(readSession(other.docs).session?.stepId).toBe('zoeken');
		expect(closed).toBe(false);
		expect(participant.provider.wsconnected).toBe(true);
	});

	it("refuses both crafted attacks on the trainer's part: a pending item after the trainer's next id, and a delete set over the trainer's future clocks", async () => {
		const { id, tokens } = await createJourney(server, fixture);
		const trainer = await sessionClient(id, tokens.facilitator);
		const watcher = await sessionClient(id, tokens.editor);
		const plain = client(id, tokens.editor);
		await synced(plain);
		startSession(trainer.docs, { id: 'sessie-3', stepId: 'zoeken', now: 1_000 });
		await eventually(() => readSession(watcher.docs).session?.stepId === 'zoeken', 5000, 'the session');

		// (a) An item whose left neighbour is the trainer's *next* item: made on a copy that plays the
		// trainer's next change, then cut down to the attacker's own item (about 40 bytes).
		const future = new Y.Doc();
		Y.applyUpdate(future, Y.encodeStateAsUpdate(trainer.session));
		// (After the state: Yjs takes a new id when an update brings its own.)
		future.clientID = trainer.session.clientID;
		goToStep(future, 'ophalen');
		const attacker = new Y.Doc();
		Y.applyUpdate(attacker, Y.encodeStateAsUpdate(future));
		attacker.getMap('session').set('stepId', 'afspraak');
		const pending = Y.encodeStateAsUpdate(attacker, Y.encodeStateVector(future));
		// (b) A delete set over the trainer's next 1000 clocks (11 bytes).
		const next = Y.getState(trainer.session.store, trainer.session.clientID);
		const deletes = deleteRange(trainer.session.clientID, next, 1000);

		// Both do what they claim on a doc that takes them (what the server did before the session doc).
		const naive = new Y.Doc();
		Y.applyUpdate(naive, Y.encodeStateAsUpdate(trainer.session));
		Y.applyUpdate(naive, pending);
		Y.applyUpdate(naive, Y.encodeStateAsUpdate(future, Y.encodeStateVector(trainer.session)));
		expect(naive.getMap('session').get('stepId')).toBe('afspraak');
		Y.applyUpdate(naive, deletes);
		setRevealed(future, true);
		Y.applyUpdate(naive, Y.encodeStateAsUpdate(future));
		expect(naive.getMap('session').get('revealed')).toBeUndefined();

		const raw = openRaw(`${server.wsUrl}/${id}?token=${tokens.editor}`);
		await raw.opened;
		raw.send(sessionFrame((e) => syncProtocol.writeSyncStep1(e, new Y.Doc())));
		for (const update of [pending, deletes]) {
			raw.send(sessionFrame((e) => syncProtocol.writeUpdate(e, update)));
			// The same bytes on the journey doc reach nothing of the trainer's either.
			raw.send(
				(() => {
					const e = encoding.createEncoder();
					encoding.writeVarUint(e, MessageType.Sync);
					syncProtocol.writeUpdate(e, update);
					return encoding.toUint8Array(e);
				})()
			);
		}

		// The trainer moves on and reveals: everyone sees the trainer's step and the reveal.
		goToStep(trainer.session, 'ophalen');
		setRevealed(trainer.session, true);
		await eventually(() => readSession(watcher.docs).session?.revealed === true, 5000, 'the reveal');
		const late = await sessionClient(id, tokens.viewer);
		for (const c of [watcher, late, trainer]) {
			expect(readSession(c.docs).session).toMatchObject({ stepId: 'ophalen', revealed: true });
		}
		// The attacker's socket is still open; a participant's controls are dropped, not punished.
		expect(raw.isOpen()).toBe(true);
		raw.ws.close();

		// An official y-websocket client on the journey doc alone still works unchanged.
		addFinding(plain.doc, {
			id: 'f-plain',
			stepId: 'ophalen',
			principle: 'serve',
			text: 'Gewoon een bevinding'
		});
		await eventually(
			() => readSession(trainer.docs).session?.findings.length === 1,
			5000,
			'the plain finding'
		);
		expect(plain.provider.wsconnected).toBe(true);
	});

	it("moves an older journey's session fields into the session doc once, when the session room loads", async () => {
		const { id, tokens } = await createJourney(server, fixture);
		// An older server kept every field in the journey doc's `session` map.
		const older = client(id, tokens.facilitator);
		await synced(older);
		const shared = older.doc.getMap<unknown>('session');
		older.doc.transact(() => {
			for (const [k, v] of Object.entries({
				id: 'oud',
				status: 'running',
				startedAt: 1,
				stepId: 'afspraak',
				voteBudget: 3,
				revealed: true
			}))
				shared.set(k, v);
			const prompts = new Y.Map<unknown>();
			shared.set(SESSION_KEYS.prompts, prompts);
			prompts.set('afspraak/serve', 'Wie helpt hier?');
			shared.set('findings', new Y.Map());
			shared.set('votes', new Y.Map());
		});
		addFinding(older.doc, { id: 'f-oud', stepId: 'afspraak', principle: 'serve', text: 'Oude bevinding' });
		await new Promise((r) => setTimeout(r, 200));
		older.destroy();

		const viewer = await sessionClient(id, tokens.viewer);
		await eventually(() => readSession(viewer.docs).session !== null, 5000, 'the moved session');
		expect(readSession(viewer.docs).session).toMatchObject({
			id: 'oud',
			stepId: 'afspraak',
			revealed: true,
			voteBudget: 3,
			prompts: { 'afspraak/serve': 'Wie helpt hier?' },
			findings: [{ id: 'f-oud' }]
		});
		await eventually(
			() => viewer.doc.getMap('session').get('stepId') === undefined,
			5000,
			'the old fields gone'
		);
	});
});
