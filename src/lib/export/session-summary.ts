import type { Journey } from '$lib/model';
import type { SessionSummary } from '$lib/analysis/hostmanship';
import { escapeMarkdownBlock, escapeMarkdownInline } from './markdown';

const DATE = new Intl.DateTimeFormat('nl-NL', {
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	timeZone: 'Europe/Amsterdam'
});

/** A link target we built; characters that end or break a Markdown link are encoded. */
function linkTarget(url: string): string {
	return url.replace(/[\s()<>]/g, (c) => encodeURIComponent(c));
}

/**
 * The summary of a trainer session as Markdown, for a memo or the intranet:
 * per principle the top-voted findings, with their step. Every text a person
 * typed is escaped, so a finding can never become a heading, link or HTML.
 */
export function sessionSummaryMarkdown(
	summary: SessionSummary,
	journey: Pick<Journey, 'title' | 'organisation'>,
	options: { date?: number; journeyUrl?: string } = {}
): string {
	const out: string[] = [`# Hostmanship-sessie: ${escapeMarkdownInline(journey.title)}`, ''];
	const facts = [
		journey.organisation ? `- **Organisatie:** ${escapeMarkdownInline(journey.organisation)}` : '',
		options.date !== undefined ? `- **Datum:** ${DATE.format(new Date(options.date))}` : '',
		`- **Bevindingen:** ${summary.findings}`,
		`- **Stemmen:** ${summary.votes} van ${summary.voters} ${summary.voters === 1 ? 'deelnemer' : 'deelnemers'}`
	].filter(Boolean);
	out.push(...facts, '');
	for (const p of summary.principles) {
		out.push(`## ${escapeMarkdownInline(p.label)}`, '');
		if (p.top.length === 0) {
			out.push('Geen bevindingen.', '');
			continue;
		}
		p.top.forEach((item, i) => {
			const votes = `${item.votes} ${item.votes === 1 ? 'stem' : 'stemmen'}`;
			const step = `stap ${item.stepNumber}: ${escapeMarkdownInline(item.step.title)}`;
			const stepText = options.journeyUrl
				? `[${step}](${linkTarget(options.journeyUrl)}#stap-${encodeURIComponent(item.step.id)})`
				: step;
			const who = item.finding.author ? ` (${escapeMarkdownInline(item.finding.author)})` : '';
			out.push(`${i + 1}. ${escapeMarkdownBlock(item.finding.text, '   ')}\\`);
			out.push(`   ${votes}, bij ${stepText}${who}`);
		});
		if (p.total > p.top.length) out.push('', `En nog ${p.total - p.top.length} andere.`);
		out.push('');
	}
	return out.join('\n');
}
