import {
	PRINCIPLE_IDS,
	type ChannelKind,
	type Journey,
	type PainPoint,
	type Principle,
	type Step,
	type Ticket
} from '$lib/model';
import { analyseJourney } from './doenvermogen';
import { isActive } from './hostmanship';

/**
 * Comparing a gewenste reis with the huidige reis it was copied from, and a
 * version with the one before it. Pure functions over two validated
 * Journeys; entities are matched by id (a desired journey and a version keep
 * the ids of the journey they came from).
 */

/** Kanalen where a person helps: the human alternative (klik, bel, kom). */
export const HUMAN_CHANNEL_KINDS: ReadonlySet<ChannelKind> = new Set(['telefoon', 'balie', 'huisbezoek']);

/** The figures of one journey, as a manager reads them. */
export type JourneyFigures = {
	/** Stappen (contactmomenten). */
	steps: number;
	/** Kanaalwisselingen: consecutive steps in reis order on different channels. */
	channelSwitches: number;
	/** Total wachttijd in days over all steps. */
	waitDays: number;
	/** Handelingen: things the resident must do, summed over the steps. */
	actions: number;
	/** Termijnen: deadlines the resident must meet, summed over the steps. */
	deadlines: number;
	/** Fases without a step on a telefoon, balie or huisbezoek channel. */
	humanAlternativeGaps: number;
	/** Pijnpunten that still count (open or confirmed). */
	openPainPoints: number;
	/** Open pijnpunten per hostmanship principle (a pain point counts under each of its principles). */
	openPainPointsByPrinciple: Record<Principle, number>;
	/** Per persona id: the number of steps where that persona gets stuck (vastloopt). */
	stuck: Record<string, number>;
	/** Per persona id: the ids of those steps, in reis order. */
	stuckSteps: Record<string, string[]>;
};

/** Step ids that differ between two journeys. */
export type StepChanges = {
	/** In the second journey only. */
	added: string[];
	/** In the first journey only. */
	removed: string[];
	/** In both, but in another fase or another place among the steps both have. */
	moved: string[];
	/** In both, with another title, note, channel, demands, emotions or figures. */
	changed: string[];
};

export type JourneyComparison = {
	current: JourneyFigures;
	desired: JourneyFigures;
	steps: StepChanges;
};

type FiguresInput = Pick<Journey, 'stages' | 'channels' | 'personas' | 'steps' | 'painPoints'>;

/** The figures of one journey; `steps` are taken in their reis order (the order of the array). */
export function journeyFigures(journey: FiguresInput): JourneyFigures {
	const kindOf = new Map(journey.channels.map((c) => [c.id, c.kind]));
	let channelSwitches = 0;
	for (let i = 1; i < journey.steps.length; i++) {
		if (journey.steps[i].channelId !== journey.steps[i - 1].channelId) channelSwitches++;
	}
	const humanStages = new Set(
		journey.steps.filter((s) => HUMAN_CHANNEL_KINDS.has(kindOf.get(s.channelId)!)).map((s) => s.stageId)
	);
	const open = journey.painPoints.filter(isActive);
	const byPrinciple = Object.fromEntries(PRINCIPLE_IDS.map((p) => [p, 0])) as Record<Principle, number>;
	for (const p of open) for (const principle of p.principles) byPrinciple[principle]++;
	const { personas } = analyseJourney(journey);
	const stuckSteps = Object.fromEntries(
		personas.map((p) => [p.personaId, p.steps.filter((s) => s.stuck).map((s) => s.stepId)])
	);
	return {
		steps: journey.steps.length,
		channelSwitches,
		waitDays: journey.steps.reduce((n, s) => n + s.waitDays, 0),
		actions: journey.steps.reduce((n, s) => n + s.actions, 0),
		deadlines: journey.steps.reduce((n, s) => n + s.deadlines, 0),
		humanAlternativeGaps: journey.stages.filter((s) => !humanStages.has(s.id)).length,
		openPainPoints: open.length,
		openPainPointsByPrinciple: byPrinciple,
		stuck: Object.fromEntries(Object.entries(stuckSteps).map(([id, steps]) => [id, steps.length])),
		stuckSteps
	};
}

/** A stable text of a value with its object keys sorted, to compare two entities field by field. */
function canonical(value: unknown): string {
	return JSON.stringify(value, (_key, v: unknown) =>
		v && typeof v === 'object' && !Array.isArray(v)
			? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
			: v
	);
}

/** What a step says, without where it stands (fase and order are "moved", not "changed"). */
function content(step: Step): string {
	const { order: _order, stageId: _stageId, ...rest } = step;
	return canonical(rest);
}

/**
 * Indices (into `seq`) of one longest strictly increasing subsequence; on a
 * tie the earliest-ending one (patience sorting, O(n log n)).
 */
function longestIncreasing(seq: readonly number[]): Set<number> {
	const tails: number[] = []; // index into seq of the smallest tail of each length
	const prev: number[] = new Array<number>(seq.length).fill(-1);
	seq.forEach((value, i) => {
		let lo = 0;
		let hi = tails.length;
		while (lo < hi) {
			const mid = (lo + hi) >> 1;
			if (seq[tails[mid]] < value) lo = mid + 1;
			else hi = mid;
		}
		if (lo > 0) prev[i] = tails[lo - 1];
		tails[lo] = i;
	});
	const keep = new Set<number>();
	for (let i = tails.length > 0 ? tails[tails.length - 1] : -1; i !== -1; i = prev[i]) keep.add(i);
	return keep;
}

/**
 * Which steps were added, removed, moved or changed from `before` to
 * `after` (each a list in reis order). A step moved when its fase differs,
 * or when it left the longest run of steps that both journeys have in the
 * same order: moving one card marks that card, not its neighbours, and a
 * step inserted before it moves nothing. A step can be moved and changed.
 */
export function diffSteps(before: readonly Step[], after: readonly Step[]): StepChanges {
	const beforeById = new Map(before.map((s) => [s.id, s]));
	const afterById = new Map(after.map((s) => [s.id, s]));
	const placeBefore = new Map(before.filter((s) => afterById.has(s.id)).map((s, i) => [s.id, i]));
	const common = after.filter((s) => beforeById.has(s.id));
	const inOrder = longestIncreasing(common.map((s) => placeBefore.get(s.id)!));
	const moved: string[] = [];
	const changed: string[] = [];
	common.forEach((b, i) => {
		const a = beforeById.get(b.id)!;
		if (a.stageId !== b.stageId || !inOrder.has(i)) moved.push(b.id);
		if (content(a) !== content(b)) changed.push(b.id);
	});
	return {
		added: after.filter((s) => !beforeById.has(s.id)).map((s) => s.id),
		removed: before.filter((s) => !afterById.has(s.id)).map((s) => s.id),
		moved,
		changed
	};
}

/** The comparison of a gewenste reis with its huidige reis (GET /api/journeys/:id/compare). */
export function compareJourneys(current: FiguresInput, desired: FiguresInput): JourneyComparison {
	return {
		current: journeyFigures(current),
		desired: journeyFigures(desired),
		steps: diffSteps(current.steps, desired.steps)
	};
}

/** Ids added, removed or changed in a collection between two versions. */
export type EntityChanges = { added: string[]; removed: string[]; changed: string[] };

function diffEntities<T extends { id: string }>(before: readonly T[], after: readonly T[]): EntityChanges {
	const beforeById = new Map(before.map((e) => [e.id, canonical(e)]));
	const afterIds = new Set(after.map((e) => e.id));
	return {
		added: after.filter((e) => !beforeById.has(e.id)).map((e) => e.id),
		removed: before.filter((e) => !afterIds.has(e.id)).map((e) => e.id),
		changed: after
			.filter((e) => beforeById.has(e.id) && beforeById.get(e.id) !== canonical(e))
			.map((e) => e.id)
	};
}

/** What changed from one version to the next: steps (moved counts as changed), pijnpunten, tickets. */
export type VersionChanges = { steps: EntityChanges; painPoints: EntityChanges; tickets: EntityChanges };

export function versionChanges(
	before: { steps: readonly Step[]; painPoints: readonly PainPoint[]; tickets: readonly Ticket[] },
	after: { steps: readonly Step[]; painPoints: readonly PainPoint[]; tickets: readonly Ticket[] }
): VersionChanges {
	const steps = diffSteps(before.steps, after.steps);
	const changed = new Set([...steps.moved, ...steps.changed]);
	return {
		steps: {
			added: steps.added,
			removed: steps.removed,
			changed: after.steps.filter((s) => changed.has(s.id)).map((s) => s.id)
		},
		painPoints: diffEntities(before.painPoints, after.painPoints),
		tickets: diffEntities(before.tickets, after.tickets)
	};
}

/** Signed difference, written for a reader: "+3", "−2", "0". */
export function signed(n: number): string {
	return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0';
}
