import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { template } from '../../tests/helpers/journeys';
import { defineScenario, type Metric } from '../lib/scenario';
import { createJourney, processUsage, startKlantreis } from '../lib/servers';
import { sleep } from '../lib/stats';

type Params = { sockets: number; perSecond: number; durationMs: number; docMB: number };

/** y-websocket sync step 1 with an empty state vector: "send me everything". */
const STEP1 = new Uint8Array([0, 0, 1, 0]);

export default defineScenario<Params>({
	name: 'slow-readers',
	description:
		'Outbound backpressure (#15.2): viewer sockets that ask for a 2 MB journey about 50 times a second and never read. ' +
		'Server RSS before, at its highest while they ask, and after they are gone.',
	method:
		'The journey is the benchmark template plus about 2 MB of text written by an official client. ' +
		'Each raw socket pauses its reading right after opening and sends sync step 1 (an empty state vector) at the given rate. ' +
		'RSS is read from /proc every 250 ms; "after" is read 10 s after the last socket closed, after a full GC through the inspector. ' +
		'Before this session the same attack raised RSS from 176 MB to 927 MB in 7 s, and it stayed.',
	quick: { runs: 1, sockets: 10, perSecond: 50, durationMs: 10_000, docMB: 2 },
	full: { runs: 1, sockets: 10, perSecond: 50, durationMs: 30_000, docMB: 2 },
	async run(params, ctx) {
		const server = await startKlantreis({ env: ctx.env, inspect: true });
		try {
			const created = await createJourney(server, template());
			const doc = new Y.Doc();
			const writer = new WebsocketProvider(server.wsUrl, created.id, doc, {
				WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
				params: { token: created.tokens.editor }
			});
			await new Promise<void>((resolve) => writer.once('sync', () => resolve()));
			// 2 MB in pieces of 400 KB (each under MAX_MESSAGE_BYTES), one at a time.
			const pieces = Math.ceil((params.docMB * 1024 * 1024) / (400 * 1024));
			for (let i = 0; i < pieces; i++) {
				doc.getMap('meta').set(`bijlage${i}`, String.fromCharCode(97 + i).repeat(400 * 1024));
				await sleep(1500);
			}
			writer.destroy();
			await sleep(1000);
			await server.gc!();
			const before = processUsage(server.pid).rssBytes;

			const sockets = Array.from({ length: params.sockets }, () => {
				const ws = new WebSocket(`${server.wsUrl}/${created.id}?token=${created.tokens.viewer}`);
				ws.on('open', () => (ws as unknown as { _socket: { pause(): void } })._socket.pause());
				ws.on('error', () => {});
				return ws;
			});
			let peak = before;
			const start = Date.now();
			const interval = 1000 / params.perSecond;
			while (Date.now() - start < params.durationMs) {
				for (const ws of sockets) if (ws.readyState === WebSocket.OPEN) ws.send(STEP1);
				peak = Math.max(peak, processUsage(server.pid).rssBytes);
				await sleep(interval);
			}
			// Sockets the server gave up on while they asked, from its log (the close frame waits behind
			// what they did not read, so only a socket that reads again sees the code).
			const cut = (server.output().match(/gesloten \(4513\)/g) ?? []).length;
			for (const ws of sockets) ws.terminate();
			await sleep(10_000);
			await server.gc!();
			const after = processUsage(server.pid).rssBytes;
			const mb = (b: number) => b / (1024 * 1024);
			const metrics: Metric[] = [
				{
					key: 'rss.before',
					label: 'server RSS with the 2 MB journey loaded',
					value: mb(before),
					unit: 'MB'
				},
				{
					key: 'rss.peak',
					label: `server RSS at most, ${params.sockets} non-reading sockets × ${params.perSecond} step 1/s for ${params.durationMs / 1000} s`,
					value: mb(peak),
					unit: 'MB'
				},
				{
					key: 'rss.growth',
					label: 'growth while they ask',
					value: mb(peak - before),
					unit: 'MB'
				},
				{
					key: 'rss.after',
					label: 'server RSS 10 s after they are gone (after GC)',
					value: mb(after),
					unit: 'MB'
				},
				{
					key: 'closed',
					label: 'sockets the server had closed before the end (4513 SlowReader, then cut)',
					value: cut,
					unit: ''
				}
			];
			return metrics;
		} finally {
			await server.stop();
		}
	}
});
