import { fail } from '@sveltejs/kit';
import { filterAndSort, SORTS, type Sort } from '$lib/analysis/department';
import { quadrants, QUADRANTS } from '$lib/analysis/effect';
import { ReplyInput, TicketPatch, toIssues } from '$lib/model';
import { departmentPageAccess } from '$lib/server/auth/department-access';
import { services } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

/** Tickets per page: the KCC lead's list can hold thousands; the page stays light. */
const PAGE_SIZE = 50;
/** Tickets named per quadrant of the value-against-effort view. */
const PER_QUADRANT = 5;

export const load: PageServerLoad = async ({ url, cookies, request, setHeaders }) => {
	const { link } = await departmentPageAccess(url, cookies, request);
	setHeaders({ 'cache-control': 'no-store' });
	const q = url.searchParams;
	const sortParam = q.get('sorteer') ?? 'effect';
	const sort: Sort = (SORTS as readonly string[]).includes(sortParam) ? (sortParam as Sort) : 'effect';
	const filter = {
		journeyId: q.get('reis') ?? '',
		department: link.department === null ? (q.get('afdeling') ?? '') : '',
		status: q.get('status') ?? '',
		priority: q.get('prioriteit') ?? '',
		overdue: q.get('telaat') === '1',
		noReply: q.get('geenreactie') === '1'
	};
	const now = new Date();
	const today = now.toISOString().slice(0, 10);
	const all = await services().departments.tickets(link.department);
	const everything = filterAndSort(all, {}, 'effect', today, now.getTime());
	const rows = filterAndSort(all, filter, sort, today, now.getTime());
	const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
	const pageNumber = Math.min(pages, Math.max(1, Number.parseInt(q.get('pagina') ?? '1', 10) || 1));

	const journeys = [...new Map(all.map((e) => [e.journeyId, e.journeyTitle]))]
		.map(([id, title]) => ({ id, title }))
		.sort((a, b) => a.title.localeCompare(b.title, 'nl'));
	const departments = [...new Set(all.map((e) => e.ticket.department.trim()))].sort((a, b) =>
		a.localeCompare(b, 'nl')
	);
	// Value against effort, for the KCC lead: open work only (done and rejected need no choice).
	const open = everything.filter((e) => e.ticket.status === 'open' || e.ticket.status === 'in-progress');
	const placed = quadrants(open.map((e) => e.effect));
	const matrix =
		link.department === null
			? QUADRANTS.map((quadrant) => {
					const inIt = open.filter((_, i) => placed[i] === quadrant);
					return {
						quadrant,
						count: inIt.length,
						top: inIt.slice(0, PER_QUADRANT).map((e) => ({
							key: `${e.journeyId}/${e.ticket.id}`,
							title: e.ticket.title,
							journeyTitle: e.journeyTitle,
							valuePerYear: e.effect.valuePerYear,
							effort: e.effect.effort
						}))
					};
				})
			: null;

	return {
		department: link.department,
		today,
		sort,
		filter,
		journeys,
		departments,
		counts: {
			total: everything.length,
			overdue: everything.filter((e) => e.flags.overdue).length,
			noReply: everything.filter((e) => e.flags.noReply).length,
			doneWithoutReply: everything.filter((e) => e.flags.doneWithoutReply).length,
			shown: rows.length
		},
		page: pageNumber,
		pages,
		rows: rows.slice((pageNumber - 1) * PAGE_SIZE, pageNumber * PAGE_SIZE),
		matrix
	};
};

function ticketOf(form: FormData): { journeyId: string; ticketId: string; key: string } {
	const journeyId = String(form.get('journeyId') ?? '');
	const ticketId = String(form.get('ticketId') ?? '');
	return { journeyId, ticketId, key: `${journeyId}/${ticketId}` };
}

const REFUSED = {
	missing: 'Dit ticket bestaat niet meer.',
	forbidden: 'Dit ticket hoort bij een andere vakafdeling.'
} as const;

export const actions: Actions = {
	/** A reply (reactie) from the department page; the same path as the API. */
	reply: async ({ request, url, cookies }) => {
		const { link } = await departmentPageAccess(url, cookies, request);
		const form = await request.formData();
		const { journeyId, ticketId, key } = ticketOf(form);
		const parsed = ReplyInput.safeParse({
			text: String(form.get('text') ?? ''),
			...(String(form.get('name') ?? '').trim() ? { name: String(form.get('name')) } : {})
		});
		if (!parsed.success) {
			return fail(400, { key, action: 'reply', issues: toIssues(parsed.error) });
		}
		const outcome = await services().departments.reply(link, journeyId, ticketId, parsed.data);
		if (typeof outcome === 'string') {
			return fail(outcome === 'missing' ? 404 : 403, {
				key,
				action: 'reply',
				issues: [{ path: '', message: REFUSED[outcome] }]
			});
		}
		return {
			key,
			action: 'reply',
			done: 'Uw reactie staat bij het ticket. Het KCC en de werkgroep zien hem direct.'
		};
	},
	/** Status, due date and effort from the department page. */
	update: async ({ request, url, cookies }) => {
		const { link } = await departmentPageAccess(url, cookies, request);
		const form = await request.formData();
		const { journeyId, ticketId, key } = ticketOf(form);
		const effort = String(form.get('effort') ?? '');
		const parsed = TicketPatch.safeParse({
			status: String(form.get('status') ?? ''),
			dueDate: String(form.get('dueDate') ?? ''),
			...(effort ? { effort } : {})
		});
		if (!parsed.success) {
			return fail(400, { key, action: 'update', issues: toIssues(parsed.error) });
		}
		const outcome = await services().departments.patch(link, journeyId, ticketId, parsed.data);
		if (typeof outcome === 'string') {
			return fail(outcome === 'missing' ? 404 : 403, {
				key,
				action: 'update',
				issues: [{ path: '', message: REFUSED[outcome] }]
			});
		}
		return { key, action: 'update', done: 'De wijziging is opgeslagen.' };
	}
};
