import Database from 'better-sqlite3';
import { join } from 'node:path';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { bigJourney } from '../../tests/helpers/journeys';
import { defineScenario, type Metric } from '../lib/scenario';
import { createJourney, startKlantreis } from '../lib/servers';
import { median } from '../lib/stats';

type Params = { versions: number; edits: number };

async function api(url: string, token: string, method = 'GET', body?: unknown): Promise<Response> {
	const res = await fetch(url, {
		method,
		headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
	if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
	return res;
}

/**
 * Storage per version (#19): a version is the packed Yjs state of the whole
 * doc, so its size follows the journey, not the edits since the last one.
 */
export default defineScenario<Params>({
	name: 'versions',
	description:
		'Named versions of the 300-step journey: bytes stored per version, time to save one and to open one (`GET /api/journeys/:id/versions/:versionId`).',
	method:
		'A 300-step journey (8 fases, 10 kanalen, 300 tickets) on the embedded store; an official y-websocket client renames steps between versions (`edits` per version), then a version is saved over REST. Bytes are read from the `journey_versions` table (the raw-deflated Yjs state) next to the encoded state they hold; open is the median of reading every version back as a validated Journey over HTTP.',
	quick: { runs: 1, versions: 3, edits: 50 },
	full: { runs: 3, versions: 5, edits: 100 },
	async run(params, ctx) {
		const server = await startKlantreis({ env: ctx.env });
		const client = { provider: null as WebsocketProvider | null, doc: new Y.Doc() };
		try {
			const journey = bigJourney({ stages: 8, channels: 10, steps: 300, tickets: 300 });
			const created = await createJourney(server, journey);
			const base = `${server.url}/api/journeys/${created.id}`;
			client.provider = new WebsocketProvider(server.wsUrl, created.id, client.doc, {
				params: { token: created.tokens.editor },
				WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
				disableBc: true
			});
			await new Promise<void>((resolve) => client.provider!.once('sync', () => resolve()));
			const steps = client.doc.getMap<Y.Map<unknown>>('steps');
			const ids: string[] = [];
			const save: number[] = [];
			for (let v = 0; v < params.versions; v++) {
				for (let i = 0; i < params.edits; i++) {
					const id = `stap-${((v * params.edits + i) % 300) + 1}`;
					steps.get(id)?.set('title', `Versie ${v + 1}: ${id}`);
				}
				// The last edit is on the server before the version is taken.
				const last = `Versie ${v + 1}: stap-${((v * params.edits + params.edits - 1) % 300) + 1}`;
				for (let tries = 0; tries < 200; tries++) {
					const now = (await (await api(base, created.tokens.viewer)).json()) as {
						steps: { title: string }[];
					};
					if (now.steps.some((s) => s.title === last)) break;
					await new Promise((r) => setTimeout(r, 25));
				}
				const start = performance.now();
				const res = await api(`${base}/versions`, created.tokens.editor, 'POST', { name: `Versie ${v + 1}` });
				save.push(performance.now() - start);
				ids.push(((await res.json()) as { id: string }).id);
			}
			const open: number[] = [];
			for (const id of [...ids, ...ids]) {
				const start = performance.now();
				await (await api(`${base}/versions/${id}`, created.tokens.viewer)).json();
				open.push(performance.now() - start);
			}
			const db = new Database(join(server.dataDir!, 'klantreis.sqlite'), { readonly: true });
			const rows = db
				.prepare(
					'SELECT length(state) AS bytes FROM journey_versions WHERE journey_id = ? AND auto_day IS NULL'
				)
				.all(created.id) as { bytes: number }[];
			db.close();
			const raw = Y.encodeStateAsUpdate(client.doc).byteLength;
			const packed = median(rows.map((r) => r.bytes));
			const metrics: Metric[] = [
				{ key: 'bytes', label: 'Stored bytes per version (packed)', value: packed / 1024, unit: 'KB' },
				{ key: 'raw', label: 'Encoded Yjs state it holds', value: raw / 1024, unit: 'KB' },
				{ key: 'save', label: 'Save a version (POST, median)', value: median(save), unit: 'ms' },
				{ key: 'open', label: 'Open a version (GET, median)', value: median(open), unit: 'ms' }
			];
			return metrics;
		} finally {
			client.provider?.destroy();
			client.doc.destroy();
			await server.stop();
		}
	}
});
