import { readFileSync } from 'node:fs';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Journey } from '../../src/lib/model';
import { connectClient, eventually, synced, type Client } from '../helpers/clients';
import {
	awarenessMessage,
	awarenessUpdate,
	healthLatencies,
	hugeStructCountUpdate,
	openRaw,
	prng,
	updateMessage
} from '../helpers/raw-sync';
import { createJourney, getJourney, startServer, type TestServer } from '../helpers/server';

const fixture = JSON.parse(readFileSync('tests/fixtures/small-journey.json', 'utf8')) as Record<
	string,
	unknown
>;

/** Replays a failure: FUZZ_SEED=<n> npx vitest run --project integration tests/integration/fuzz.test.ts */
const SEED = Number(process.env.FUZZ_SEED ?? 20_240_611);
const MAX_MESSAGES = 4000;
const MAX_MS = 12_000;

let server: TestServer;

beforeAll(async () => {
	// Rate limits up, so the fuzzer reaches the decoder instead of the rate limiter.
	server = await startServer({
		env: {
			MAX_MESSAGES_PER_SECOND: '100000',
			MAX_BYTES_PER_SECOND: '100000000',
			MAX_CONNECTIONS_PER_ADDRESS: '100000'
		}
	});
});
afterAll(async () => {
	await server?.stop();
});

/** Well-formed messages an honest client could send, as material to mutate. */
function honestMessages(state: Uint8Array): Uint8Array[] {
	const doc = new Y.Doc();
	Y.applyUpdate(doc, state);
	doc.clientID = 777;
	const out: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => out.push(updateMessage(u)));
	const steps = doc.getMap<Y.Map<unknown>>('steps');
	const step = new Y.Map<unknown>();
	for (const [k, v] of Object.entries({ id: 'f1', title: 'Fuzz', stageId: 'orienteren', channelId: 'balie' }))
		step.set(k, v);
	steps.set('f1', step);
	step.set('title', 'Fuzz 2');
	doc.getMap('meta').set('title', 'Titel van de fuzzer');
	const note = steps.get('zoeken')?.get('note');
	if (note instanceof Y.XmlFragment) {
		const p = new Y.XmlElement('paragraph');
		p.insert(0, [new Y.XmlText('tekst')]);
		note.insert(0, [p]);
	}
	doc.getArray('stages').delete(0, 1);
	steps.delete('f1');
	out.push(awarenessMessage(awarenessUpdate(777, 1, { user: { name: 'Fuzz', color: '#000' } })));
	out.push(
		(() => {
			const e = encoding.createEncoder();
			encoding.writeVarUint(e, 0);
			encoding.writeVarUint(e, 0);
			encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
			return encoding.toUint8Array(e);
		})()
	);
	out.push(new Uint8Array([3]));
	doc.destroy();
	return out;
}

const BIG = [0x7f, 0x80, 0x3fff, 0xfffffff, 2 ** 30, 2 ** 31, 2 ** 40, 2 ** 53 - 1];

/** A Yjs update built field by field with random, often absurd, values. */
function craftedUpdate(rnd: () => number, clients: number[]): Uint8Array {
	const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)];
	const num = () => (rnd() < 0.6 ? Math.floor(rnd() * 20) : pick(BIG));
	const client = () => (rnd() < 0.7 ? pick(clients) : Math.floor(rnd() * 2 ** 32));
	const keys = ['meta', 'steps', 'stages', 'painPoints', 'tickets', 'title', 'note', ''];
	const e = encoding.createEncoder();
	const blocks = 1 + Math.floor(rnd() * 2);
	encoding.writeVarUint(e, blocks);
	for (let b = 0; b < blocks; b++) {
		const n = 1 + Math.floor(rnd() * 4);
		encoding.writeVarUint(e, n);
		encoding.writeVarUint(e, client());
		encoding.writeVarUint(e, num());
		for (let i = 0; i < n; i++) {
			const kind = pick([0, 10, 1, 2, 4, 6, 7, 8, 8, 4]);
			if (kind === 0 || kind === 10) {
				encoding.writeUint8(e, kind);
				encoding.writeVarUint(e, num());
				continue;
			}
			const origin = rnd() < 0.5;
			const right = rnd() < 0.3;
			const sub = !origin && !right && rnd() < 0.5;
			encoding.writeUint8(e, kind | (origin ? 0x80 : 0) | (right ? 0x40 : 0) | (sub ? 0x20 : 0));
			const writeId = () => {
				encoding.writeVarUint(e, client());
				encoding.writeVarUint(e, num());
			};
			if (origin) writeId();
			if (right) writeId();
			if (!origin && !right) {
				const named = rnd() < 0.7;
				encoding.writeVarUint(e, named ? 1 : 0);
				if (named) encoding.writeVarString(e, pick(keys));
				else writeId();
				if (sub) encoding.writeVarString(e, pick(keys));
			}
			if (kind === 1) encoding.writeVarUint(e, num());
			else if (kind === 2) {
				encoding.writeVarUint(e, 1);
				encoding.writeVarString(e, pick(['1', '{}', 'x']));
			} else if (kind === 4) encoding.writeVarString(e, pick(['a', 'stap', '\u{1F600}']));
			else if (kind === 6) {
				encoding.writeVarString(e, 'bold');
				encoding.writeVarString(e, 'true');
			} else if (kind === 7) encoding.writeVarUint(e, Math.floor(rnd() * 9));
			else if (kind === 8) {
				encoding.writeVarUint(e, 1);
				encoding.writeAny(e, pick([1, 'x', null, { a: [1, 2] }, [], true]));
			}
		}
	}
	const ds = Math.floor(rnd() * 2);
	encoding.writeVarUint(e, ds);
	for (let d = 0; d < ds; d++) {
		encoding.writeVarUint(e, client());
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint(e, num());
		encoding.writeVarUint(e, num());
	}
	return encoding.toUint8Array(e);
}

function mutate(rnd: () => number, source: Uint8Array): Uint8Array {
	const bytes = [...source];
	const edits = 1 + Math.floor(rnd() * 3);
	for (let i = 0; i < edits && bytes.length > 0; i++) {
		const at = Math.floor(rnd() * bytes.length);
		const r = rnd();
		if (r < 0.3) bytes[at] ^= 1 << Math.floor(rnd() * 8);
		else if (r < 0.5) bytes[at] = Math.floor(rnd() * 256);
		else if (r < 0.7) {
			const e = encoding.createEncoder();
			encoding.writeVarUint(e, BIG[Math.floor(rnd() * BIG.length)]);
			bytes.splice(at, 1, ...encoding.toUint8Array(e));
		} else if (r < 0.85) bytes.length = at;
		else bytes.splice(at, 0, ...bytes.slice(at, at + 8));
	}
	return new Uint8Array(bytes);
}

describe('fuzzing the sync endpoint', () => {
	it(`survives thousands of random and mutated messages (seed ${SEED})`, async () => {
		const { id, tokens } = await createJourney(server, fixture);
		const a: Client = connectClient(server.wsUrl, id, tokens.editor);
		const b: Client = connectClient(server.wsUrl, id, tokens.facilitator);
		try {
			await Promise.all([synced(a), synced(b)]);
			const seeds = honestMessages(Y.encodeStateAsUpdate(a.doc));
			const clients = [...a.doc.store.clients.keys(), 777];
			const rnd = prng(SEED);

			function next(): Uint8Array | string {
				const r = rnd();
				if (r < 0.15)
					return new Uint8Array(Array.from({ length: 1 + Math.floor(rnd() * 64) }, () => rnd() * 256));
				if (r < 0.5) return mutate(rnd, seeds[Math.floor(rnd() * seeds.length)]);
				if (r < 0.75) return updateMessage(craftedUpdate(rnd, clients));
				if (r < 0.8) return new Uint8Array([4 + Math.floor(rnd() * 250), 0, 1, 2]);
				if (r < 0.83) return 'geen binair bericht';
				if (r < 0.86) return updateMessage(hugeStructCountUpdate());
				return seeds[Math.floor(rnd() * seeds.length)];
			}

			const start = Date.now();
			let sent = 0;
			let sockets = 0;
			const fuzz = (async () => {
				while (sent < MAX_MESSAGES && Date.now() - start < MAX_MS) {
					const raw = openRaw(`${server.wsUrl}/${id}?token=${rnd() < 0.8 ? tokens.editor : tokens.viewer}`);
					sockets++;
					try {
						await raw.opened;
					} catch {
						continue;
					}
					for (let i = 0; i < 25 && raw.isOpen(); i++) {
						raw.send(next());
						sent++;
					}
					await Promise.race([raw.closed, new Promise((r) => setTimeout(r, 20))]);
					raw.ws.terminate();
				}
			})();
			// Honest clients keep working while it runs.
			const yMap = (entries: Record<string, unknown>) => {
				const map = new Y.Map<unknown>();
				for (const [k, v] of Object.entries(entries)) map.set(k, v);
				return map;
			};
			const addStep = (
				c: Client,
				stepId: string,
				title: string,
				stageId = 'orienteren',
				channelId = 'balie'
			) => c.doc.getMap('steps').set(stepId, yMap({ id: stepId, title, stageId, channelId }));
			addStep(a, 'tijdens-fuzz', 'Tijdens het fuzzen');
			const latencies = await healthLatencies(server.url, 20, 150);
			await fuzz;
			expect(sent).toBeGreaterThanOrEqual(1000);
			expect(sockets).toBeGreaterThan(10);
			// A generous bound, over every sample: no single client may stall the server.
			expect(Math.max(...latencies)).toBeLessThan(1000);

			// The fuzzer may have deleted any stage or channel (an editor may): reference fresh ones.
			a.doc.getArray('stages').push([yMap({ id: 'na-fase', name: 'Na het fuzzen' })]);
			a.doc.getArray('channels').push([yMap({ id: 'na-kanaal', name: 'Balie', kind: 'balie' })]);
			addStep(a, 'na-fuzz-a', 'Na het fuzzen (A)', 'na-fase', 'na-kanaal');
			addStep(b, 'na-fuzz-b', 'Na het fuzzen (B)', 'na-fase', 'na-kanaal');
			await eventually(
				() =>
					['tijdens-fuzz', 'na-fuzz-a', 'na-fuzz-b'].every(
						(s) => a.doc.getMap('steps').has(s) && b.doc.getMap('steps').has(s)
					),
				10_000,
				'honest clients converge'
			);
			await eventually(
				() => Buffer.from(Y.encodeStateVector(a.doc)).equals(Buffer.from(Y.encodeStateVector(b.doc))),
				5000,
				'equal state vectors'
			);
			expect(a.doc.getMap('steps').toJSON()).toEqual(b.doc.getMap('steps').toJSON());

			const health = await fetch(`${server.url}/api/health`);
			expect(health.status).toBe(200);
			const { status, body } = await getJourney(server, id, tokens.viewer);
			expect(status).toBe(200);
			const parsed = Journey.safeParse(body);
			expect(parsed.success).toBe(true);
			expect(body.steps.map((s: { id: string }) => s.id)).toEqual(
				expect.arrayContaining(['na-fuzz-a', 'na-fuzz-b'])
			);
			// Offending sockets were closed with a named code and a log line; nothing crashed.
			const log = server.output();
			for (const reason of [/Yjs-update/, /onbekend berichttype/, /tekstbericht/, /gesloten \(4400\)/]) {
				expect(log).toMatch(reason);
			}
			expect(log).not.toMatch(/Uncaught|ERR_UNHANDLED|unhandled/i);
		} finally {
			a.destroy();
			b.destroy();
		}
	});
});
