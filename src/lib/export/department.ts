import type { DepartmentRow } from '$lib/analysis/department';
import { EFFORT_LABELS, PRIORITY_LABELS, SEVERITY_LABELS, TICKET_STATUS_LABELS } from '$lib/model';
import { csvRows, type CsvOptions } from './csv';
import { escapeMarkdownBlock, escapeMarkdownInline } from './markdown';
import { formatEvidence } from './prefill';

/**
 * The department list (afdelingsoverzicht) as a file for a management
 * meeting: every ticket of a vakafdeling across journeys, in the order given
 * (the caller ranks them by expected effect), with flags and the ranking.
 */

export type { DepartmentRow };

export type DepartmentExportContext = {
	/** The vakafdeling, or null for all (the KCC lead's list). */
	department: string | null;
	/** ISO date-time of the export; left out, the output is fully deterministic. */
	generatedAt?: string;
};

export const DEPARTMENT_FORMATS = ['json', 'csv', 'md'] as const;
export type DepartmentFormat = (typeof DEPARTMENT_FORMATS)[number];

export function isDepartmentFormat(value: string | null): value is DepartmentFormat {
	return (DEPARTMENT_FORMATS as readonly string[]).includes(value ?? '');
}

/** Column headers of the department spreadsheet, in order. */
export const DEPARTMENT_CSV_COLUMNS = [
	'Rang',
	'Klantreis',
	'ID',
	'Titel',
	'Vakafdeling',
	'Prioriteit',
	'Status',
	'Streefdatum',
	'Te laat',
	'Reacties',
	'Laatste reactie',
	'Leeftijd (dagen)',
	'Stappen',
	'Pijnpunten',
	'Onderbouwing',
	'Vermijdbare contacten per jaar',
	'Besparing per jaar (euro)',
	'Inspanning',
	'Aannames'
] as const;

const BULLET = '• ';
const yes = (b: boolean) => (b ? 'ja' : 'nee');

function lastReply(row: DepartmentRow): string {
	const r = row.ticket.replies.at(-1);
	return r ? `${r.by} (${r.at.slice(0, 10)}): ${r.text}` : '';
}

/** The list as a spreadsheet: one row per ticket, rank 1 first. */
export function toDepartmentCsv(
	rows: readonly DepartmentRow[],
	options: CsvOptions = { delimiter: ';', bom: true }
): string {
	const body = rows.map((r, i) => [
		String(i + 1),
		r.journeyTitle,
		r.ticket.id,
		r.ticket.title,
		r.ticket.department,
		PRIORITY_LABELS[r.ticket.priority],
		TICKET_STATUS_LABELS[r.ticket.status],
		r.ticket.dueDate,
		yes(r.flags.overdue),
		String(r.ticket.replies.length),
		lastReply(r),
		r.flags.ageDays === null ? '' : String(r.flags.ageDays),
		r.steps.map((s) => `${s.title} (${s.stage}, ${s.channel})`).join('\n'),
		r.painPoints.map((p) => `${BULLET}${SEVERITY_LABELS[p.severity]}: ${p.description}`).join('\n'),
		r.painPoints.flatMap((p) => p.evidence.map((e) => `${BULLET}${formatEvidence(e)}`)).join('\n'),
		String(r.effect.contactsPerYear),
		String(r.effect.valuePerYear),
		r.effect.effort ? EFFORT_LABELS[r.effect.effort] : '',
		r.effect.assumptions.join('\n')
	]);
	return csvRows([[...DEPARTMENT_CSV_COLUMNS], ...body], options);
}

const EURO = new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0 });
const COUNT = new Intl.NumberFormat('nl-NL');

/** A memo for the management meeting: a ranking table, then each ticket with its thread. */
export function toDepartmentMarkdown(rows: readonly DepartmentRow[], ctx: DepartmentExportContext): string {
	const who = ctx.department === null ? 'alle vakafdelingen' : escapeMarkdownInline(ctx.department);
	const overdue = rows.filter((r) => r.flags.overdue).length;
	const noReply = rows.filter((r) => r.flags.noReply).length;
	const out = [
		`# Verbetertickets voor ${who}`,
		'',
		[
			`${rows.length} ${rows.length === 1 ? 'ticket' : 'tickets'}`,
			`${overdue} te laat`,
			`${noReply} nog zonder reactie`,
			ctx.generatedAt ? `opgesteld op ${ctx.generatedAt.slice(0, 10)}` : ''
		]
			.filter(Boolean)
			.join(' · '),
		'',
		'Gerangschikt op verwacht effect: vermijdbare klantcontacten per jaar maal de kosten per contact, ' +
			'gedeeld door de inspanning. Een schatting, geen belofte; de aannames staan per ticket.',
		''
	];
	if (rows.length === 0) return `${[...out, 'Er zijn geen tickets.'].join('\n')}\n`;
	out.push(
		'| Rang | Ticket | Klantreis | Status | Streefdatum | Besparing per jaar | Inspanning |',
		'| ---: | --- | --- | --- | --- | ---: | --- |'
	);
	rows.forEach((r, i) => {
		const flags = [r.flags.overdue ? 'te laat' : '', r.flags.doneWithoutReply ? 'klaar zonder reactie' : '']
			.filter(Boolean)
			.join(', ');
		out.push(
			`| ${i + 1} | ${escapeMarkdownInline(r.ticket.title)} | ${escapeMarkdownInline(r.journeyTitle)} | ` +
				`${TICKET_STATUS_LABELS[r.ticket.status]}${flags ? ` (${flags})` : ''} | ${r.ticket.dueDate || '–'} | ` +
				`${r.effect.valuePerYear > 0 ? EURO.format(r.effect.valuePerYear) : '–'} | ` +
				`${r.effect.effort ? EFFORT_LABELS[r.effect.effort] : '–'} |`
		);
	});
	out.push('');
	rows.forEach((r, i) => {
		out.push(`## ${i + 1}. ${escapeMarkdownInline(r.ticket.title)}`, '');
		const facts = [
			`- **Klantreis:** ${escapeMarkdownInline(r.journeyTitle)}`,
			`- **Vakafdeling:** ${escapeMarkdownInline(r.ticket.department)}`,
			`- **Prioriteit:** ${PRIORITY_LABELS[r.ticket.priority]}`,
			`- **Status:** ${TICKET_STATUS_LABELS[r.ticket.status]}${r.flags.overdue ? ' (te laat)' : ''}`,
			r.ticket.dueDate ? `- **Streefdatum:** ${r.ticket.dueDate}` : '',
			`- **Verwacht effect:** ${COUNT.format(r.effect.contactsPerYear)} vermijdbare contacten per jaar, ` +
				`${EURO.format(r.effect.valuePerYear)} per jaar`
		];
		out.push(...facts.filter(Boolean));
		for (const s of r.steps) {
			out.push(
				`- **Stap:** ${escapeMarkdownInline(s.title)} (${escapeMarkdownInline(s.stage)}, ${escapeMarkdownInline(s.channel)})`
			);
		}
		out.push('');
		if (r.ticket.description.trim()) out.push(escapeMarkdownBlock(r.ticket.description), '');
		for (const p of r.painPoints) {
			out.push(`- Pijnpunt (${SEVERITY_LABELS[p.severity]}): ${escapeMarkdownInline(p.description)}`);
			for (const e of p.evidence) out.push(`  - ${escapeMarkdownInline(formatEvidence(e))}`);
		}
		if (r.painPoints.length > 0) out.push('');
		if (r.ticket.replies.length > 0) {
			out.push('**Reacties**', '');
			for (const reply of r.ticket.replies) {
				out.push(
					`- ${escapeMarkdownInline(reply.by)}, ${reply.at.slice(0, 10)}: ${escapeMarkdownInline(reply.text)}`
				);
			}
			out.push('');
		} else out.push('_Nog geen reactie._', '');
	});
	return `${out
		.filter((line, i, all) => !(line === '' && all[i - 1] === ''))
		.join('\n')
		.trimEnd()}\n`;
}
