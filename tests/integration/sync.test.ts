import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { CloseCode } from '../../src/lib/sync/protocol';
import { connectClient, eventually, rawSocket, synced, type Client } from '../helpers/clients';
import { updateMessage } from '../helpers/raw-sync';
import {
	createJourney,
	getJourney,
	runServerExpectingExit,
	startServer,
	tempDataDir,
	type TestServer
} from '../helpers/server';

const fixture = JSON.parse(readFileSync('tests/fixtures/small-journey.json', 'utf8')) as Record<
	string,
	unknown
>;

let server: TestServer;
const clients: Client[] = [];

function client(id: string, token: string | undefined, s: TestServer = server) {
	const c = connectClient(s.wsUrl, id, token);
	clients.push(c);
	return c;
}

/** Adds a step the way a third-party program would: straight into the contract's layout. */
function addStep(doc: Y.Doc, id: string, title: string, extra: Record<string, unknown> = {}) {
	const step = new Y.Map<unknown>();
	for (const [k, v] of Object.entries({ id, title, stageId: 'orienteren', channelId: 'balie', ...extra }))
		step.set(k, v);
	doc.getMap('steps').set(id, step);
}

function stepTitles(doc: Y.Doc): string[] {
	return [...doc.getMap<Y.Map<unknown>>('steps').values()].map((s) => String(s.get('title'))).sort();
}

beforeAll(async () => {
	server = await startServer();
});
afterEach(() => {
	while (clients.length) clients.pop()!.destroy();
});
afterAll(async () => {
	await server?.stop();
});

describe('sync endpoint', () => {
	it('lets two official y-websocket clients converge', async () => {
		const { id, tokens } = await createJourney(server, fixture);
		const a = client(id, tokens.editor);
		const b = client(id, tokens.facilitator);
		await Promise.all([synced(a), synced(b)]);
		expect(a.doc.getMap('meta').get('title')).toBe(fixture.title);

		addStep(a.doc, 'van-a', 'Stap van A');
		addStep(b.doc, 'van-b', 'Stap van B');
		a.doc.getMap('meta').set('title', 'Nieuwe titel');
		await eventually(
			() => stepTitles(a.doc).length === 5 && stepTitles(b.doc).length === 5,
			5000,
			'both steps'
		);
		await eventually(() => b.doc.getMap('meta').get('title') === 'Nieuwe titel');
		expect(Y.encodeStateVector(a.doc)).toEqual(Y.encodeStateVector(b.doc));
		expect(a.doc.getMap('steps').toJSON()).toEqual(b.doc.getMap('steps').toJSON());

		const { body } = await getJourney(server, id, tokens.viewer);
		expect(body.title).toBe('Nieuwe titel');
		expect(body.steps.map((s: { id: string }) => s.id)).toEqual(expect.arrayContaining(['van-a', 'van-b']));
	});

	it('converges three clients editing the same note concurrently', async () => {
		const { id, tokens } = await createJourney(server, fixture);
		const cs = [client(id, tokens.editor), client(id, tokens.editor), client(id, tokens.editor)];
		await Promise.all(cs.map((c) => synced(c)));
		cs.forEach((c, i) => {
			const note = c.doc.getMap<Y.Map<unknown>>('steps').get('zoeken')!.get('note') as Y.XmlFragment;
			const p = new Y.XmlElement('paragraph');
			p.insert(0, [new Y.XmlText(`regel ${i}`)]);
			note.insert(note.length, [p]);
		});
		await eventually(
			() =>
				cs.every(
					(c) =>
						(c.doc.getMap<Y.Map<unknown>>('steps').get('zoeken')!.get('note') as Y.XmlFragment).length === 4
				),
			5000,
			'all paragraphs'
		);
		const notes = cs.map((c) =>
			(c.doc.getMap<Y.Map<unknown>>('steps').get('zoeken')!.get('note') as Y.XmlFragment).toString()
		);
		expect(new Set(notes).size).toBe(1);
		const { body } = await getJourney(server, id, tokens.editor);
		const note = body.steps.find((s: { id: string }) => s.id === 'zoeken').note as string;
		expect(note.split('\n').sort()).toEqual(['Kleinzoon zoekt het op.', 'regel 0', 'regel 1', 'regel 2']);
	});

	it('drops the document updates of a viewer, but lets it read and be seen', async () => {
		const { id, tokens } = await createJourney(server, fixture);
		const editor = client(id, tokens.editor);
		const viewer = client(id, tokens.viewer);
		await Promise.all([synced(editor), synced(viewer)]);

		addStep(viewer.doc, 'van-kijker', 'Mag niet');
		viewer.provider.awareness.setLocalStateField('user', { name: 'Kijker' });
		addStep(editor.doc, 'van-editor', 'Mag wel');
		await eventually(() => stepTitles(viewer.doc).includes('Mag wel'), 5000, 'editor step at viewer');
		await eventually(
			() => [...editor.provider.awareness.getStates().values()].some((s) => s.user?.name === 'Kijker'),
			5000,
			'viewer awareness'
		);
		// Give a dropped update every chance to have arrived.
		await new Promise((r) => setTimeout(r, 300));
		expect(stepTitles(editor.doc)).not.toContain('Mag niet');
		const { body } = await getJourney(server, id, tokens.facilitator);
		expect(body.steps.map((s: { id: string }) => s.id)).not.toContain('van-kijker');

		// A late joiner gets the stored document, without the viewer's step.
		const late = client(id, tokens.editor);
		await synced(late);
		expect(stepTitles(late.doc)).toContain('Mag wel');
		expect(stepTitles(late.doc)).not.toContain('Mag niet');
	});

	it('refuses a socket without a token with 4401 and one with a wrong token with 4403, before any data', async () => {
		const { id } = await createJourney(server, fixture);
		const none = await rawSocket(`${server.wsUrl}/${id}`);
		expect(none).toMatchObject({ code: CloseCode.Unauthenticated, messages: 0 });
		const wrong = await rawSocket(`${server.wsUrl}/${id}?token=verkeerd`);
		expect(wrong).toMatchObject({ code: CloseCode.Forbidden, messages: 0 });
		const unknown = await rawSocket(`${server.wsUrl}/bestaatniet?token=verkeerd`);
		expect(unknown).toMatchObject({ code: CloseCode.Forbidden, messages: 0 });
	});

	it('makes the official client stop reconnecting after a refusal', async () => {
		const { id } = await createJourney(server, fixture);
		const c = client(id, undefined);
		const closed = await new Promise<{ code: number }>((resolve) => c.provider.once('closed', resolve));
		expect(closed.code).toBe(CloseCode.Unauthenticated);
		expect(c.provider.shouldConnect).toBe(false);
		expect(c.doc.getMap('meta').size).toBe(0);
	});

	it("keeps a foreign client's bad entries out of the snapshot, and the good ones in", async () => {
		const { id, tokens } = await createJourney(server, fixture);
		const foreign = client(id, tokens.editor);
		await synced(foreign);
		addStep(foreign.doc, 'goed', 'Minimale stap');
		addStep(foreign.doc, 'kapot', 'Kapotte stap', { demands: { plan: 'veel' } });
		addStep(foreign.doc, 'los', 'Losse stap', { stageId: 'bestaat-niet' });
		const pain = new Y.Map<unknown>();
		for (const [k, v] of Object.entries({
			id: 'pp-x',
			stepId: 'zoeken',
			principles: ['glimlachen'],
			severity: 2
		}))
			pain.set(k, v);
		foreign.doc.getMap('painPoints').set('pp-x', pain);
		foreign.doc.getMap('tickets').set('t-x', new Y.Map());

		await eventually(
			async () => {
				const { body } = await getJourney(server, id, tokens.viewer);
				return body.steps?.some((s: { id: string }) => s.id === 'goed');
			},
			5000,
			'the good step in the snapshot'
		);
		const { status, body } = await getJourney(server, id, tokens.viewer);
		expect(status).toBe(200);
		const ids = body.steps.map((s: { id: string }) => s.id);
		expect(ids).toContain('goed');
		expect(ids).not.toContain('kapot');
		expect(ids).not.toContain('los');
		expect(body.painPoints.map((p: { id: string }) => p.id)).toEqual(['alleen-online']);
		expect(body.tickets.map((t: { id: string }) => t.id)).toEqual(['bel-afspraak']);
		expect(body.steps.find((s: { id: string }) => s.id === 'goed')).toMatchObject({
			note: '',
			demands: { plan: 0, act: 0, persevere: 0, cope: 0 },
			emotions: {}
		});
	});

	it('closes a socket that sends garbage, and the room carries on', async () => {
		const { id, tokens } = await createJourney(server, fixture);
		const honest = client(id, tokens.editor);
		await synced(honest);
		const { default: WebSocket } = await import('ws');
		const code = await new Promise<number>((resolve) => {
			const ws = new WebSocket(`${server.wsUrl}/${id}?token=${tokens.editor}`);
			ws.on('open', () => ws.send(Buffer.from([0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2, 3])));
			ws.on('close', (c) => resolve(c));
		});
		expect(code).toBe(CloseCode.InvalidMessage);
		addStep(honest.doc, 'na-rommel', 'Na de rommel');
		await eventually(
			async () => (await getJourney(server, id, tokens.viewer)).body.steps.length === 4,
			5000,
			'edit after garbage'
		);
	});
});

describe('broadcast frames', () => {
	/**
	 * A raw socket on the journey that keeps every document update frame it is
	 * sent, and a doc with the journey as it was when the socket opened (asked
	 * for with sync step 1), whose own edits are kept in `updates`.
	 */
	async function rawPeer(id: string, token: string, clientID: number) {
		const { default: WebSocket } = await import('ws');
		const ws = new WebSocket(`${server.wsUrl}/${id}?token=${token}`);
		const frames: Buffer[] = [];
		const doc = new Y.Doc();
		doc.clientID = clientID;
		let loaded = false;
		ws.on('message', (data: Buffer) => {
			if (data[0] === 0 && data[1] === 2) frames.push(Buffer.from(data));
			if (data[0] === 0 && data[1] === 1) {
				Y.applyUpdate(doc, updateOf(data));
				loaded = true;
			}
		});
		await new Promise<void>((resolve, reject) => {
			ws.once('open', () => resolve());
			ws.once('error', reject);
		});
		ws.send(
			Buffer.from(
				encoding.encode((e) => {
					encoding.writeVarUint(e, 0);
					encoding.writeVarUint(e, 0);
					encoding.writeVarUint8Array(e, Y.encodeStateVector(new Y.Doc()));
				})
			)
		);
		await eventually(async () => loaded, 5000, 'sync step 2');
		const updates: Uint8Array[] = [];
		doc.on('update', (u: Uint8Array) => updates.push(u));
		return { ws, frames, doc, updates };
	}

	/** A y-websocket update frame, with `trailing` bytes after it. */
	const frame = (update: Uint8Array, trailing: number[] = []) =>
		Buffer.concat([updateMessage(update), Buffer.from(trailing)]);
	/** The update in an update frame. */
	function updateOf(message: Uint8Array): Uint8Array {
		const decoder = decoding.createDecoder(message);
		decoding.readVarUint(decoder);
		decoding.readVarUint(decoder);
		return decoding.readVarUint8Array(decoder);
	}

	/** A new journey with a reader and a writer on raw sockets; the writer's first edit has reached the reader. */
	async function firstEdit(writerId: number) {
		const { id, tokens } = await createJourney(server, fixture);
		const reader = await rawPeer(id, tokens.viewer, writerId + 1);
		const w = await rawPeer(id, tokens.editor, writerId);
		w.doc.getMap('meta').set('title', 'Eerste titel');
		w.ws.send(frame(w.updates[0]));
		await eventually(async () => reader.frames.length === 1, 5000, 'first frame');
		return { id, tokens, reader, w, sender: w };
	}

	it("passes a writer's update frame on byte for byte, and one with bytes after the update or a long header as ours", async () => {
		const { id, tokens, reader, w, sender } = await firstEdit(424242);
		expect(reader.frames[0].equals(frame(w.updates[0]))).toBe(true);

		// Bytes after the update are no part of it: the others get the update alone.
		w.doc.getMap('meta').set('title', 'Tweede titel');
		sender.ws.send(frame(w.updates[1], [0xde, 0xad, 0xbe, 0xef]));
		await eventually(async () => reader.frames.length === 2, 5000, 'second frame');
		expect(reader.frames[1].equals(frame(w.updates[1]))).toBe(true);
		expect((await getJourney(server, id, tokens.viewer)).body.title).toBe('Tweede titel');

		// A header written longer than it needs (lib0 reads 0x80 0x00 as 0): the others get ours.
		w.doc.getMap('meta').set('title', 'Derde titel');
		const own = frame(w.updates[2]);
		sender.ws.send(Buffer.concat([Buffer.from([0x80, 0x00]), own.subarray(1)]));
		await eventually(async () => reader.frames.length === 3, 5000, 'third frame');
		expect(reader.frames[2].equals(own)).toBe(true);
		// The writer does not get its own updates back.
		expect(sender.frames).toHaveLength(0);
		reader.ws.close();
		sender.ws.close();
	});

	it('sends the others only what is new when an update repeats a part the room holds', async () => {
		const { reader, w, sender } = await firstEdit(434343);
		w.doc.getMap('meta').set('title', 'Tweede titel');
		// Both edits in one update: the room knows the first, so what it stores and sends is the second.
		const both = Y.mergeUpdates(w.updates);
		sender.ws.send(frame(both));
		await eventually(async () => reader.frames.length === 2, 5000, 'second frame');
		expect(reader.frames[1].equals(frame(both))).toBe(false);
		// The reader's doc had the first edit; the second frame brings it the second.
		Y.applyUpdate(reader.doc, updateOf(reader.frames[0]));
		expect(reader.doc.getMap('meta').get('title')).toBe('Eerste titel');
		Y.applyUpdate(reader.doc, updateOf(reader.frames[1]));
		expect(reader.doc.getMap('meta').get('title')).toBe('Tweede titel');
		expect(updateOf(reader.frames[1]).byteLength).toBeLessThan(both.byteLength);
		reader.ws.close();
		sender.ws.close();
	});
});

describe('persistence', () => {
	it('keeps journeys, tokens and edits across a restart', async () => {
		const dataDir = tempDataDir();
		const first = await startServer({ dataDir });
		const { id, tokens } = await createJourney(first, fixture);
		const a = client(id, tokens.editor, first);
		await synced(a);
		addStep(a.doc, 'blijft', 'Blijft bewaard');
		await eventually(async () => (await getJourney(first, id, tokens.viewer)).body.steps.length === 4);
		a.destroy();
		expect(await first.stop()).toBe(0);

		const second = await startServer({ dataDir });
		try {
			const { status, body } = await getJourney(second, id, tokens.viewer);
			expect(status).toBe(200);
			expect(body.steps.map((s: { id: string }) => s.id)).toContain('blijft');
			const b = client(id, tokens.editor, second);
			await synced(b);
			expect(stepTitles(b.doc)).toContain('Blijft bewaard');
			expect((await fetch(`${second.url}/api/personas`).then((r) => r.json())).length).toBeGreaterThanOrEqual(
				8
			);
		} finally {
			await second.stop();
		}
	});

	it('keeps an edit another client has seen when the server is killed with SIGKILL', async () => {
		const dataDir = tempDataDir();
		const first = await startServer({ dataDir });
		const { id, tokens } = await createJourney(first, fixture);
		const a = client(id, tokens.editor, first);
		const b = client(id, tokens.editor, first);
		await Promise.all([synced(a), synced(b)]);
		addStep(a.doc, 'gezien', 'Door B gezien');
		await eventually(() => stepTitles(b.doc).includes('Door B gezien'), 5000, 'B sees the edit');
		await first.kill();

		const second = await startServer({ dataDir });
		try {
			const { body } = await getJourney(second, id, tokens.viewer);
			expect(body.steps.map((s: { id: string }) => s.id)).toContain('gezien');
		} finally {
			await second.stop();
		}
	});

	it('refuses to start on an unreadable database instead of starting empty', async () => {
		const dataDir = tempDataDir();
		writeFileSync(join(dataDir, 'klantreis.sqlite'), 'dit is geen database '.repeat(500));
		const { code, output } = await runServerExpectingExit(dataDir);
		expect(code).not.toBe(0);
		expect(output).toMatch(/onleesbaar of beschadigd/);
	});
});
