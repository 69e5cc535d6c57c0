import { personasStuckAt } from '$lib/analysis/doenvermogen';
import {
	CHANNEL_KIND_LABELS,
	METRIC_INFO,
	PRINCIPLES,
	SEVERITY_LABELS,
	type Evidence,
	type Journey,
	type PainPoint,
	type Persona,
	type Ticket
} from '$lib/model';

/**
 * The prefill of a new verbeterticket from its pain points, and the Dutch
 * lines every export uses for evidence. Pure functions over a Journey.
 */

/** One KCC figure as a Dutch line: "Afhakers: 41% (Website-statistieken, 2026-Q2, kanaal Website)". */
export function formatEvidence(e: Evidence): string {
	const info = METRIC_INFO[e.metric];
	const label = e.metric === 'other' && e.label ? e.label : info.label;
	const value = info.unit === '%' ? `${e.value}%` : info.unit ? `${e.value} ${info.unit}` : String(e.value);
	const where = [e.source, e.period, e.channel ? `kanaal ${CHANNEL_KIND_LABELS[e.channel]}` : '']
		.filter(Boolean)
		.join(', ');
	return `${label}: ${value} (${where})${e.note ? `. ${e.note}` : ''}`;
}

/** The fields a new ticket starts with; the user still sets department, priority and the rest. */
export type TicketDraft = Pick<
	Ticket,
	'painPointIds' | 'title' | 'description' | 'department' | 'priority' | 'acceptanceCriteria'
>;

const SUGGESTED_TITLE_MAX = 120;

function firstSentence(text: string): string {
	const line = text.trim().split('\n')[0] ?? '';
	const match = /^(.+?[.!?])(\s|$)/.exec(line);
	return (match ? match[1] : line).trim();
}

function shorten(text: string, max: number): string {
	if (text.length <= max) return text;
	const cut = text.slice(0, max - 1);
	const space = cut.lastIndexOf(' ');
	return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

/**
 * A ticket prefilled from pain points: their descriptions and evidence, the
 * step, fase and kanaal, the personas who get stuck there, a suggested title,
 * a priority from the worst severity, and the step's owning afdeling as a
 * first guess at the department. Pain point ids that do not exist are dropped.
 */
export function ticketDraft(journey: Journey, painPointIds: readonly string[]): TicketDraft {
	const byId = new Map(journey.painPoints.map((p) => [p.id, p]));
	const painPoints = painPointIds.map((id) => byId.get(id)).filter((p): p is PainPoint => !!p);
	const steps = new Map(journey.steps.map((s) => [s.id, s]));
	const stages = new Map(journey.stages.map((s) => [s.id, s.name]));
	const channels = new Map(journey.channels.map((c) => [c.id, c.name]));

	const blocks: string[] = [];
	const stuck = new Map<string, Persona>();
	for (const p of painPoints) {
		const step = steps.get(p.stepId);
		const lines: string[] = [];
		if (step) {
			lines.push(
				`Pijnpunt bij stap "${step.title}" (fase ${stages.get(step.stageId) ?? '?'}, kanaal ${channels.get(step.channelId) ?? '?'}):`
			);
			for (const persona of personasStuckAt(step, journey.personas)) stuck.set(persona.id, persona);
		} else {
			lines.push('Pijnpunt:');
		}
		if (p.description.trim()) lines.push(p.description.trim());
		lines.push(
			`Ernst: ${SEVERITY_LABELS[p.severity]}. Hostmanship: ${p.principles.map((id) => PRINCIPLES[id].label).join(', ')}.`
		);
		if (p.evidence.length > 0) {
			lines.push('Onderbouwing:', ...p.evidence.map((e) => `- ${formatEvidence(e)}`));
		}
		blocks.push(lines.join('\n'));
	}
	if (stuck.size > 0) {
		blocks.push(`Persona's die hier vastlopen: ${[...stuck.values()].map((p) => p.name).join(', ')}.`);
	}

	const worst = [...painPoints].sort((a, b) => b.severity - a.severity)[0];
	const worstStep = worst ? steps.get(worst.stepId) : undefined;
	const sentence = worst ? firstSentence(worst.description) : '';
	const title = sentence
		? shorten(sentence, SUGGESTED_TITLE_MAX)
		: worstStep
			? shorten(`Verbeter de stap "${worstStep.title}"`, SUGGESTED_TITLE_MAX)
			: '';
	const severity = worst?.severity ?? 0;
	return {
		painPointIds: painPoints.map((p) => p.id),
		title,
		description: blocks.join('\n\n'),
		department: worstStep?.owner ?? '',
		priority: severity >= 3 ? 'high' : severity === 2 ? 'medium' : 'low',
		acceptanceCriteria: ''
	};
}
