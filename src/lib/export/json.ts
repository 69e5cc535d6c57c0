import type { PainPoint, Persona, Ticket } from '$lib/model';
import { ticketContexts, type ExportContext, type StepContext } from './context';

/** Identifies this document for a zaaksysteem integration; bump `version` on a breaking change. */
export const JSON_EXPORT_FORMAT = 'klantreis-tickets';
export const JSON_EXPORT_VERSION = 1;

/** A ticket exactly as the schema defines it, plus what it is about. */
export type TicketWithContext = Ticket & {
	context: { steps: StepContext[]; painPoints: PainPoint[]; personasStuck: Pick<Persona, 'id' | 'name'>[] };
};

export type TicketsDocument = {
	format: typeof JSON_EXPORT_FORMAT;
	version: typeof JSON_EXPORT_VERSION;
	generatedAt?: string;
	journey: { id: string; title: string; organisation: string; url?: string };
	tickets: TicketWithContext[];
};

export function toTicketsDocument(tickets: readonly Ticket[], ctx: ExportContext): TicketsDocument {
	const { journey } = ctx;
	return {
		format: JSON_EXPORT_FORMAT,
		version: JSON_EXPORT_VERSION,
		...(ctx.generatedAt ? { generatedAt: ctx.generatedAt } : {}),
		journey: {
			id: journey.id,
			title: journey.title,
			organisation: journey.organisation,
			...(ctx.journeyUrl ? { url: ctx.journeyUrl } : {})
		},
		tickets: ticketContexts(tickets, journey).map(({ ticket, steps, painPoints, personasStuck }) => ({
			...ticket,
			context: { steps, painPoints, personasStuck }
		}))
	};
}

/** The tickets with their context as pretty JSON text (UTF-8, a final newline). */
export function toJson(tickets: readonly Ticket[], ctx: ExportContext): string {
	return `${JSON.stringify(toTicketsDocument(tickets, ctx), null, 2)}\n`;
}
