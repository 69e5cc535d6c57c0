import { fail } from '@sveltejs/kit';
import {
	filterRows,
	pageRow,
	SORTS,
	sortRows,
	type DepartmentRow,
	type Sort
} from '$lib/analysis/department';
import { quadrants, QUADRANTS } from '$lib/analysis/effect';
import { ReplyInput, TicketPatch, toIssues } from '$lib/model';
import { departmentPageAccess } from '$lib/server/auth/department-access';
import { services } from '$lib/server/services';
import type { Actions, PageServerLoad } from './$types';

/** Tickets per page: the KCC lead's list can hold thousands; the page stays light. */
const PAGE_SIZE = 25;
/** Tickets named per quadrant of the value-against-effort view. */
const PER_QUADRANT = 5;
const DUTCH = new Intl.Collator('nl');

/**
 * The filter options and the value-against-effort view of a ranked list,
 * computed once per list: the ranked view is shared until a journey changes,
 * so a page view with nothing new walks none of its 5,000 rows.
 */
const overviews = new WeakMap<readonly DepartmentRow[], ReturnType<typeof computeOverview>>();

function overview(ranked: readonly DepartmentRow[], withMatrix: boolean) {
	let o = overviews.get(ranked);
	if (!o) overviews.set(ranked, (o = computeOverview(ranked)));
	return { ...o, matrix: withMatrix ? o.matrix : null };
}

function computeOverview(ranked: readonly DepartmentRow[]) {
	const journeys = [...new Map(ranked.map((e) => [e.journeyId, e.journeyTitle]))]
		.map(([id, title]) => ({ id, title }))
		.sort((a, b) => DUTCH.compare(a.title, b.title));
	const departments = [...new Set(ranked.map((e) => e.ticket.department.trim()))].sort(DUTCH.compare);
	// Value against effort, for the KCC lead: open work only (done and rejected need no choice).
	const open = ranked.filter((e) => e.ticket.status === 'open' || e.ticket.status === 'in-progress');
	const placed = quadrants(open.map((e) => e.effect));
	const matrix = QUADRANTS.map((quadrant) => {
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
	});

	return { journeys, departments, matrix };
}

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
	const today = new Date().toISOString().slice(0, 10);
	const { rows: ranked, counts } = await services().departments.ranked(link.department, today);
	const filtered = Object.values(filter).some(Boolean) ? filterRows(ranked, filter) : ranked;
	// Ranked by effect already; another order sorts a copy (the ranked view is shared).
	const rows = sort === 'effect' ? filtered : sortRows([...filtered], sort);
	const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
	const pageNumber = Math.min(pages, Math.max(1, Number.parseInt(q.get('pagina') ?? '1', 10) || 1));

	const { journeys, departments, matrix } = overview(ranked, link.department === null);

	return {
		department: link.department,
		today,
		sort,
		filter,
		journeys,
		departments,
		counts: { ...counts, shown: rows.length },
		page: pageNumber,
		pages,
		rows: rows.slice((pageNumber - 1) * PAGE_SIZE, pageNumber * PAGE_SIZE).map(pageRow),
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
