import {
	CHANNEL_KINDS,
	COMPONENTS,
	COMPONENT_LABELS,
	DEMAND_GUIDANCE,
	DIGITAL_SKILLS_LABELS,
	LITERACY_LABELS,
	PERSONAL_CONTACT_KINDS,
	STRESS_LABELS,
	type ChannelKind,
	type Component,
	type Journey
} from '$lib/model';
import { analyseJourney, type AnalysisOptions, type StepAnalysis } from './doenvermogen';

/**
 * Draft doenvermogentoets (concept): the reis laid out the way the government
 * tests a regulation for doenvermogen. 1. the actions the resident must take;
 * 2. the factors that decide whether they manage; 3. a checklist for the talk
 * with the target group; 4. a conclusion per persona with suggested measures.
 * `buildToets` gives the structure (the printable page renders it),
 * `toetsMarkdown` the Markdown download; both pure.
 */

/** Kanalen where the resident is on their own, without a person to help (the complement of PERSONAL_CONTACT_KINDS). */
const SELF_SERVICE: ReadonlySet<ChannelKind> = new Set(
	CHANNEL_KINDS.filter((k) => !PERSONAL_CONTACT_KINDS.has(k) && k !== 'anders')
);
const DIGITAL: ReadonlySet<ChannelKind> = new Set([
	'website',
	'app',
	'mijnoverheid',
	'e-mail',
	'chat',
	'whatsapp',
	'sociale-media'
]);

/** Suggested measures per component, after the WRR's advice: early, personal, adapted. */
export const MEASURES: Record<Component, readonly string[]> = {
	plan: [
		'Vraag minder documenten; vraag niet opnieuw wat de overheid al weet.',
		'Geef één overzicht van wat nodig is en wanneer.'
	],
	act: [
		'Zoek vroeg en persoonlijk contact: bel of ga langs voordat het misgaat.',
		'Help bij de eerste stap, bijvoorbeeld samen het formulier invullen.'
	],
	persevere: [
		'Stuur herinneringen en een tussenbericht, ook als er nog geen besluit is.',
		'Geef één vast contactpersoon, zodat de inwoner niet steeds opnieuw hoeft uit te leggen.'
	],
	cope: [
		'Bel bij slecht nieuws en leg een afwijzing uit in gewone taal.',
		'Geef ruimte om een fout te herstellen voordat er een boete of afwijzing komt.'
	]
};

/** Always suggested where someone gets stuck: the human alternative. */
export const HUMAN_ALTERNATIVE = 'Bied een menselijk alternatief: klik, bel, kom.';

export type ToetsAction = {
	stepId: string;
	title: string;
	stage: string;
	channel: string;
	/** "Een plan maken: 4 (Veel papieren verzamelen ...)" for each component asked for. */
	asks: string[];
	actions: number;
	deadlines: number;
	waitDays: number;
};

export type ToetsFactor = { title: string; detail: string };

export type ToetsStuckPoint = {
	stepId: string;
	title: string;
	reasons: string[];
	measures: string[];
};

export type ToetsPersona = {
	personaId: string;
	name: string;
	profile: string;
	summary: string;
	stuck: ToetsStuckPoint[];
};

export type Toets = {
	title: string;
	organisation: string;
	description: string;
	actions: ToetsAction[];
	totals: { actions: number; deadlines: number; waitDays: number };
	factors: ToetsFactor[];
	checklist: string[];
	conclusion: ToetsPersona[];
};

export const TOETS_CHECKLIST: readonly string[] = [
	'Hebben we deze stappen doorgelopen met inwoners uit de doelgroep, niet alleen met collega’s?',
	'Weten inwoners dat ze iets moeten doen, en wanneer? Vraag het hun in hun eigen woorden.',
	'Welke stap zien inwoners het meest tegen op, en waarom?',
	'Wat gebeurt er als iemand een termijn mist of een stuk vergeet? Is er een tweede kans?',
	'Kan iemand die niet digitaal is of moeite heeft met lezen elke stap zetten, met hulp aan de balie of de telefoon?',
	'Hoe lang hoort de inwoner niets, en wat denkt hij of zij in die tijd?',
	'Wie neemt contact op als het niet lukt: de inwoner, of wij?',
	'Begrijpen inwoners de brieven? Laat ze de brief hardop navertellen.',
	'Wat doet stress (schulden, scheiding, ziekte) met deze reis? Vraag naar de slechtste week.'
];

function asks(demands: Record<Component, number>): string[] {
	return COMPONENTS.filter((c) => demands[c] > 0).map(
		(c) => `${COMPONENT_LABELS[c]}: ${demands[c]} (${DEMAND_GUIDANCE[c][demands[c]].replace(/\.$/, '')})`
	);
}

function measuresFor(step: StepAnalysis, selfService: boolean): string[] {
	const out = step.stuckOn.flatMap((c) => MEASURES[c]);
	if (selfService || step.stuckOn.includes('act')) out.push(HUMAN_ALTERNATIVE);
	return [...new Set(out)];
}

function factorsOf(journey: Journey, totals: Toets['totals']): ToetsFactor[] {
	const factors: ToetsFactor[] = [];
	const channelKind = new Map(journey.channels.map((c) => [c.id, c.kind]));
	for (const c of COMPONENTS) {
		const heavy = journey.steps.filter((s) => s.demands[c] >= 4);
		if (heavy.length > 0) {
			factors.push({
				title: `${COMPONENT_LABELS[c]} wordt zwaar gevraagd`,
				detail: `${heavy.length} ${heavy.length === 1 ? 'stap vraagt' : 'stappen vragen'} 4 of meer: ${heavy.map((s) => s.title).join('; ')}.`
			});
		}
	}
	const stressed = journey.personas.filter((p) => p.stress >= 2);
	if (stressed.length > 0) {
		factors.push({
			title: 'Stress',
			detail: `Onder stress daalt het doenvermogen sterk (WRR). Veel of acute stress bij: ${stressed.map((p) => p.name).join(', ')}.`
		});
	}
	const digitalOnly = journey.steps.filter((s) => DIGITAL.has(channelKind.get(s.channelId) ?? 'anders'));
	const weakDigital = journey.personas.filter(
		(p) => p.digitalSkills === 'none' || p.digitalSkills === 'basic'
	);
	if (digitalOnly.length > 0 && weakDigital.length > 0) {
		factors.push({
			title: 'Digitale vaardigheden',
			detail: `${digitalOnly.length} stappen gaan via een digitaal kanaal; ${weakDigital.map((p) => p.name).join(', ')} ${weakDigital.length === 1 ? 'is' : 'zijn'} niet of beperkt digitaal vaardig.`
		});
	}
	const lowLiteracy = journey.personas.filter((p) => p.literacy === 'low' || p.literacy === 'basic');
	const letters = journey.steps.filter((s) => channelKind.get(s.channelId) === 'brief');
	if (lowLiteracy.length > 0 && letters.length > 0) {
		factors.push({
			title: 'Lezen en schrijven',
			detail: `${letters.length} ${letters.length === 1 ? 'stap is een brief' : 'stappen zijn brieven'}; ${lowLiteracy.map((p) => p.name).join(', ')} ${lowLiteracy.length === 1 ? 'leest' : 'lezen'} moeizaam of alleen eenvoudige taal.`
		});
	}
	if (totals.deadlines > 0) {
		factors.push({
			title: 'Termijnen',
			detail: `De inwoner moet ${totals.deadlines} ${totals.deadlines === 1 ? 'termijn' : 'termijnen'} halen.`
		});
	}
	if (totals.waitDays > 0) {
		factors.push({
			title: 'Wachten',
			detail: `Samen ${totals.waitDays} dagen wachten; wachten zonder nieuws vraagt volhouden.`
		});
	}
	return factors;
}

/** The structure of the draft toets for a journey. */
export function buildToets(journey: Journey, options: AnalysisOptions = {}): Toets {
	const analysis = analyseJourney(journey, options);
	const stageName = new Map(journey.stages.map((s) => [s.id, s.name]));
	const channel = new Map(journey.channels.map((c) => [c.id, c]));
	const stepById = new Map(journey.steps.map((s) => [s.id, s]));
	const ordered = analysis.steps.map((s) => stepById.get(s.stepId)!);
	const actions = ordered.map((s) => ({
		stepId: s.id,
		title: s.title,
		stage: stageName.get(s.stageId) ?? '',
		channel: channel.get(s.channelId)?.name ?? '',
		asks: asks(s.demands),
		actions: s.actions,
		deadlines: s.deadlines,
		waitDays: s.waitDays
	}));
	const totals = {
		actions: ordered.reduce((n, s) => n + s.actions, 0),
		deadlines: ordered.reduce((n, s) => n + s.deadlines, 0),
		waitDays: ordered.reduce((n, s) => n + s.waitDays, 0)
	};
	const conclusion = analysis.personas.map((pa) => {
		const p = journey.personas.find((x) => x.id === pa.personaId)!;
		const profile = [
			...COMPONENTS.map(
				(c) =>
					`${COMPONENT_LABELS[c]} ${pa.capacity[c]}${pa.effective[c] !== pa.capacity[c] ? ` (nu ${pa.effective[c]})` : ''}`
			),
			STRESS_LABELS[pa.stress],
			`digitaal: ${DIGITAL_SKILLS_LABELS[p.digitalSkills].split(':')[0].toLowerCase()}`,
			`lezen: ${LITERACY_LABELS[p.literacy].split(':')[0].toLowerCase()}`
		].join(', ');
		return {
			personaId: pa.personaId,
			name: pa.name,
			profile,
			summary: pa.summary,
			stuck: pa.steps
				.filter((s) => s.stuck)
				.map((s) => {
					const kind = channel.get(stepById.get(s.stepId)!.channelId)?.kind ?? 'anders';
					return {
						stepId: s.stepId,
						title: s.title,
						reasons: s.reasons,
						measures: measuresFor(s, SELF_SERVICE.has(kind))
					};
				})
		};
	});
	return {
		title: journey.title,
		organisation: journey.organisation,
		description: journey.description,
		actions,
		totals,
		factors: factorsOf(journey, totals),
		checklist: [...TOETS_CHECKLIST],
		conclusion
	};
}

/**
 * Escapes user text for Markdown. Line breaks become spaces, so text stays
 * on its line (a table cell, a list item); inline markup characters get a
 * backslash (CommonMark allows one before any ASCII punctuation); and so
 * does a block marker at the start (`#`, `>`, `-`, `+`, `=`, `1.`), so a
 * title can never open a heading, a quote, a list, a link, HTML or a cell.
 * Ordinary full stops and hyphens inside a sentence stay readable.
 */
export function escapeMarkdown(text: string): string {
	return text
		.replace(/\r\n?|\n/g, ' ')
		.trim()
		.replace(/[\\`*_[\]<>|~&]/g, '\\$&')
		.replace(/^([#>+\-=]|\d+[.)])/, (m) => m.replace(/[#>+\-=.)]/, '\\$&'));
}

function cell(text: string): string {
	return escapeMarkdown(text) || ' ';
}

/** The toets as Markdown, for a memo or a wiki. */
export function toetsMarkdown(toets: Toets, generatedOn?: string): string {
	const e = escapeMarkdown;
	const lines: string[] = [];
	lines.push(`# Doenvermogentoets (concept): ${e(toets.title)}`, '');
	if (toets.organisation) lines.push(`Organisatie: ${e(toets.organisation)}`, '');
	if (generatedOn) lines.push(`Gemaakt op ${e(generatedOn)} met Klantreis.`, '');
	lines.push(
		'> Dit is een concept, gemaakt met verzonnen persona’s. Bespreek het met inwoners uit de doelgroep voordat u conclusies trekt.',
		''
	);
	if (toets.description) lines.push(e(toets.description), '');

	lines.push('## 1. Wat moet de inwoner doen?', '');
	if (toets.actions.length === 0) {
		lines.push('Deze reis heeft nog geen stappen.', '');
	} else {
		lines.push(
			'| Nr | Stap | Fase | Kanaal | Wat vraagt het | Handelingen | Termijnen | Wachten (dagen) |',
			'| --- | --- | --- | --- | --- | --- | --- | --- |'
		);
		toets.actions.forEach((a, i) => {
			const ask = a.asks.length === 0 ? 'Niets' : a.asks.map(cell).join('<br>');
			lines.push(
				`| ${i + 1} | ${cell(a.title)} | ${cell(a.stage)} | ${cell(a.channel)} | ${ask} | ${a.actions} | ${a.deadlines} | ${a.waitDays} |`
			);
		});
		lines.push(
			'',
			`In totaal: ${toets.actions.length} stappen, ${toets.totals.actions} handelingen, ${toets.totals.deadlines} termijnen en ${toets.totals.waitDays} dagen wachten.`,
			''
		);
	}

	lines.push('## 2. Wat bepaalt of het lukt?', '');
	if (toets.factors.length === 0) lines.push('Geen bijzondere factoren gevonden.', '');
	for (const f of toets.factors) lines.push(`- **${e(f.title)}**: ${e(f.detail)}`);
	if (toets.factors.length > 0) lines.push('');

	lines.push('## 3. Gesprek met de doelgroep', '', 'Vragen om samen met inwoners door te lopen:', '');
	for (const item of toets.checklist) lines.push(`- [ ] ${e(item)}`);
	lines.push('');

	lines.push('## 4. Conclusie: waar lopen inwoners vast?', '');
	if (toets.conclusion.length === 0) lines.push('Er zijn nog geen persona’s aan deze reis gekoppeld.', '');
	for (const p of toets.conclusion) {
		lines.push(`### ${e(p.name)}`, '', e(p.profile), '', e(p.summary), '');
		for (const s of p.stuck) {
			lines.push(`- **${e(s.title)}**`);
			for (const r of s.reasons) lines.push(`  - ${e(r)}`);
			lines.push(`  - Mogelijke maatregelen:`);
			for (const m of s.measures) lines.push(`    - ${e(m)}`);
		}
		if (p.stuck.length > 0) lines.push('');
	}
	return lines.join('\n').replace(/\n+$/, '\n');
}

/** A safe file name for the download: `doenvermogentoets-<slug>.md`. */
export function toetsFileName(title: string): string {
	const slug = title
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60);
	return `doenvermogentoets-${slug || 'klantreis'}.md`;
}
