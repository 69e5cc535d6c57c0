// A process full of official y-websocket clients, driven by the benchmark over IPC.
// Readers record when each edit arrives; writers make map edits or type into a note.
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { Journey } from '../../src/lib/model';
import { moveStep, noteFragment, writeJourney } from '../../src/lib/sync/journey-doc';
import { now, sleep } from './stats';
import {
	ORDER_BASE,
	ORDER_PHASE,
	type Closed,
	type WorkerReply,
	type WorkerRequest
} from './worker-protocol';

type Client = {
	room: string;
	doc: Y.Doc;
	provider: WebsocketProvider;
	/** Arrival time per sequence number. */
	times: number[];
	/** Set when the benchmark closes it: its close is not reported. */
	closing: boolean;
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
	/** Doc updates its own edits made (not what came from the server): an edit that adds none changed nothing. */
	edits: number;
	closing: boolean;
};

// Every provider adds an exit listener; hundreds of clients per process are the point here.
process.setMaxListeners(0);

/** A raw-socket client: arrival times of the update messages, in order (the writer's edits). */
type RawClient = { room: string; ws: WebSocket; times: number[]; closing: boolean };

const clients: Client[] = [];
const writers: Writer[] = [];
const raws: RawClient[] = [];
/** Sockets the server closed after they synced, since the last collect: reported, never silent. */
const closes: Closed[] = [];

/** y-websocket sync step 1 with an empty state vector: "send me everything". */
const STEP1 = new Uint8Array([0, 0, 1, 0]);

/**
 * Opens a raw client. The phase's updates are the only document updates in
 * the room (one writer, one update per edit, broadcast in order), so the n-th
 * update message after a collect is edit n: counting frames is enough.
 */
function openRaw(wsUrl: string, room: string, token: string | undefined): Promise<RawClient> {
	const ws = new WebSocket(`${wsUrl}/${room}${token ? `?token=${encodeURIComponent(token)}` : ''}`);
	const client: RawClient = { room, ws, times: [], closing: false };
	let synced = false;
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`raw client in ${room} did not sync`)), 60_000);
		ws.on('open', () => ws.send(STEP1));
		ws.on('error', (e) => {
			clearTimeout(timer);
			reject(new Error(`raw client in ${room}: ${e.message}`));
		});
		// A refusal (4429 and the like) or a close later on: reported, not left to look like silence.
		ws.on('close', (code: number, reason: Buffer) => {
			clearTimeout(timer);
			if (!synced)
				reject(new Error(`raw client in ${room} closed before it synced: ${code} ${reason.toString()}`));
			else if (!client.closing) closes.push({ room, client: 'raw', code, reason: reason.toString() });
		});
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

/**
 * An official client. A close the benchmark did not ask for (`closing()` false) is
 * recorded in `closes`; the provider would reconnect on its own and hide it otherwise.
 */
function open(
	wsUrl: string,
	room: string,
	token: string | undefined,
	kind: 'writer' | 'full',
	closing: () => boolean
) {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(wsUrl, room, doc, {
		params: token ? { token } : {},
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	provider.on('connection-close', (event) => {
		if (closing()) return;
		closes.push({
			room,
			client: kind,
			code: event?.code ?? null,
			reason: event?.reason ?? 'closed by the client'
		});
	});
	return { doc, provider };
}

/** Resolves once the client synced; rejects when its socket closes first (a refusal, with its code). */
function synced(provider: WebsocketProvider, room: string, timeoutMs = 60_000): Promise<void> {
	if (provider.synced) return Promise.resolve();
	return new Promise((resolve, reject) => {
		const done = () => {
			clearTimeout(timer);
			provider.off('sync', onSync);
			provider.off('connection-close', onClose);
		};
		const onSync = () => {
			done();
			resolve();
		};
		const onClose = (event: CloseEvent | null) => {
			done();
			reject(
				new Error(
					`client in ${room} closed before it synced: ${event ? `${event.code} ${event.reason}` : 'by the client'}`
				)
			);
		};
		const timer = setTimeout(() => {
			done();
			reject(new Error(`client in ${room} did not sync`));
		}, timeoutMs);
		provider.on('sync', onSync);
		provider.on('connection-close', onClose);
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
			} else if (target instanceof Y.Map && (event as Y.YMapEvent<unknown>).keysChanged.has('order')) {
				const order = Number(target.get('order')) - ORDER_BASE;
				const seq = order >= 0 ? order % ORDER_PHASE : -1;
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
			const client: Client = {
				room,
				...open(request.wsUrl, room, token, 'full', () => client.closing),
				times: [],
				closing: false
			};
			observe(client);
			opened.push(client);
			clients.push(client);
			// Connect in small batches, as a room fills up, not in one burst.
			if (opened.length % request.batch === 0)
				await Promise.all(opened.slice(-request.batch).map((c) => synced(c.provider, c.room)));
		}
	}
	await Promise.all(opened.map((c) => synced(c.provider, c.room)));
}

async function addWriters(request: Extract<WorkerRequest, { type: 'writers' }>): Promise<void> {
	await Promise.all(
		request.rooms.map(async ({ room, token, seed }) => {
			let writer: Writer | null = null;
			const { doc, provider } = open(request.wsUrl, room, token, 'writer', () => writer?.closing ?? false);
			await synced(provider, room);
			// The reference server starts empty: the writer brings the journey, as a first client would.
			if (seed) writeJourney(doc, Journey.parse(seed));
			const stepIds = [...doc.getMap('steps').keys()].sort();
			const stages = doc.getArray<Y.Map<unknown>>('stages').map((s) => String(s.get('id')));
			const channels = doc.getArray<Y.Map<unknown>>('channels').map((c) => String(c.get('id')));
			if (stepIds.length === 0) throw new Error(`room ${room} has no steps`);
			writer = {
				room,
				doc,
				provider,
				stepIds,
				stages,
				channels,
				text: null,
				times: [],
				edits: 0,
				closing: false
			};
			const w = writer;
			doc.on('update', (_update: Uint8Array, origin: unknown) => {
				if (origin !== provider) w.edits++;
			});
			writers.push(writer);
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

/** The first order of a write phase: one ORDER_PHASE above the phase the room's steps were last moved in. */
function orderBase(doc: Y.Doc): number {
	let top = -1;
	for (const step of doc.getMap<Y.Map<unknown>>('steps').values()) {
		const order = Number(step.get('order'));
		if (order >= ORDER_BASE) top = Math.max(top, order);
	}
	return top < 0 ? ORDER_BASE : ORDER_BASE + (Math.floor((top - ORDER_BASE) / ORDER_PHASE) + 1) * ORDER_PHASE;
}

/** Each writer edits `rate` times per second for `durationMs`, the writers spread over the first interval. */
async function write(mode: 'map' | 'note', rate: number, durationMs: number): Promise<void> {
	const interval = 1000 / rate;
	const count = Math.floor((durationMs / 1000) * rate);
	// The first writer that fails stops the others, so none goes on writing after the reply.
	let failure: unknown = null;
	await Promise.all(
		writers.map(async (w, index) => {
			try {
				await writeAll(w, index);
			} catch (e) {
				failure ??= e;
			}
		})
	);
	if (failure) throw failure;

	async function writeAll(w: Writer, index: number): Promise<void> {
		w.times = [];
		await sleep((index / writers.length) * interval);
		// Above every order an earlier phase wrote in this room (the same rooms are written
		// again in many-rooms): each edit then changes its step and is sent.
		const base = mode === 'map' ? orderBase(w.doc) : 0;
		const start = now();
		for (let seq = 0; seq < count; seq++) {
			const due = start + seq * interval;
			const wait = due - now();
			if (wait > 0) await sleep(wait);
			if (failure) return;
			if (!w.provider.wsconnected) {
				const close = closes.findLast((c) => c.room === w.room && c.client === 'writer');
				const how = close ? ` (close ${close.code ?? 'without a code'}: ${close.reason})` : '';
				throw new Error(`writer in ${w.room} lost its connection before edit ${seq}${how}`);
			}
			const edits = w.edits;
			w.times[seq] = now();
			if (mode === 'map') {
				const stepId = w.stepIds[seq % w.stepIds.length];
				moveStep(w.doc, stepId, {
					stageId: w.stages[seq % w.stages.length],
					channelId: w.channels[(seq >> 1) % w.channels.length],
					order: base + seq
				});
			} else {
				w.text!.insert(w.text!.length, String.fromCharCode(97 + (seq % 26)));
			}
			// An edit that changed nothing sends nothing: its receivers would only look silent.
			if (w.edits === edits) throw new Error(`writer in ${w.room}: edit ${seq} changed nothing`);
		}
	}
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
			case 'gc':
				// The pool starts its workers with --expose-gc; the previous room's closed clients go too.
				(globalThis as { gc?: () => void }).gc?.();
				return { type: 'ok' };
			case 'write':
				await write(request.mode, request.rate, request.durationMs);
				return { type: 'ok' };
			case 'collect': {
				const result = {
					type: 'records' as const,
					writes: writers.map((w) => ({ room: w.room, times: [...w.times] })),
					arrivals: [...clients, ...raws].map((c) => ({ room: c.room, times: [...c.times] })),
					closes: closes.splice(0)
				};
				for (const c of [...clients, ...raws]) c.times = [];
				return result;
			}
			case 'close':
				for (const c of [...clients, ...writers]) {
					c.closing = true;
					c.provider.destroy();
					c.doc.destroy();
				}
				for (const r of raws) {
					r.closing = true;
					r.ws.terminate();
				}
				// What closed before this request was reported by a collect, or is dropped with the clients.
				closes.length = 0;
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
