// A process full of official y-websocket clients, driven by the benchmark over IPC.
// Readers record when each edit arrives; writers make map edits or type into a note.
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { Journey } from '../../src/lib/model';
import { moveStep, noteFragment, writeJourney } from '../../src/lib/sync/journey-doc';
import { now, sleep } from './stats';
import { ORDER_BASE, type WorkerReply, type WorkerRequest } from './worker-protocol';

type Client = {
	room: string;
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Arrival time per sequence number. */
	times: number[];
};

type Writer = {
	room: string;
	doc: Y.Doc;
	provider: WebsocketProvider;
	stepIds: string[];
	stages: string[];
	channels: string[];
	text: Y.XmlText | null;
	times: number[];
};

// Every provider adds an exit listener; hundreds of clients per process are the point here.
process.setMaxListeners(0);

/** A raw-socket client: arrival times of the update messages, in order (the writer's edits). */
type RawClient = { room: string; ws: WebSocket; times: number[] };

const clients: Client[] = [];
const writers: Writer[] = [];
const raws: RawClient[] = [];

/** y-websocket sync step 1 with an empty state vector: "send me everything". */
const STEP1 = new Uint8Array([0, 0, 1, 0]);

/**
 * Opens a raw client. The phase's updates are the only document updates in
 * the room (one writer, one update per edit, broadcast in order), so the n-th
 * update message after a collect is edit n: counting frames is enough.
 */
function openRaw(wsUrl: string, room: string, token: string | undefined): Promise<RawClient> {
	const ws = new WebSocket(`${wsUrl}/${room}${token ? `?token=${encodeURIComponent(token)}` : ''}`);
	const client: RawClient = { room, ws, times: [] };
	let synced = false;
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('raw client did not sync')), 60_000);
		ws.on('open', () => ws.send(STEP1));
		ws.on('error', (e) => reject(e));
		ws.on('message', (data: Buffer) => {
			// [0, 2, ...]: a document update; [0, 1, ...]: the answer to our step 1.
			if (data[0] !== 0) return;
			if (data[1] === 2) client.times.push(now());
			else if (data[1] === 1 && !synced) {
				synced = true;
				clearTimeout(timer);
				resolve(client);
			}
		});
	});
}

async function connectRaw(request: Extract<WorkerRequest, { type: 'connect-raw' }>): Promise<void> {
	const pending: Promise<RawClient>[] = [];
	for (const { room, token, count } of request.rooms) {
		for (let i = 0; i < count; i++) {
			pending.push(openRaw(request.wsUrl, room, token));
			if (pending.length % request.batch === 0) await Promise.all(pending.slice(-request.batch));
		}
	}
	raws.push(...(await Promise.all(pending)));
}

function open(wsUrl: string, room: string, token: string | undefined) {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(wsUrl, room, doc, {
		params: token ? { token } : {},
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	return { doc, provider };
}

function synced(provider: WebsocketProvider, timeoutMs = 60_000): Promise<void> {
	if (provider.synced) return Promise.resolve();
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('client did not sync')), timeoutMs);
		provider.once('sync', () => {
			clearTimeout(timer);
			resolve();
		});
	});
}

/** Records arrivals: `order` changes (map edits) and note text growing by one character (typing). */
function observe(client: Client): void {
	client.doc.getMap('steps').observeDeep((events) => {
		const t = now();
		for (const event of events) {
			const target = event.target;
			if (target instanceof Y.XmlText) {
				const seq = target.length - 1;
				if (seq >= 0 && client.times[seq] === undefined) client.times[seq] = t;
			} else if (target instanceof Y.Map && event.keysChanged.has('order')) {
				const seq = Number(target.get('order')) - ORDER_BASE;
				if (seq >= 0 && client.times[seq] === undefined) client.times[seq] = t;
			}
		}
	});
}

function reply(message: WorkerReply): void {
	process.send!(message);
}

async function connect(request: Extract<WorkerRequest, { type: 'connect' }>): Promise<void> {
	const opened: Client[] = [];
	for (const { room, token, count } of request.rooms) {
		for (let i = 0; i < count; i++) {
			const client: Client = { room, ...open(request.wsUrl, room, token), times: [] };
			observe(client);
			opened.push(client);
			clients.push(client);
			// Connect in small batches, as a room fills up, not in one burst.
			if (opened.length % request.batch === 0)
				await Promise.all(opened.slice(-request.batch).map((c) => synced(c.provider)));
		}
	}
	await Promise.all(opened.map((c) => synced(c.provider)));
}

async function addWriters(request: Extract<WorkerRequest, { type: 'writers' }>): Promise<void> {
	await Promise.all(
		request.rooms.map(async ({ room, token, seed }) => {
			const { doc, provider } = open(request.wsUrl, room, token);
			await synced(provider);
			// The reference server starts empty: the writer brings the journey, as a first client would.
			if (seed) writeJourney(doc, Journey.parse(seed));
			const stepIds = [...doc.getMap('steps').keys()].sort();
			const stages = doc.getArray<Y.Map<unknown>>('stages').map((s) => String(s.get('id')));
			const channels = doc.getArray<Y.Map<unknown>>('channels').map((c) => String(c.get('id')));
			if (stepIds.length === 0) throw new Error(`room ${room} has no steps`);
			writers.push({ room, doc, provider, stepIds, stages, channels, text: null, times: [] });
		})
	);
}

/** Every writer starts a fresh paragraph in a step's note to type into. */
function prepareNote(): void {
	for (const w of writers) {
		const fragment = noteFragment(w.doc, w.stepIds[0])!;
		w.doc.transact(() => {
			const paragraph = new Y.XmlElement('paragraph');
			fragment.insert(fragment.length, [paragraph]);
			w.text = new Y.XmlText();
			paragraph.insert(0, [w.text]);
		});
	}
}

/** Each writer edits `rate` times per second for `durationMs`, the writers spread over the first interval. */
async function write(mode: 'map' | 'note', rate: number, durationMs: number): Promise<void> {
	const interval = 1000 / rate;
	const count = Math.floor((durationMs / 1000) * rate);
	await Promise.all(
		writers.map(async (w, index) => {
			w.times = [];
			await sleep((index / writers.length) * interval);
			const start = now();
			for (let seq = 0; seq < count; seq++) {
				const due = start + seq * interval;
				const wait = due - now();
				if (wait > 0) await sleep(wait);
				w.times[seq] = now();
				if (mode === 'map') {
					const stepId = w.stepIds[seq % w.stepIds.length];
					moveStep(w.doc, stepId, {
						stageId: w.stages[seq % w.stages.length],
						channelId: w.channels[(seq >> 1) % w.channels.length],
						order: ORDER_BASE + seq
					});
				} else {
					w.text!.insert(w.text!.length, String.fromCharCode(97 + (seq % 26)));
				}
			}
		})
	);
}

process.on('message', (request: WorkerRequest) => {
	const handle = async (): Promise<WorkerReply> => {
		switch (request.type) {
			case 'clock':
				return { type: 'clock', t: now() };
			case 'writers':
				await addWriters(request);
				return { type: 'ok' };
			case 'connect':
				await connect(request);
				return { type: 'ok' };
			case 'connect-raw':
				await connectRaw(request);
				return { type: 'ok' };
			case 'prepare-note':
				prepareNote();
				return { type: 'ok' };
			case 'write':
				await write(request.mode, request.rate, request.durationMs);
				return { type: 'ok' };
			case 'collect': {
				const result = {
					type: 'records' as const,
					writes: writers.map((w) => ({ room: w.room, times: [...w.times] })),
					arrivals: [...clients, ...raws].map((c) => ({ room: c.room, times: [...c.times] }))
				};
				for (const c of [...clients, ...raws]) c.times = [];
				return result;
			}
			case 'close':
				for (const c of [...clients, ...writers]) {
					c.provider.destroy();
					c.doc.destroy();
				}
				for (const r of raws) r.ws.terminate();
				clients.length = 0;
				writers.length = 0;
				raws.length = 0;
				return { type: 'ok' };
		}
	};
	handle().then(reply, (e: unknown) =>
		reply({ type: 'error', message: e instanceof Error ? e.message : String(e) })
	);
});
reply({ type: 'ready' });
