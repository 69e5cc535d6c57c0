import { PRINCIPLE_IDS, PRINCIPLES, type Journey } from '$lib/model';
import { signed, type JourneyComparison, type JourneyFigures } from './compare';
import { escapeMarkdown } from './toets';

/** One row of the figures a manager reads: what it is, the two values, and whether lower is better. */
export type FigureRow = { label: string; current: number; desired: number; lowerIsBetter: boolean };

/** The rows of the comparison table, in the order the page and the Markdown show them. */
export function figureRows(current: JourneyFigures, desired: JourneyFigures): FigureRow[] {
	const row = (label: string, key: keyof JourneyFigures, lowerIsBetter = true): FigureRow => ({
		label,
		current: current[key] as number,
		desired: desired[key] as number,
		lowerIsBetter
	});
	return [
		row('Stappen (contactmomenten)', 'steps'),
		row('Kanaalwisselingen', 'channelSwitches'),
		row('Wachttijd in dagen (opgeteld)', 'waitDays'),
		row('Handelingen van de inwoner', 'actions'),
		row('Termijnen', 'deadlines'),
		row('Fases zonder menselijk alternatief (bellen, balie, huisbezoek)', 'humanAlternativeGaps'),
		row('Open pijnpunten', 'openPainPoints')
	];
}

/** Per persona: the stuck steps in both journeys (a persona only in one counts 0 in the other). */
export function stuckRows(
	comparison: JourneyComparison,
	current: Pick<Journey, 'personas'>,
	desired: Pick<Journey, 'personas'>
): FigureRow[] {
	const names = new Map([...current.personas, ...desired.personas].map((p) => [p.id, p.name]));
	return [...names].map(([id, name]) => ({
		label: name,
		current: comparison.current.stuck[id] ?? 0,
		desired: comparison.desired.stuck[id] ?? 0,
		lowerIsBetter: true
	}));
}

/**
 * Per persona, in words: the steps where they get stuck now and in the
 * desired journey ("Ans: nu bij Maakt online een afspraak; straks nergens").
 */
export function stuckDetail(
	comparison: JourneyComparison,
	current: Pick<Journey, 'personas' | 'steps'>,
	desired: Pick<Journey, 'personas' | 'steps'>
): string[] {
	const titles = (j: Pick<Journey, 'steps'>, ids: string[] | undefined) => {
		const byId = new Map(j.steps.map((s) => [s.id, s.title]));
		return ids && ids.length > 0 ? `bij ${ids.map((id) => byId.get(id) ?? id).join(', ')}` : 'nergens';
	};
	const names = new Map([...current.personas, ...desired.personas].map((p) => [p.id, p.name]));
	return [...names].map(
		([id, name]) =>
			`${name}: nu ${titles(current, comparison.current.stuckSteps[id])}; straks ${titles(desired, comparison.desired.stuckSteps[id])}`
	);
}

/** Open pain points per hostmanship principle in both journeys. */
export function principleRows(comparison: JourneyComparison): FigureRow[] {
	return PRINCIPLE_IDS.map((id) => ({
		label: PRINCIPLES[id].label,
		current: comparison.current.openPainPointsByPrinciple[id],
		desired: comparison.desired.openPainPointsByPrinciple[id],
		lowerIsBetter: true
	}));
}

function table(lines: string[], head: string, rows: FigureRow[]): void {
	lines.push(`| ${head} | Huidige reis | Gewenste reis | Verschil |`, '| --- | ---: | ---: | ---: |');
	for (const r of rows) {
		lines.push(
			`| ${escapeMarkdown(r.label)} | ${r.current} | ${r.desired} | ${signed(r.desired - r.current)} |`
		);
	}
	lines.push('');
}

/**
 * The comparison as Markdown for a collegevoorstel: the figures, per persona
 * where they get stuck, open pain points per principle, and the steps that
 * change. Every text from the journeys is escaped (see escapeMarkdown).
 */
export function comparisonMarkdown(
	comparison: JourneyComparison,
	current: Journey,
	desired: Journey,
	generatedOn?: string
): string {
	const e = escapeMarkdown;
	const title = (j: Journey, id: string) => e(j.steps.find((s) => s.id === id)?.title ?? id);
	const lines: string[] = [`# Huidige en gewenste reis: ${e(current.title)}`, ''];
	if (current.organisation) lines.push(`Organisatie: ${e(current.organisation)}`, '');
	if (generatedOn) lines.push(`Gemaakt op ${e(generatedOn)} met Klantreis.`, '');
	lines.push(
		`De gewenste reis (“${e(desired.title)}”) vergeleken met de reis zoals die nu is. ` +
			'Bij elk cijfer geldt: lager is beter voor de inwoner.',
		''
	);
	lines.push('## Wat de nieuwe reis oplevert', '');
	table(lines, 'Cijfer', figureRows(comparison.current, comparison.desired));
	lines.push('## Waar persona’s vastlopen (aantal stappen)', '');
	const stuck = stuckRows(comparison, current, desired);
	if (stuck.length === 0) lines.push('Er zijn geen persona’s aan deze reis gekoppeld.', '');
	else {
		table(lines, 'Persona', stuck);
		for (const line of stuckDetail(comparison, current, desired)) lines.push(`- ${e(line)}`);
		lines.push('');
	}
	lines.push('## Open pijnpunten per hostmanship-principe', '');
	table(lines, 'Principe', principleRows(comparison));
	lines.push('## Wat er verandert in de stappen', '');
	const s = comparison.steps;
	const list = (label: string, ids: string[], j: Journey) => {
		if (ids.length === 0) return;
		lines.push(`**${label}** (${ids.length})`, '');
		for (const id of ids) lines.push(`- ${title(j, id)}`);
		lines.push('');
	};
	if (s.added.length + s.removed.length + s.moved.length + s.changed.length === 0) {
		lines.push('Geen verschillen in de stappen.', '');
	}
	list('Nieuw', s.added, desired);
	list('Vervalt', s.removed, current);
	list('Verplaatst', s.moved, desired);
	list('Gewijzigd', s.changed, desired);
	return lines.join('\n').replace(/\n+$/, '\n');
}
