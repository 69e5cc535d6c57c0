import {
	COMPONENTS,
	COMPONENT_LABELS,
	STRESS_LABELS,
	type Component,
	type Demands,
	type Doenvermogen,
	type Persona,
	type Step,
	sortByReis
} from '$lib/model';

/**
 * Doenvermogen analysis (WRR, "Weten is nog geen doen", 2017): per persona
 * and per step, where does the reis ask more than this person can do right
 * now? Pure functions over plain data, so the canvas can call them in a
 * `$derived` and the server can answer the API with the very same numbers.
 * The rules are documented in docs/doenvermogen.md.
 */

/** The highest value on both scales: capacity 1..5 and demand 0..5. */
export const SCALE_MAX = 5;
/** The highest stress level (acuut). */
export const STRESS_MAX = 3;

/** What the analysis needs of a persona; a full Persona fits. */
export type PersonaInput = Pick<Persona, 'id' | 'name' | 'doenvermogen'> & { stress?: number };
/** What the analysis needs of a step; a full Step fits. */
export type StepInput = Pick<Step, 'id' | 'title'> & { demands: Demands };

/**
 * Per step and persona: 'none' when the step asks nothing, 'ok' with at least
 * one point to spare on every component asked for, 'tight' when some demand
 * equals the effective capacity (no room for a bad day), 'stuck' when some
 * demand exceeds it (vastlopen).
 */
export type RiskLevel = 'none' | 'ok' | 'tight' | 'stuck';

export const RISK_LEVEL_LABELS: Record<RiskLevel, string> = {
	none: 'Vraagt niets',
	ok: 'Lukt',
	tight: 'Net aan',
	stuck: 'Loopt vast'
};

/** One component of one step for one persona. */
export type ComponentGap = {
	component: Component;
	/** What the step asks, 0..5. */
	demand: number;
	/** The persona's capacity without stress, 1..5. */
	capacity: number;
	/** Capacity lowered by stress, 0..5. */
	effective: number;
	/** demand - effective: above 0 is a shortfall, 0 is tight, below 0 is room to spare. */
	gap: number;
	/** demand > 0 and demand > effective. */
	stuck: boolean;
};

/** One step for one persona. */
export type StepAnalysis = {
	stepId: string;
	title: string;
	/** The contract's field: some component asks more than the effective capacity. */
	stuck: boolean;
	level: RiskLevel;
	/** 0 (no risk) to 1 (far short); stuck exactly when risk >= 0.5. See riskOf. */
	risk: number;
	/** Sum of the shortfalls over all components, in scale points. */
	shortfall: number;
	/** The components on which the persona gets stuck, in component order. */
	stuckOn: Component[];
	gaps: Record<Component, ComponentGap>;
	/** Plain Dutch (B1): why this step is stuck, tight or fine for this persona. */
	reasons: string[];
};

/** One persona over the whole reis. */
export type PersonaAnalysis = {
	personaId: string;
	name: string;
	/** The stress level used (the persona's own, or the override). */
	stress: number;
	capacity: Doenvermogen;
	effective: Record<Component, number>;
	/** In the order of the steps given (the reis order). */
	steps: StepAnalysis[];
	stuckCount: number;
	stuckStepIds: string[];
	/** Where the persona first gets stuck: the likely afhaakmoment. */
	firstStuckStepId: string | null;
	/** Mean step risk over the reis, 0..1. */
	risk: number;
	/** One plain Dutch sentence for a summary line. */
	summary: string;
};

/** One step over all personas. */
export type StepSummary = {
	stepId: string;
	title: string;
	stuckPersonaIds: string[];
	/** The highest risk of any persona at this step. */
	risk: number;
};

export type JourneyAnalysis = {
	personas: PersonaAnalysis[];
	steps: StepSummary[];
	/** Mean of the personas' journey risks, 0..1 (0 without personas). */
	risk: number;
};

export type AnalysisOptions = {
	/**
	 * Stress per persona id, overriding the persona's own level (the canvas's
	 * stress slider: "what if Sanne also got a deurwaarder at the door?").
	 * Clamped to 0..3.
	 */
	stress?: Readonly<Record<string, number>>;
};

function clamp(value: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, value));
}

/** A finite integer within [min, max]; anything else (NaN, a fraction) is rounded into it. */
function level(value: number | undefined, min: number, max: number): number {
	return Number.isFinite(value) ? clamp(Math.round(value as number), min, max) : min;
}

/**
 * Effective capacity of one component: every stress level costs one point,
 * on every component, down to 0.
 *
 * Why: the WRR finds that doenvermogen drops sharply under stress, for
 * everyone ("ook in de beste kringen"); scarcity takes up the mental
 * bandwidth that planning, starting and persevering need. One point per
 * level makes acute stress (3) take a strong 4 down to 1, which is the
 * sharp drop the WRR describes, and it is a rule a workshop group can
 * check by hand. Stress 0 lowers nothing.
 */
export function effectiveCapacity(capacity: number, stress = 0): number {
	return clamp(level(capacity, 0, SCALE_MAX) - level(stress, 0, STRESS_MAX), 0, SCALE_MAX);
}

/** The persona's effective capacity per component, with an optional stress override. */
export function effectiveProfile(
	persona: PersonaInput,
	stress = persona.stress ?? 0
): Record<Component, number> {
	return Object.fromEntries(
		COMPONENTS.map((c) => [c, effectiveCapacity(persona.doenvermogen[c], stress)])
	) as Record<Component, number>;
}

/**
 * The risk of one step for one persona, from its largest gap (the bottleneck:
 * one component asked too much is enough to get stuck). Two points to spare
 * or more: 0; one point to spare: 0; tight: 0.25; short by 1: 0.5; by 2: 0.75;
 * by 3 or more: 1. Components the step does not ask for (demand 0) count not.
 */
export function riskOf(gaps: readonly Pick<ComponentGap, 'demand' | 'gap'>[]): number {
	const asked = gaps.filter((g) => g.demand > 0);
	if (asked.length === 0) return 0;
	const worst = Math.max(...asked.map((g) => g.gap));
	return clamp((worst + 1) / 4, 0, 1);
}

function levelOf(gaps: readonly ComponentGap[]): RiskLevel {
	const asked = gaps.filter((g) => g.demand > 0);
	if (asked.length === 0) return 'none';
	const worst = Math.max(...asked.map((g) => g.gap));
	return worst > 0 ? 'stuck' : worst === 0 ? 'tight' : 'ok';
}

function quoted(component: Component): string {
	return `‘${COMPONENT_LABELS[component].toLowerCase()}’`;
}

function points(n: number): string {
	return n === 1 ? '1 punt' : `${n} punten`;
}

/** The first name keeps the plain Dutch sentences short. */
function firstName(persona: PersonaInput): string {
	return persona.name.trim().split(/\s+/)[0] || persona.name;
}

/** Plain Dutch reasons for one step. */
function reasonsFor(persona: PersonaInput, stress: number, gaps: ComponentGap[]): string[] {
	const first = firstName(persona);
	const asked = gaps.filter((g) => g.demand > 0);
	if (asked.length === 0) return [`Deze stap vraagt niets van het doenvermogen van ${first}.`];
	const reasons: string[] = [];
	const lowered =
		stress > 0
			? ` Door ${STRESS_LABELS[stress].toLowerCase()} is dat ${points(stress)} minder dan normaal.`
			: '';
	for (const g of asked.filter((g) => g.stuck)) {
		reasons.push(
			`Loopt vast op ${quoted(g.component)}: de stap vraagt ${g.demand}, ${first} kan nu ${g.effective}.${lowered}`
		);
	}
	for (const g of asked.filter((g) => g.gap === 0)) {
		reasons.push(
			`Net aan bij ${quoted(g.component)}: de stap vraagt ${g.demand} en ${first} kan precies ${g.effective}. Bij een tegenvaller loopt ${first} hier vast.`
		);
	}
	if (reasons.length === 0) {
		const room = Math.min(...asked.map((g) => -g.gap));
		reasons.push(`Dit lukt ${first}: op elk onderdeel is er minstens ${points(room)} over.`);
	}
	return reasons;
}

/** One step for one persona. */
export function analyseStep(
	step: StepInput,
	persona: PersonaInput,
	stress = persona.stress ?? 0
): StepAnalysis {
	const s = level(stress, 0, STRESS_MAX);
	const gaps = Object.fromEntries(
		COMPONENTS.map((c) => {
			const demand = level(step.demands[c], 0, SCALE_MAX);
			const capacity = level(persona.doenvermogen[c], 1, SCALE_MAX);
			const effective = effectiveCapacity(capacity, s);
			const gap = demand - effective;
			return [c, { component: c, demand, capacity, effective, gap, stuck: demand > 0 && gap > 0 }];
		})
	) as Record<Component, ComponentGap>;
	const list = COMPONENTS.map((c) => gaps[c]);
	const stuckOn = list.filter((g) => g.stuck).map((g) => g.component);
	return {
		stepId: step.id,
		title: step.title,
		stuck: stuckOn.length > 0,
		level: levelOf(list),
		risk: riskOf(list),
		shortfall: list.reduce((sum, g) => sum + (g.stuck ? g.gap : 0), 0),
		stuckOn,
		gaps,
		reasons: reasonsFor(persona, s, list)
	};
}

/**
 * The personas that get stuck (vastlopen) at a step: the step asks more of
 * some component than the persona's capacity lowered by stress. A component
 * the step does not ask for (demand 0) never makes anyone stuck (CONTRACT.md,
 * `GET /api/journeys/:id/doenvermogen`).
 */
export function personasStuckAt<P extends PersonaInput>(step: StepInput, personas: readonly P[]): P[] {
	return personas.filter((p) => analyseStep(step, p).stuck);
}

function summaryOf(first: string, total: number, stuck: StepAnalysis[]): string {
	if (total === 0) return `Deze reis heeft nog geen stappen.`;
	if (stuck.length === 0) return `${first} komt door de hele reis heen.`;
	const where = `‘${stuck[0].title}’`;
	return stuck.length === 1
		? `${first} loopt vast bij 1 van de ${total} stappen: ${where}.`
		: `${first} loopt vast bij ${stuck.length} van de ${total} stappen, voor het eerst bij ${where}.`;
}

/** One persona over the given steps (in reis order). */
export function analysePersona(
	steps: readonly StepInput[],
	persona: PersonaInput,
	stress = persona.stress ?? 0
): PersonaAnalysis {
	const s = level(stress, 0, STRESS_MAX);
	const results = steps.map((step) => analyseStep(step, persona, s));
	const stuck = results.filter((r) => r.stuck);
	const first = firstName(persona);
	return {
		personaId: persona.id,
		name: persona.name,
		stress: s,
		capacity: { ...persona.doenvermogen },
		effective: effectiveProfile(persona, s),
		steps: results,
		stuckCount: stuck.length,
		stuckStepIds: stuck.map((r) => r.stepId),
		firstStuckStepId: stuck[0]?.stepId ?? null,
		risk: results.length === 0 ? 0 : results.reduce((sum, r) => sum + r.risk, 0) / results.length,
		summary: summaryOf(first, results.length, stuck)
	};
}

/**
 * Steps in reis order. With `stages` (a Journey): by fase, then by order within
 * the fase (sortByReis, as every view numbers them); without (bare step lists
 * of tests and callers without fases): by `order`, then id.
 */
function inReisOrder<T extends StepInput & { order?: number; stageId?: string }>(
	steps: readonly T[],
	stages?: readonly { id: string }[]
): T[] {
	if (stages)
		return sortByReis(
			steps.map((s) => ({ ...s, stageId: s.stageId ?? '' })),
			stages
		) as T[];
	return [...steps].sort(
		(a, b) => (a.order ?? 0) - (b.order ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
	);
}

/**
 * The whole reis: every persona of the journey over every step. `options.stress`
 * overrides a persona's stress by id (the canvas's slider).
 */
export function analyseJourney(
	journey: {
		steps: readonly (StepInput & { order?: number; stageId?: string })[];
		personas: readonly PersonaInput[];
		stages?: readonly { id: string }[];
	},
	options: AnalysisOptions = {}
): JourneyAnalysis {
	const steps = inReisOrder(journey.steps, journey.stages);
	const personas = journey.personas.map((p) =>
		analysePersona(steps, p, options.stress?.[p.id] ?? p.stress ?? 0)
	);
	const summaries = steps.map((step, i) => ({
		stepId: step.id,
		title: step.title,
		stuckPersonaIds: personas.filter((p) => p.steps[i].stuck).map((p) => p.personaId),
		risk: Math.max(0, ...personas.map((p) => p.steps[i].risk))
	}));
	return {
		personas,
		steps: summaries,
		risk: personas.length === 0 ? 0 : personas.reduce((sum, p) => sum + p.risk, 0) / personas.length
	};
}
