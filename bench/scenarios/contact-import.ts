import { readFileSync } from 'node:fs';
import { defineScenario, type Metric } from '../lib/scenario';
import { createJourney, processUsage, startKlantreis } from '../lib/servers';

type Params = { rows: number };

const TOPICS = [
	'Verhuizing doorgeven: informatie',
	'Status verhuizing',
	'DigiD',
	'Afvalpas',
	'Aangifte onvolledig',
	'Parkeervergunning'
];
const CHANNELS = ['Telefoon', 'Balie', 'E-mail', 'WhatsApp'];

/**
 * A KCC export as a stream of `rows` lines with the personal-data columns a real one has
 * (name, phone, BSN, a free-text summary), about 130 bytes a row, made as it is sent.
 */
function exportStream(rows: number): ReadableStream<Uint8Array> {
	const encoder = new TextEncoder();
	let i = 0;
	return new ReadableStream({
		pull(controller) {
			if (i === 0)
				controller.enqueue(
					encoder.encode(
						'\uFEFFDatum;Tijd;Kanaal;Onderwerp;Naam klant;Telefoonnummer;BSN;Samenvatting;In één keer goed;Doorverbonden\r\n'
					)
				);
			if (i >= rows) return controller.close();
			let chunk = '';
			for (let n = 0; n < 5000 && i < rows; n++, i++) {
				const day = String(1 + (i % 28)).padStart(2, '0');
				const month = String(1 + (Math.floor(i / 28) % 12)).padStart(2, '0');
				chunk +=
					`${day}-${month}-2025;10:${String(i % 60).padStart(2, '0')};${CHANNELS[i % 4]};${TOPICS[i % 6]};` +
					`Inwoner ${i};06-0${String(i % 1e7).padStart(7, '0')};${String(100000000 + i)};` +
					`Vraag nummer ${i} over de brief en de termijn;${i % 3 ? 'ja' : 'nee'};${i % 5 ? 'nee' : 'ja'}\r\n`;
			}
			controller.enqueue(encoder.encode(chunk));
		}
	});
}

export default defineScenario<Params>({
	name: 'contact-import',
	description:
		'A KCC export streamed to `POST /api/journeys/:id/contacts` (counts per onderwerp, kanaal and month), through HTTP into the real server.',
	method:
		'The rows are generated while they are sent (a chunked upload), so the client holds no file. The server RSS is sampled every 50 ms during the import; "memory growth" is the peak minus the RSS just before. "Server CPU time" is the server process\'s user and system time over the import (/proc), the figure to compare on a shared machine.',
	quick: { runs: 1, rows: 200_000 },
	full: { runs: 3, rows: 1_000_000 },
	async run(params, ctx) {
		const server = await startKlantreis({ env: ctx.env });
		try {
			const template = JSON.parse(readFileSync('journeys/verhuizing-doorgeven.json', 'utf8')) as unknown;
			const created = await createJourney(server, template);
			const { rssBytes: before, cpuSeconds: cpuBefore } = processUsage(server.pid);
			let peak = before;
			const sampler = setInterval(() => {
				peak = Math.max(peak, processUsage(server.pid).rssBytes);
			}, 50);
			const start = performance.now();
			const res = await fetch(`${server.url}/api/journeys/${created.id}/contacts`, {
				method: 'POST',
				headers: { authorization: `Bearer ${created.tokens.editor}`, 'content-type': 'text/csv' },
				body: exportStream(params.rows),
				duplex: 'half'
			} as RequestInit);
			const body = (await res.json()) as { imported?: number; error?: string };
			const ms = performance.now() - start;
			clearInterval(sampler);
			const cpu = processUsage(server.pid).cpuSeconds - cpuBefore;
			if (res.status !== 200 || body.imported !== params.rows)
				throw new Error(`import failed: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
			const metrics: Metric[] = [
				{
					key: 'import',
					label: `${params.rows.toLocaleString('en')} rows imported`,
					value: ms,
					unit: 'ms',
					target: params.rows >= 1_000_000 ? { max: 10_000 } : undefined
				},
				{
					key: 'rows-per-second',
					label: 'rows per second',
					value: params.rows / (ms / 1000),
					unit: 'rows/s'
				},
				{
					// The server's own work, which a busy shared machine does not inflate as it does the wall time.
					key: 'server-cpu',
					label: 'server CPU time for the import',
					value: cpu * 1000,
					unit: 'ms'
				},
				{
					key: 'memory',
					label: 'server memory growth during the import',
					value: (peak - before) / 2 ** 20,
					unit: 'MB'
				}
			];
			return metrics;
		} finally {
			await server.stop();
		}
	}
});
