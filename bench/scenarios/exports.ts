import { EXPORT_FORMATS, exportTickets } from '../../src/lib/export';
import { bigJourney } from '../../tests/helpers/journeys';
import { defineScenario, type Metric } from '../lib/scenario';
import { median } from '../lib/stats';

type Params = { tickets: number; samples: number };

export default defineScenario<Params>({
	name: 'exports',
	description:
		'All tickets of a journey to each export format (the pure functions behind `GET /api/journeys/:id/tickets`).',
	method:
		'A 300-step journey with 75 pain points and 5,000 tickets, each ticket on two pain points; one warm-up, then the median of the samples.',
	quick: { runs: 3, tickets: 5000, samples: 3 },
	full: { runs: 3, tickets: 5000, samples: 7 },
	async run(params) {
		const journey = bigJourney({ stages: 8, channels: 10, steps: 300, tickets: params.tickets });
		const ctx = {
			journey,
			journeyUrl: 'https://klantreis.example/reis/bench',
			generatedAt: '2026-01-01T00:00:00Z'
		};
		const metrics: Metric[] = [];
		for (const format of EXPORT_FORMATS) {
			exportTickets(format, ctx);
			let bytes = 0;
			const times = Array.from({ length: params.samples }, () => {
				const start = performance.now();
				bytes = exportTickets(format, ctx).body.length;
				return performance.now() - start;
			});
			metrics.push(
				{
					key: format,
					label: `${params.tickets} tickets to ${format}`,
					value: median(times),
					unit: 'ms',
					target: format === 'csv' ? { max: 200 } : undefined
				},
				{ key: `${format}.size`, label: `${format} size`, value: bytes / 1024, unit: 'KB' }
			);
		}
		return metrics;
	}
});
