import { sortByReis, type Journey, type PainPoint, type Persona, type Step, type Ticket } from '$lib/model';
import { personasStuckAt } from '$lib/analysis/doenvermogen';

/** What every export needs besides the tickets themselves. */
export type ExportContext = {
	journey: Journey;
	/**
	 * Address of the journey page without any token (a memo travels further
	 * than the workshop, and a token is a key): links to steps are
	 * `${journeyUrl}#stap-<stepId>`. Left out, the exports carry no links.
	 */
	journeyUrl?: string;
	/** ISO date-time of the export; left out, the output is fully deterministic. */
	generatedAt?: string;
};

/** A step as an export shows it: with its fase and kanaal by name. */
export type StepContext = Pick<Step, 'id' | 'title' | 'stageId' | 'channelId' | 'owner'> & {
	stageName: string;
	channelName: string;
};

/** A ticket with what it is about: its pain points, their steps, and who gets stuck there. */
export type TicketContext = {
	ticket: Ticket;
	painPoints: PainPoint[];
	/** The steps of its pain points, once each, in the order of the reis. */
	steps: StepContext[];
	/** Personas stuck at any of those steps, once each, in the journey's order. */
	personasStuck: Pick<Persona, 'id' | 'name'>[];
};

/** Context per ticket, in the order given; unknown pain point ids are skipped. */
export function ticketContexts(tickets: readonly Ticket[], journey: Journey): TicketContext[] {
	const painPoints = new Map(journey.painPoints.map((p) => [p.id, p]));
	const stages = new Map(journey.stages.map((s) => [s.id, s.name]));
	const channels = new Map(journey.channels.map((c) => [c.id, c.name]));
	// Reis order (fase, then place in the fase), also for a journey read from a file.
	const reis = sortByReis(journey.steps, journey.stages);
	const stepOrder = new Map(reis.map((s, i) => [s.id, i]));
	const stuckByStep = new Map(
		journey.steps.map((s) => [s.id, new Set(personasStuckAt(s, journey.personas).map((p) => p.id))])
	);
	return tickets.map((ticket) => {
		const pps = ticket.painPointIds.map((id) => painPoints.get(id)).filter((p): p is PainPoint => !!p);
		const stepIds = [...new Set(pps.map((p) => p.stepId))]
			.filter((id) => stepOrder.has(id))
			.sort((a, b) => stepOrder.get(a)! - stepOrder.get(b)!);
		const steps = stepIds.map((id) => {
			const s = reis[stepOrder.get(id)!];
			return {
				id: s.id,
				title: s.title,
				stageId: s.stageId,
				stageName: stages.get(s.stageId) ?? '',
				channelId: s.channelId,
				channelName: channels.get(s.channelId) ?? '',
				owner: s.owner
			};
		});
		const stuck = new Set(stepIds.flatMap((id) => [...(stuckByStep.get(id) ?? [])]));
		const personasStuck = journey.personas
			.filter((p) => stuck.has(p.id))
			.map((p) => ({ id: p.id, name: p.name }));
		return { ticket, painPoints: pps, steps, personasStuck };
	});
}

/** The link to a step on the journey page, or null when the context has no journey URL. */
export function stepLink(ctx: ExportContext, stepId: string): string | null {
	return ctx.journeyUrl ? `${ctx.journeyUrl}#stap-${encodeURIComponent(stepId)}` : null;
}
