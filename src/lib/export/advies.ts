import { analyseJourney } from '$lib/analysis/doenvermogen';
import { coverage, stepFigures, type ContactFigure } from '$lib/analysis/contacts';
import { rankPainPoints } from '$lib/analysis/hostmanship';
import {
	PRINCIPLES,
	PRINCIPLE_IDS,
	TICKET_STATUS_LABELS,
	TICKET_STATUSES,
	type Journey,
	type TicketStatus
} from '$lib/model';
import { departmentOrder, escapeMarkdownInline as md } from './markdown';

/**
 * The klantcontact- en interactie-advies (bouwsteen 7 of the VNG's
 * dienstverleningsbouwstenen): what a change to this reis means for future
 * klantcontact, for a collegevoorstel. Four questions, in plain Dutch (B1):
 * 1. what it does to contact per kanaal (from the imported figures);
 * 2. whether the reis fits the bejegening (hostmanship pain points, where personas get stuck);
 * 3. which vakafdelingen must align (tickets);
 * 4. where "klik, bel, kom" has a gap (fases without a human alternative).
 * Pure: the same journey, figures and date give the same Markdown.
 */
export function adviesMarkdown(journey: Journey, figures: readonly ContactFigure[], today: Date): string {
	const date = today.toLocaleDateString('nl-NL', { day: 'numeric', month: 'long', year: 'numeric' });
	const stepNumber = new Map<string, number>();
	const perStep = stepFigures(journey, figures);
	perStep.forEach((s, i) => stepNumber.set(s.stepId, i + 1));
	const stepTitle = new Map(journey.steps.map((s) => [s.id, s.title]));
	const channelName = new Map(journey.channels.map((c) => [c.id, c.name]));
	const stageName = new Map(journey.stages.map((s) => [s.id, s.name]));
	const lines: string[] = [];
	const out = (...l: string[]) => lines.push(...l);

	out(`# Klantcontact- en interactie-advies: ${md(journey.title)}`, '');
	out(`${journey.organisation ? `${md(journey.organisation)}, ` : ''}${date}. Gemaakt met Klantreis.`, '');

	// 1. Klantcontact per kanaal.
	const months = [...new Set(figures.map((f) => f.month))].sort();
	const total = figures.reduce((n, f) => n + f.contacts, 0);
	out('## 1. Wat betekent deze reis voor het klantcontact?', '');
	if (total === 0) {
		out(
			'Er zijn nog geen contactcijfers geïmporteerd. Importeer een export van het KCC-systeem ' +
				'(Contactcijfers op de kaart) om te zien hoeveel inwoners bij welke stap contact opnemen.',
			''
		);
	} else {
		const perMonth = Math.round(total / Math.max(1, months.length));
		out(
			`In ${months.length} ${months.length === 1 ? 'maand' : 'maanden'} (${months[0]} tot en met ${months.at(-1)}) ` +
				`namen inwoners ${total.toLocaleString('nl-NL')} keer contact op over onderwerpen van deze reis: ` +
				`gemiddeld ${perMonth.toLocaleString('nl-NL')} per maand.`,
			''
		);
		const byChannel = new Map<string, number>();
		for (const f of figures) byChannel.set(f.channel, (byChannel.get(f.channel) ?? 0) + f.contacts);
		out('| Kanaal | Contacten | Per maand | Aandeel |', '| --- | ---: | ---: | ---: |');
		for (const [channel, n] of [...byChannel.entries()].sort((a, b) => b[1] - a[1]))
			out(
				`| ${md(channel)} | ${n.toLocaleString('nl-NL')} | ${Math.round(n / months.length).toLocaleString('nl-NL')} | ${percent(n / total)} |`
			);
		out('');
		const busiest = [...perStep]
			.filter((s) => s.contacts > 0)
			.sort((a, b) => b.contacts - a.contacts)
			.slice(0, 5);
		if (busiest.length) {
			out('De stappen met de meeste contacten. Wie hier de oorzaak wegneemt, voorkomt de meeste vragen:', '');
			for (const s of busiest) {
				const extra = [
					s.firstTimeRight === null ? null : `${percent(s.firstTimeRight)} in één keer goed`,
					s.forwarded === null ? null : `${percent(s.forwarded)} doorverbonden`
				].filter(Boolean);
				out(
					`- Stap ${stepNumber.get(s.stepId)}, ${md(stepTitle.get(s.stepId) ?? s.stepId)}: ` +
						`${s.contacts.toLocaleString('nl-NL')} contacten` +
						(s.byChannel.length
							? ` (${s.byChannel.map((c) => `${md(channelName.get(c.channelId) ?? c.channelId)} ${c.contacts.toLocaleString('nl-NL')}`).join(', ')})`
							: '') +
						(extra.length ? `; ${extra.join(', ')}` : '') +
						'.'
				);
			}
			out('');
		}
	}

	// 2. Bejegening.
	out('## 2. Past de reis bij de bejegening?', '');
	const ranked = rankPainPoints(journey);
	if (ranked.length === 0) out('Er staan geen open pijnpunten op de reis.', '');
	else {
		const perPrinciple = PRINCIPLE_IDS.map((p) => ({
			p,
			n: ranked.filter((r) => r.painPoint.principles.includes(p)).length
		})).filter((x) => x.n > 0);
		out(
			`Er staan ${ranked.length} open pijnpunten op de reis. Per principe van hostmanship: ` +
				perPrinciple.map((x) => `${PRINCIPLES[x.p].label} ${x.n}`).join(', ') +
				'.',
			'',
			'De ernstigste:',
			''
		);
		for (const r of ranked.slice(0, 3))
			out(`- Stap ${stepNumber.get(r.step.id)}, ${md(r.step.title)}: ${md(r.painPoint.description)}`);
		out('');
	}
	const analysis = analyseJourney(journey);
	if (analysis.personas.length) {
		out('Waar lopen inwoners vast (doenvermogen)?', '');
		for (const p of analysis.personas)
			out(
				`- ${md(p.name)}: ` +
					(p.stuckCount === 0
						? 'loopt nergens vast.'
						: `loopt vast bij ${p.stuckCount} ${p.stuckCount === 1 ? 'stap' : 'stappen'} (${p.stuckStepIds
								.map((id) => `stap ${stepNumber.get(id)}`)
								.join(', ')}).`)
			);
		out('');
	}

	// 3. Vakafdelingen.
	out('## 3. Welke vakafdelingen moeten aansluiten?', '');
	if (journey.tickets.length === 0) out('Er zijn nog geen verbetertickets.', '');
	else {
		out(
			'| Vakafdeling | Tickets | ' + TICKET_STATUSES.map((s) => TICKET_STATUS_LABELS[s]).join(' | ') + ' |'
		);
		out('| --- | ---: | ' + TICKET_STATUSES.map(() => '---:').join(' | ') + ' |');
		for (const department of departmentOrder(journey.tickets.map((t) => t.department))) {
			const tickets = journey.tickets.filter((t) => t.department === department);
			const count = (s: TicketStatus) => tickets.filter((t) => t.status === s).length;
			out(`| ${md(department)} | ${tickets.length} | ${TICKET_STATUSES.map(count).join(' | ')} |`);
		}
		out('');
	}

	// 4. Klik, bel, kom.
	out('## 4. Klik, bel, kom: is er altijd een mens bereikbaar?', '');
	const gaps = coverage(journey).filter((c) => !c.humanAlternative);
	if (gaps.length === 0)
		out('In elke fase van de reis kan een inwoner bellen, langskomen of thuis bezoek krijgen.', '');
	else {
		out(
			`In ${gaps.length} ${gaps.length === 1 ? 'fase' : 'fasen'} is er geen persoonlijk alternatief ` +
				'(telefoon, balie of huisbezoek). Inwoners die digitaal niet mee kunnen, lopen hier vast:',
			''
		);
		for (const g of gaps)
			out(
				`- ${md(stageName.get(g.stageId) ?? g.stageId)}` +
					(g.source === 'team' ? ` (volgens het team${g.note ? `: ${md(g.note)}` : ''})` : '') +
					'.'
			);
		out('');
	}

	out('## Werkwijze', '');
	out(
		'Contactcijfers zijn tellingen per onderwerp, kanaal en maand uit de export van het KCC-systeem; ' +
			'er zijn geen persoonsgegevens bewaard. Een contact telt mee bij elke stap die het onderwerp dekt. ' +
			'Pijnpunten en tickets komen van de kaart; "vastlopen" volgt het doenvermogen van de persona\'s (WRR, 2017).',
		''
	);
	return lines.join('\n');
}

function percent(fraction: number): string {
	return `${Math.round(fraction * 100)}%`;
}

/** A file name for the download: `klantcontactadvies-verhuizing-doorgeven.md`. */
export function adviesFileName(title: string): string {
	const slug = title
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
	return `klantcontactadvies-${slug || 'klantreis'}.md`;
}
