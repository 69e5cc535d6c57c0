import type { Journey, Ticket } from '$lib/model';
import type { ExportContext } from './context';
import { toCsv } from './csv';
import { toJiraCsv } from './jira';
import { toJson } from './json';
import { toMarkdown } from './markdown';
import { toOpenKlantJson } from './openklant';

export type { ExportContext } from './context';

/** The formats of `GET /api/journeys/:id/tickets?format=` and `npm run export -- --format`. */
export const EXPORT_FORMATS = ['csv', 'jira', 'md', 'json', 'openklant'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(value: string | null | undefined): value is ExportFormat {
	return (EXPORT_FORMATS as readonly string[]).includes(value ?? '');
}

type FormatInfo = {
	contentType: string;
	/** Ends the file name: `<journey>-tickets<suffix>`. */
	suffix: string;
	/** Dutch, for buttons and errors. */
	label: string;
	render: (tickets: readonly Ticket[], ctx: ExportContext) => string;
};

export const FORMAT_INFO: Record<ExportFormat, FormatInfo> = {
	csv: {
		contentType: 'text/csv; charset=utf-8',
		suffix: '.csv',
		label: 'Spreadsheet (Excel, CSV)',
		render: (t, c) => toCsv(t, c, { delimiter: ';', bom: true })
	},
	jira: {
		contentType: 'text/csv; charset=utf-8',
		suffix: '-jira.csv',
		label: 'Jira-import (CSV)',
		render: toJiraCsv
	},
	md: {
		contentType: 'text/markdown; charset=utf-8',
		suffix: '.md',
		label: 'Notitie (Markdown)',
		render: toMarkdown
	},
	json: {
		contentType: 'application/json; charset=utf-8',
		suffix: '.json',
		label: 'JSON',
		render: toJson
	},
	openklant: {
		contentType: 'application/json; charset=utf-8',
		suffix: '-openklant.json',
		label: 'Open Klant (interne taken, JSON)',
		render: toOpenKlantJson
	}
};

/** A file name safe on every system: lower case, letters, digits and dashes. */
export function exportFileName(journey: Pick<Journey, 'title' | 'id'>, format: ExportFormat): string {
	const slug =
		journey.title
			.normalize('NFKD')
			.replace(/[\u0300-\u036f]/g, '')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 60)
			.replace(/-+$/g, '') || journey.id.toLowerCase().replace(/[^a-z0-9]+/g, '-');
	return `${slug}-tickets${FORMAT_INFO[format].suffix}`;
}

/** All of a journey's tickets in one format: the text and how to serve it. */
export function exportTickets(
	format: ExportFormat,
	ctx: ExportContext
): { body: string; contentType: string; fileName: string } {
	const info = FORMAT_INFO[format];
	return {
		body: info.render(ctx.journey.tickets, ctx),
		contentType: info.contentType,
		fileName: exportFileName(ctx.journey, format)
	};
}
