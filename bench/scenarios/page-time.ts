import { gzipSync } from 'node:zlib';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { bigJourney } from '../../tests/helpers/journeys';
import { defineScenario, type Metric } from '../lib/scenario';
import { createJourney, startKlantreis } from '../lib/servers';
import { median, sleep } from '../lib/stats';

type Params = { steps: number; stages: number; channels: number; requests: number };

/** The app's own time for a response, from its Server-Timing header (`app;dur=`), in ms. */
function appTime(res: Response): number {
	return Number(/app;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '')?.[1] ?? NaN);
}

export default defineScenario<Params>({
	name: 'page-time',
	description:
		'The journey page of a 300-step journey (8 fases by 10 kanalen) on a loaded room, fetched without a browser: ' +
		'the server time per request, and the bytes on the wire with and without gzip.',
	method:
		'An official y-websocket client stays connected, so the room is loaded, as in a workshop under way. ' +
		'The first request after the server starts is reported apart (it compiles the page code); the target is held against the median of the next ones, ' +
		'each a fresh GET of the viewer link with `Accept-Encoding: gzip`. Half of them follow an edit, so they cannot reuse the snapshot of the previous document version. ' +
		"Server time is the app's own (`Server-Timing`: until the response and its headers are ready); a streamed page sends part of its body after that, " +
		'so the time until the last byte (measured by the client, gzip included) is reported too.',
	quick: { runs: 1, steps: 300, stages: 8, channels: 10, requests: 8 },
	full: { runs: 3, steps: 300, stages: 8, channels: 10, requests: 20 },
	async run(params, ctx) {
		const server = await startKlantreis({ env: ctx.env });
		try {
			const created = await createJourney(server, bigJourney({ ...params, tickets: 20 }));
			const url = server.url + created.links.viewer;
			const doc = new Y.Doc();
			const peer = new WebsocketProvider(server.wsUrl, created.id, doc, {
				WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
				params: { token: created.tokens.editor }
			});
			await new Promise<void>((resolve) => peer.once('sync', () => resolve()));
			const get = async () => {
				const started = performance.now();
				const res = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
				const body = await res.text();
				const whole = performance.now() - started;
				if (res.status !== 200) throw new Error(`page answered ${res.status}`);
				return { ms: appTime(res), whole, html: body, encoding: res.headers.get('content-encoding') };
			};
			const first = await get();
			const same: number[] = [];
			const changed: number[] = [];
			const wholes: number[] = [];
			for (let i = 0; i < params.requests; i++) {
				if (i % 2 === 1) {
					// An edit in between: the next page needs a fresh snapshot.
					doc.getMap('meta').set('description', `Bewerkt ${i}`);
					await sleep(200);
					const got = await get();
					changed.push(got.ms);
					wholes.push(got.whole);
				} else {
					await sleep(200);
					const got = await get();
					same.push(got.ms);
					wholes.push(got.whole);
				}
			}
			peer.destroy();
			const plain = Buffer.byteLength(first.html);
			const metrics: Metric[] = [
				{ key: 'first', label: 'first request after start: server time', value: first.ms, unit: 'ms' },
				{
					key: 'server',
					label: `${params.steps} steps, loaded room: server time (median)`,
					value: median([...same, ...changed]),
					unit: 'ms',
					target: { max: 100 }
				},
				{
					key: 'server.same',
					label: 'unchanged document: server time (median)',
					value: median(same),
					unit: 'ms'
				},
				{
					key: 'server.changed',
					label: 'after an edit: server time (median)',
					value: median(changed),
					unit: 'ms'
				},
				{
					// What a streamed body sends after its headers is not in Server-Timing; this is.
					key: 'whole',
					label: 'request until the last byte, gzipped on loopback (median)',
					value: median(wholes),
					unit: 'ms'
				},
				{ key: 'html', label: 'page HTML', value: plain / 1024, unit: 'KB' },
				{
					key: 'html.gzip',
					label: 'page HTML gzipped (level 6, as sent)',
					value: gzipSync(first.html).byteLength / 1024,
					unit: 'KB'
				},
				{
					key: 'gzip',
					label: 'sent gzipped (1 = yes)',
					value: first.encoding === 'gzip' ? 1 : 0,
					unit: ''
				}
			];
			return metrics;
		} finally {
			await server.stop();
		}
	}
});
