import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHANNEL_KINDS, Journey, PRIORITIES, TICKET_STATUSES } from '../../src/lib/model';
import { prng } from './raw-sync';

/** The contract's kinds but `huisbezoek` and `anders`, repeated over the kanalen. */
const KINDS = CHANNEL_KINDS.slice(0, 10);
const DEPARTMENTS = [
	'Burgerzaken',
	'Sociaal Domein',
	'Werk en Inkomen',
	'KCC',
	'Belastingen',
	'Communicatie'
];

/** A shipped template, the base for generated journeys (real personas, real texts). */
export function template(name = 'bijzondere-bijstand-aanvragen'): Record<string, unknown> {
	return JSON.parse(readFileSync(join('journeys', `${name}.json`), 'utf8')) as Record<string, unknown>;
}

/**
 * A large journey for the benchmarks and the scale tests: `stages` fases by `channels` kanalen,
 * `steps` steps spread over the cells, a pain point on every fourth step and
 * `tickets` tickets, with the template's personas and realistic text lengths.
 * Deterministic (seeded), and valid against the schema.
 */
export function bigJourney(options: {
	stages: number;
	channels: number;
	steps: number;
	tickets: number;
	seed?: number;
}): Journey {
	const base = Journey.parse(template());
	const random = prng(options.seed ?? 1);
	const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
	const stages = Array.from({ length: options.stages }, (_, i) => ({
		id: `fase-${i + 1}`,
		name: `Fase ${i + 1}`
	}));
	const channels = Array.from({ length: options.channels }, (_, i) => ({
		id: `kanaal-${i + 1}`,
		name: `Kanaal ${i + 1}`,
		kind: KINDS[i % KINDS.length]
	}));
	const sampleSteps = base.steps;
	const steps = Array.from({ length: options.steps }, (_, i) => {
		const sample = sampleSteps[i % sampleSteps.length];
		return {
			...sample,
			id: `stap-${i + 1}`,
			title: `${i + 1}. ${sample.title}`,
			stageId: stages[i % stages.length].id,
			channelId: channels[Math.floor(i / stages.length) % channels.length].id,
			order: i + 1,
			emotions: Object.fromEntries(base.personas.map((p) => [p.id, Math.floor(random() * 5) - 2]))
		};
	});
	const samplePains = base.painPoints;
	const painPoints = steps
		.filter((_, i) => i % 4 === 0)
		.map((step, i) => ({ ...samplePains[i % samplePains.length], id: `pijnpunt-${i + 1}`, stepId: step.id }));
	const sampleTickets = base.tickets;
	const tickets = Array.from({ length: options.tickets }, (_, i) => {
		const sample = sampleTickets[i % sampleTickets.length];
		return {
			...sample,
			id: `ticket-${i + 1}`,
			title: `${sample.title} (${i + 1})`,
			department: pick(DEPARTMENTS),
			priority: pick(PRIORITIES),
			status: pick(TICKET_STATUSES),
			// Two different pain points: the second is 1 to n-1 places after the first.
			painPointIds: [
				painPoints[i % painPoints.length].id,
				painPoints[(i + 1 + ((i * 7) % (painPoints.length - 1))) % painPoints.length].id
			]
		};
	});
	return Journey.parse({
		...base,
		id: 'bench-reis',
		title: `Benchmark: ${options.steps} stappen`,
		stages,
		channels,
		steps,
		painPoints,
		tickets
	});
}
