import { bigJourney } from '../../tests/helpers/journeys';
import { defineScenario, type Metric } from '../lib/scenario';
import { createJourney, startKlantreis } from '../lib/servers';
import { median } from '../lib/stats';

type Params = { journeys: number; ticketsPerJourney: number; samples: number };

const ADMIN_TOKEN = 'bench-beheer-token-0123456789abcdef';

/** The app's own time for a request, from its Server-Timing header (`app;dur=12.3`). */
function serverTime(res: Response): number {
	const match = /app;dur=([\d.]+)/.exec(res.headers.get('server-timing') ?? '');
	if (!match) throw new Error('no Server-Timing header');
	return Number(match[1]);
}

async function timed(url: string, init?: RequestInit): Promise<{ ms: number; bytes: number }> {
	const res = await fetch(url, init);
	if (!res.ok) throw new Error(`${url}: ${res.status}`);
	const bytes = (await res.arrayBuffer()).byteLength;
	return { ms: serverTime(res), bytes };
}

export default defineScenario<Params>({
	name: 'department',
	description:
		'The department page (`/afdeling`) and `GET /api/department/tickets` for every ticket of an instance: 5,000 tickets over 200 journeys.',
	method:
		'200 journeys of 40 steps and 25 tickets each (10 pain points a journey, evidence from the template), one afdelingslink for all departments and one for ' +
		'Burgerzaken. Server time is the app\'s own (its `Server-Timing` header). "First" is the first request after start: every journey is read once ' +
		'into the per-journey cache. "Warm" is the median of the samples after that. "After an edit" changes one ticket in one journey through the ' +
		'department API first, so one journey is read again. The page shows 25 tickets at a time; the API answers all of them.',
	quick: { runs: 1, journeys: 200, ticketsPerJourney: 25, samples: 5 },
	full: { runs: 3, journeys: 200, ticketsPerJourney: 25, samples: 9 },
	async run(params, ctx) {
		const server = await startKlantreis({ env: { ...ctx.env, ADMIN_TOKEN } });
		try {
			const created: string[] = [];
			for (let i = 0; i < params.journeys; i++) {
				const journey = bigJourney({
					stages: 6,
					channels: 5,
					steps: 40,
					tickets: params.ticketsPerJourney,
					seed: i + 1
				});
				created.push((await createJourney(server, { ...journey, title: `Reis ${i + 1}` })).id);
			}
			ctx.log(`department: ${created.length} journeys created`);
			const link = async (department: string | null) => {
				const res = await fetch(`${server.url}/api/admin/department-links`, {
					method: 'POST',
					headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
					body: JSON.stringify({ department })
				});
				return (await res.json()) as { token: string; link: string };
			};
			const all = await link(null);
			const one = await link('Burgerzaken');
			const page = (l: { link: string }) => timed(`${server.url}${l.link}`);
			const api = (l: { token: string }) =>
				timed(`${server.url}/api/department/tickets?format=json`, {
					headers: { authorization: `Bearer ${l.token}` }
				});

			const first = await page(all);
			const warmPage: number[] = [];
			const warmOne: number[] = [];
			const warmApi: number[] = [];
			let apiBytes = 0;
			let pageBytes = 0;
			for (let i = 0; i < params.samples; i++) {
				const p = await page(all);
				pageBytes = p.bytes;
				warmPage.push(p.ms);
				warmOne.push((await page(one)).ms);
				const a = await api(all);
				apiBytes = a.bytes;
				warmApi.push(a.ms);
			}
			const afterEdit: number[] = [];
			for (let i = 0; i < params.samples; i++) {
				const journeyId = created[(i * 37) % created.length];
				const res = await fetch(`${server.url}/api/department/tickets/${journeyId}/ticket-1`, {
					method: 'PATCH',
					headers: { authorization: `Bearer ${all.token}`, 'content-type': 'application/json' },
					body: JSON.stringify({ dueDate: `2026-0${1 + (i % 9)}-15` })
				});
				if (!res.ok) throw new Error(`PATCH: ${res.status}`);
				afterEdit.push((await page(all)).ms);
			}
			const tickets = params.journeys * params.ticketsPerJourney;
			const metrics: Metric[] = [
				{
					key: 'page.warm',
					label: `/afdeling, all departments (${tickets} tickets), warm`,
					value: median(warmPage),
					unit: 'ms',
					target: { max: 300, label: 'under 300 ms server time' }
				},
				{
					key: 'page.afterEdit',
					label: '/afdeling, all departments, after an edit in one journey',
					value: median(afterEdit),
					unit: 'ms',
					target: { max: 300 }
				},
				{ key: 'page.one', label: '/afdeling, one department, warm', value: median(warmOne), unit: 'ms' },
				{ key: 'page.first', label: '/afdeling, first request after start', value: first.ms, unit: 'ms' },
				{
					key: 'page.size',
					label: '/afdeling page size (25 tickets shown)',
					value: pageBytes / 1024,
					unit: 'KB'
				},
				{
					key: 'api.warm',
					label: `GET /api/department/tickets, all ${tickets} tickets, warm`,
					value: median(warmApi),
					unit: 'ms'
				},
				{ key: 'api.size', label: 'its JSON size', value: apiBytes / 1024, unit: 'KB' }
			];
			return metrics;
		} finally {
			await server.stop();
		}
	}
});
