import {
	DEFAULT_PROMPTS,
	sortByReis,
	PRINCIPLE_IDS,
	PRINCIPLES,
	painPointStatus,
	promptKey,
	type Finding,
	type Journey,
	type PainPoint,
	type Principle,
	type Step,
	type TrainerSession
} from '$lib/model';

/**
 * Hostmanship analysis, pure: which steps a principle filter keeps, the
 * heatmaps of principle by fase and by kanaal, the ranking of pain points,
 * and the trainer session's vote counts and summary.
 */

/**
 * The steps with at least one pain point tagged with one of `principles` (the
 * canvas filter). An empty selection filters nothing: every step is kept.
 */
export function stepsMatchingPrinciples(journey: Journey, principles: Iterable<Principle>): Set<string> {
	const wanted = new Set(principles);
	if (wanted.size === 0) return new Set(journey.steps.map((s) => s.id));
	const out = new Set<string>();
	for (const p of journey.painPoints) if (p.principles.some((id) => wanted.has(id))) out.add(p.stepId);
	return out;
}

/** Pain points that still count: a resolved or dismissed one is no longer a problem of the reis. */
export function isActive(p: PainPoint): boolean {
	const status = painPointStatus(p);
	return status === 'open' || status === 'confirmed';
}

/** How well a pain point is evidenced: the number of different figures it carries. */
export function evidenceScore(p: PainPoint): number {
	return new Set(p.evidence.map((e) => (e.metric === 'other' ? `other:${e.label ?? ''}` : e.metric))).size;
}

export type RankedPainPoint = { painPoint: PainPoint; step: Step; stepNumber: number; evidence: number };

/**
 * Active pain points, the most severe first, then the best evidenced, then in
 * the order of the reis (and by id, so the order is stable).
 */
export function rankPainPoints(journey: Journey): RankedPainPoint[] {
	const steps = new Map(
		sortByReis(journey.steps, journey.stages).map((s, i) => [s.id, { step: s, number: i + 1 }])
	);
	const ranked: RankedPainPoint[] = [];
	for (const painPoint of journey.painPoints) {
		const at = steps.get(painPoint.stepId);
		if (!at || !isActive(painPoint)) continue;
		ranked.push({ painPoint, step: at.step, stepNumber: at.number, evidence: evidenceScore(painPoint) });
	}
	return ranked.sort(
		(a, b) =>
			b.painPoint.severity - a.painPoint.severity ||
			b.evidence - a.evidence ||
			a.stepNumber - b.stepNumber ||
			(a.painPoint.id < b.painPoint.id ? -1 : a.painPoint.id > b.painPoint.id ? 1 : 0)
	);
}

export type HeatCell = {
	principle: Principle;
	laneId: string;
	/** Active pain points with this principle at steps in this lane. */
	count: number;
	/** Their severities added up: the weight the colour shows. */
	weight: number;
	painPointIds: string[];
};

export type Heatmap = {
	principles: { id: Principle; label: string }[];
	lanes: { id: string; name: string }[];
	/** Row by row: one row per principle, one cell per lane, in the lanes' order. */
	rows: HeatCell[][];
	maxWeight: number;
};

/** Principle by fase (`by: 'stage'`) or principle by kanaal (`by: 'channel'`). */
export function heatmap(journey: Journey, by: 'stage' | 'channel'): Heatmap {
	const lanes = (by === 'stage' ? journey.stages : journey.channels).map((l) => ({ id: l.id, name: l.name }));
	const laneOf = new Map(journey.steps.map((s) => [s.id, by === 'stage' ? s.stageId : s.channelId]));
	const rows = PRINCIPLE_IDS.map((principle) =>
		lanes.map((lane): HeatCell => ({ principle, laneId: lane.id, count: 0, weight: 0, painPointIds: [] }))
	);
	const laneIndex = new Map(lanes.map((l, i) => [l.id, i]));
	const principleIndex = new Map(PRINCIPLE_IDS.map((p, i) => [p, i]));
	for (const p of journey.painPoints) {
		if (!isActive(p)) continue;
		const lane = laneIndex.get(laneOf.get(p.stepId) ?? '');
		if (lane === undefined) continue;
		for (const principle of p.principles) {
			const cell = rows[principleIndex.get(principle)!][lane];
			cell.count += 1;
			cell.weight += p.severity;
			cell.painPointIds.push(p.id);
		}
	}
	const maxWeight = Math.max(0, ...rows.flat().map((c) => c.weight));
	return {
		principles: PRINCIPLE_IDS.map((id) => ({ id, label: PRINCIPLES[id].label })),
		lanes,
		rows,
		maxWeight
	};
}

/** Per principle: how many active pain points carry it, and how many of those are blocking. */
export function principleTotals(
	journey: Journey
): { principle: Principle; count: number; blocking: number }[] {
	return PRINCIPLE_IDS.map((principle) => {
		const tagged = journey.painPoints.filter((p) => isActive(p) && p.principles.includes(principle));
		return { principle, count: tagged.length, blocking: tagged.filter((p) => p.severity === 3).length };
	});
}

/** The question on a prompt card: the trainer's own for this step, or the default. */
export function promptFor(session: TrainerSession | null, stepId: string, principle: Principle): string {
	return session?.prompts[promptKey(stepId, principle)] ?? DEFAULT_PROMPTS[principle];
}

/** Votes per finding, over everyone. */
export function voteTotals(session: TrainerSession): Map<string, number> {
	const totals = new Map<string, number>();
	for (const allocation of Object.values(session.votes)) {
		for (const [id, n] of Object.entries(allocation)) totals.set(id, (totals.get(id) ?? 0) + n);
	}
	return totals;
}

/** How many votes one person has spent. */
export function votesUsed(session: TrainerSession, voterId: string): number {
	return Object.values(session.votes[voterId] ?? {}).reduce((a, b) => a + b, 0);
}

/**
 * Which findings a person sees: all once the trainer revealed them (or to the
 * trainer), otherwise only their own.
 */
export function visibleFindings(session: TrainerSession, voterId: string, isTrainer: boolean): Finding[] {
	if (session.revealed || isTrainer) return session.findings;
	return session.findings.filter((f) => f.authorId === voterId);
}

export type SummaryItem = { finding: Finding; votes: number; step: Step; stepNumber: number };
export type SessionSummary = {
	principles: { principle: Principle; label: string; total: number; top: SummaryItem[] }[];
	findings: number;
	voters: number;
	votes: number;
};

/**
 * The summary of a session: per principle the `top` most voted findings (ties
 * by the order of the reis, then the order they were added). Findings on a
 * step that no longer exists are left out.
 */
export function sessionSummary(session: TrainerSession, journey: Journey, top = 3): SessionSummary {
	const totals = voteTotals(session);
	const steps = new Map(
		sortByReis(journey.steps, journey.stages).map((s, i) => [s.id, { step: s, number: i + 1 }])
	);
	const items: SummaryItem[] = [];
	for (const finding of session.findings) {
		const at = steps.get(finding.stepId);
		if (at) items.push({ finding, votes: totals.get(finding.id) ?? 0, step: at.step, stepNumber: at.number });
	}
	const order = new Map(session.findings.map((f, i) => [f.id, i]));
	items.sort(
		(a, b) =>
			b.votes - a.votes || a.stepNumber - b.stepNumber || order.get(a.finding.id)! - order.get(b.finding.id)!
	);
	return {
		principles: PRINCIPLE_IDS.map((principle) => {
			const mine = items.filter((i) => i.finding.principle === principle);
			return { principle, label: PRINCIPLES[principle].label, total: mine.length, top: mine.slice(0, top) };
		}),
		findings: items.length,
		voters: Object.values(session.votes).filter((v) => Object.keys(v).length > 0).length,
		votes: [...totals.values()].reduce((a, b) => a + b, 0)
	};
}

/** Remaining whole seconds of the countdown at `now` (0 when ended or not running). */
export function secondsLeft(endsAt: number | null, now: number): number {
	if (endsAt === null) return 0;
	return Math.max(0, Math.ceil((endsAt - now) / 1000));
}

/** `m:ss`, as the countdown shows it. */
export function formatCountdown(seconds: number): string {
	const s = Math.max(0, Math.floor(seconds));
	return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
