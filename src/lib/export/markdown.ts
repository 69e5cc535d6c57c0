import {
	DEFAULT_DEPARTMENTS,
	PRINCIPLES,
	PRIORITIES,
	PRIORITY_LABELS,
	SEVERITY_LABELS,
	TICKET_STATUSES,
	TICKET_STATUS_LABELS,
	type Ticket
} from '$lib/model';
import { formatEvidence } from './prefill';
import { stepLink, ticketContexts, type ExportContext, type TicketContext } from './context';

/**
 * Escapes user text for inline Markdown (CommonMark and GFM): every
 * character that can start emphasis, a link, an image, HTML, an entity, a
 * table cell or strikethrough gets a backslash; so does a character that
 * would make the start of a line a heading, list, quote or rule. Line breaks
 * become spaces: this is for one line (a heading, a list item).
 */
export function escapeMarkdownInline(text: string): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return escapeLineStart(flat.replace(/[\\`*_{}[\]()<>#!|~&]/g, '\\$&'));
}

/** A line that starts like a block (list, heading, quote, rule, numbered list) starts escaped. */
function escapeLineStart(line: string): string {
	return line.replace(/^([-+=>]|\d+(?=[.)]))/, (m) => (/^\d/.test(m) ? `${m}\\` : `\\${m}`));
}

/**
 * Escapes a multi-line user text as a Markdown block: each line escaped,
 * leading spaces dropped (four would make code), line breaks kept as hard
 * breaks and blank lines as paragraph breaks. `indent` continues a list item.
 */
export function escapeMarkdownBlock(text: string, indent = ''): string {
	const paragraphs = text
		.replace(/\r\n?/g, '\n')
		.split(/\n\s*\n/)
		.map((p) =>
			p
				.split('\n')
				.map((line) => line.trim())
				.filter(Boolean)
				.map((line) => escapeLineStart(line.replace(/[\\`*_{}[\]()<>#!|~&]/g, '\\$&')))
		)
		.filter((lines) => lines.length > 0);
	return paragraphs.map((lines) => lines.join(`\\\n${indent}`)).join(`\n\n${indent}`);
}

/** A link target we built ourselves; characters that end or break a link are encoded. */
function linkTarget(url: string): string {
	return url.replace(/[\s()<>]/g, (c) => encodeURIComponent(c));
}

const PRIORITY_RANK = Object.fromEntries(PRIORITIES.map((p, i) => [p, PRIORITIES.length - i]));
const STATUS_RANK = Object.fromEntries(TICKET_STATUSES.map((s, i) => [s, i]));

/** Vakafdelingen in the order of the default list, then any others alphabetically (Dutch). */
export function departmentOrder(departments: Iterable<string>): string[] {
	const defaults: readonly string[] = DEFAULT_DEPARTMENTS;
	return [...new Set(departments)].sort((a, b) => {
		const ia = defaults.indexOf(a);
		const ib = defaults.indexOf(b);
		if (ia !== -1 || ib !== -1) return (ia === -1 ? Infinity : ia) - (ib === -1 ? Infinity : ib);
		return a.localeCompare(b, 'nl');
	});
}

const DATE = new Intl.DateTimeFormat('nl-NL', {
	day: 'numeric',
	month: 'long',
	year: 'numeric',
	timeZone: 'UTC'
});

function dutchDate(iso: string): string {
	return DATE.format(new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso));
}

function ticketSection(c: TicketContext, ctx: ExportContext): string {
	const t = c.ticket;
	const out: string[] = [`### ${escapeMarkdownInline(t.title)}`, ''];
	const facts = [
		`- **Prioriteit:** ${PRIORITY_LABELS[t.priority]}`,
		`- **Status:** ${TICKET_STATUS_LABELS[t.status]}`,
		t.owner ? `- **Eigenaar:** ${escapeMarkdownInline(t.owner)}` : '',
		t.dueDate ? `- **Streefdatum:** ${dutchDate(t.dueDate)}` : ''
	].filter(Boolean);
	out.push(...facts, '');
	if (t.description.trim()) out.push(escapeMarkdownBlock(t.description), '');
	if (t.acceptanceCriteria.trim()) {
		out.push('**Acceptatiecriteria**', '', escapeMarkdownBlock(t.acceptanceCriteria), '');
	}
	if (c.painPoints.length > 0) {
		out.push('**Pijnpunten en onderbouwing**', '');
		for (const p of c.painPoints) {
			const step = c.steps.find((s) => s.id === p.stepId);
			const link = step ? stepLink(ctx, step.id) : null;
			const stepText = step
				? `${link ? `[${escapeMarkdownInline(step.title)}](${linkTarget(link)})` : escapeMarkdownInline(step.title)} (${escapeMarkdownInline(step.stageName)}, ${escapeMarkdownInline(step.channelName)})`
				: '';
			const principles = p.principles.map((id) => PRINCIPLES[id].label).join(', ');
			const hasDescription = p.description.trim() !== '';
			out.push(
				`- ${stepText ? `Stap ${stepText}. ` : ''}Ernst: ${SEVERITY_LABELS[p.severity]}. Hostmanship: ${principles}.${hasDescription ? '\\' : ''}`
			);
			if (hasDescription) out.push(`  ${escapeMarkdownBlock(p.description, '  ')}`);
			for (const e of p.evidence) out.push(`  - ${escapeMarkdownInline(formatEvidence(e))}`);
		}
		out.push('');
	}
	if (c.personasStuck.length > 0) {
		out.push(
			`**Persona's die hier vastlopen:** ${c.personasStuck.map((p) => escapeMarkdownInline(p.name)).join(', ')}`,
			''
		);
	}
	return out.join('\n');
}

/**
 * A memo for the MT or the college: an overview per vakafdeling, then a
 * heading per vakafdeling with its tickets, their evidence and links back to
 * the steps. All user text is Markdown-escaped.
 */
export function toMarkdown(tickets: readonly Ticket[], ctx: ExportContext): string {
	const { journey } = ctx;
	const contexts = ticketContexts(tickets, journey).sort(
		(a, b) =>
			PRIORITY_RANK[b.ticket.priority] - PRIORITY_RANK[a.ticket.priority] ||
			STATUS_RANK[a.ticket.status] - STATUS_RANK[b.ticket.status] ||
			a.ticket.title.localeCompare(b.ticket.title, 'nl')
	);
	const departments = departmentOrder(contexts.map((c) => c.ticket.department));
	const out: string[] = [`# Verbetertickets: ${escapeMarkdownInline(journey.title)}`, ''];
	const intro = [
		journey.organisation ? escapeMarkdownInline(journey.organisation) : '',
		`${tickets.length} ${tickets.length === 1 ? 'ticket' : 'tickets'}`,
		ctx.generatedAt ? `opgesteld op ${dutchDate(ctx.generatedAt)}` : ''
	].filter(Boolean);
	out.push(intro.join(' · '), '');
	out.push(
		'Deze notitie komt uit de klantreis' +
			(ctx.journeyUrl ? ` [${escapeMarkdownInline(journey.title)}](${linkTarget(ctx.journeyUrl)})` : '') +
			'. Het KCC signaleert waar inwoners vastlopen; de vakafdeling is eigenaar van de oplossing.',
		''
	);
	if (contexts.length === 0) {
		out.push('Er zijn nog geen verbetertickets.', '');
		return out.join('\n');
	}
	out.push('## Overzicht', '');
	out.push(`| Vakafdeling | ${TICKET_STATUSES.map((s) => TICKET_STATUS_LABELS[s]).join(' | ')} |`);
	out.push(`| --- | ${TICKET_STATUSES.map(() => '---:').join(' | ')} |`);
	for (const d of departments) {
		const mine = contexts.filter((c) => c.ticket.department === d);
		const counts = TICKET_STATUSES.map((s) => mine.filter((c) => c.ticket.status === s).length);
		out.push(`| ${escapeMarkdownInline(d)} | ${counts.join(' | ')} |`);
	}
	out.push('');
	for (const d of departments) {
		out.push(`## ${escapeMarkdownInline(d)}`, '');
		for (const c of contexts.filter((x) => x.ticket.department === d)) out.push(ticketSection(c, ctx));
	}
	return `${out.join('\n').trimEnd()}\n`;
}
