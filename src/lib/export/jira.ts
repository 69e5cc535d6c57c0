import { PRINCIPLES, SEVERITY_LABELS, TICKET_STATUS_LABELS, type Priority, type Ticket } from '$lib/model';
import { formatEvidence } from './prefill';
import { stepLink, ticketContexts, type ExportContext, type TicketContext } from './context';
import { csvRows, fullTextAt } from './csv';

/** The header Jira's CSV importer maps without extra work (one column each). */
export const JIRA_COLUMNS = ['Summary', 'Description', 'Priority', 'Component/s', 'Labels'] as const;

/** Jira's default priority scheme. */
export const JIRA_PRIORITIES: Record<Priority, string> = {
	low: 'Low',
	medium: 'Medium',
	high: 'High',
	urgent: 'Highest'
};

/** Plain-text description: Jira gets the context that makes the request hard to ignore. */
function description(c: TicketContext, ctx: ExportContext): string {
	const t = c.ticket;
	const parts: string[] = [];
	if (t.description) parts.push(t.description);
	if (t.acceptanceCriteria) parts.push(`Acceptatiecriteria:\n${t.acceptanceCriteria}`);
	const facts = [
		`Status in de klantreis: ${TICKET_STATUS_LABELS[t.status]}`,
		t.owner ? `Eigenaar: ${t.owner}` : '',
		t.dueDate ? `Streefdatum: ${t.dueDate}` : ''
	].filter(Boolean);
	parts.push(facts.join('\n'));
	for (const p of c.painPoints) {
		const step = c.steps.find((s) => s.id === p.stepId);
		const lines = [
			step
				? `Pijnpunt bij stap "${step.title}" (fase ${step.stageName}, kanaal ${step.channelName}):`
				: 'Pijnpunt:',
			p.description,
			`Ernst: ${SEVERITY_LABELS[p.severity]}. Hostmanship: ${p.principles.map((id) => PRINCIPLES[id].label).join(', ')}.`,
			...p.evidence.map((e) => `* ${formatEvidence(e)}`)
		];
		const link = step ? stepLink(ctx, step.id) : null;
		if (link) lines.push(`Stap in de klantreis: ${link}`);
		parts.push(lines.filter(Boolean).join('\n'));
	}
	if (c.personasStuck.length > 0) {
		parts.push(`Persona's die hier vastlopen: ${c.personasStuck.map((p) => p.name).join(', ')}`);
	}
	parts.push(`Uit de klantreis "${ctx.journey.title}" (ticket ${t.id}).`);
	return parts.join('\n\n');
}

/** A label without spaces: Jira splits a Labels cell on whitespace. */
function label(text: string): string {
	return text.replace(/[^A-Za-z0-9_.:-]+/g, '-');
}

/**
 * The tickets as a CSV for Jira's importer: comma-delimited, no BOM, the
 * vakafdeling as component, and the same formula neutralising as the
 * spreadsheet export.
 */
export function toJiraCsv(tickets: readonly Ticket[], ctx: ExportContext): string {
	const rows = ticketContexts(tickets, ctx.journey).map((c) => [
		c.ticket.title,
		description(c, ctx),
		JIRA_PRIORITIES[c.ticket.priority],
		c.ticket.department,
		['klantreis', label(`klantreis-${c.ticket.id}`), `status-${c.ticket.status}`].join(' ')
	]);
	return csvRows([[...JIRA_COLUMNS], ...rows], { delimiter: ',', bom: false, fullTextAt: fullTextAt(ctx) });
}
