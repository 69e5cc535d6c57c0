import { PRIORITY_LABELS, type Ticket, type TicketStatus } from '$lib/model';
import { stepLink, ticketContexts, type ExportContext } from './context';

/** Field limits of an InterneTaak in Open Klant 2.x (Klantinteracties API). */
export const OPENKLANT_LIMITS = { gevraagdeHandeling: 200, toelichting: 400 } as const;

/** Open Klant knows two statuses: a task is to be handled, or handled. */
export const OPENKLANT_STATUS: Record<TicketStatus, 'te_verwerken' | 'verwerkt'> = {
	open: 'te_verwerken',
	'in-progress': 'te_verwerken',
	done: 'verwerkt',
	rejected: 'verwerkt'
};

/**
 * The body of `POST /klantinteracties/api/v1/internetaken`, plus a `klantreis`
 * block the API ignores. The references Open Klant requires are uuids that
 * only the receiving municipality knows: the integration fills in the
 * klantcontact and the actor of the vakafdeling named in `klantreis.department`.
 */
export type OpenKlantInterneTaak = {
	gevraagdeHandeling: string;
	aanleidinggevendKlantcontact: { uuid: string } | null;
	toegewezenAanActoren: { uuid: string }[];
	toelichting: string;
	status: 'te_verwerken' | 'verwerkt';
	klantreis: {
		journeyId: string;
		ticketId: string;
		department: string;
		priority: Ticket['priority'];
		status: TicketStatus;
		owner: string;
		dueDate: string;
		painPointIds: string[];
		stepIds: string[];
		links: string[];
	};
};

function cap(text: string, max: number): string {
	return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** One InterneTaak per ticket (see docs/tickets.md for the field mapping). */
export function toOpenKlant(tickets: readonly Ticket[], ctx: ExportContext): OpenKlantInterneTaak[] {
	return ticketContexts(tickets, ctx.journey).map(({ ticket: t, steps }) => {
		const toelichting = [
			`Vakafdeling: ${t.department}. Prioriteit: ${PRIORITY_LABELS[t.priority]}.`,
			t.dueDate ? `Streefdatum: ${t.dueDate}.` : '',
			t.description
		]
			.filter(Boolean)
			.join('\n');
		return {
			gevraagdeHandeling: cap(t.title, OPENKLANT_LIMITS.gevraagdeHandeling),
			aanleidinggevendKlantcontact: null,
			toegewezenAanActoren: [],
			toelichting: cap(toelichting, OPENKLANT_LIMITS.toelichting),
			status: OPENKLANT_STATUS[t.status],
			klantreis: {
				journeyId: ctx.journey.id,
				ticketId: t.id,
				department: t.department,
				priority: t.priority,
				status: t.status,
				owner: t.owner,
				dueDate: t.dueDate,
				painPointIds: t.painPointIds,
				stepIds: steps.map((s) => s.id),
				links: steps.map((s) => stepLink(ctx, s.id)).filter((l): l is string => l !== null)
			}
		};
	});
}

export function toOpenKlantJson(tickets: readonly Ticket[], ctx: ExportContext): string {
	return `${JSON.stringify(toOpenKlant(tickets, ctx), null, 2)}\n`;
}
