import { randomBytes } from 'node:crypto';
import type * as Y from 'yjs';
import {
	countRows,
	departmentTickets,
	forDepartment,
	mergeRows,
	rankEntries,
	type DepartmentCounts,
	type DepartmentRow,
	type DepartmentTicket
} from '$lib/analysis/department';
import type { ContactCosts } from '$lib/analysis/effect';
import { sameDepartment, Ticket, type TicketPatch, type TicketReply } from '$lib/model';
import { layout } from '$lib/sync/doc-layout';
import { readJourney, toPlain } from '$lib/sync/journey-doc';
import { DEPARTMENT_ORIGIN } from '$lib/sync/origins';
import { addReply, updateTicket } from '$lib/sync/tickets';
import { generateToken, hashToken } from './auth/tokens';
import type { DepartmentLinkRow, Store } from './persistence/store';
import type { Rooms } from './sync/rooms';

/** Journeys changed since a ranked view was built, up to which the view is merged rather than rebuilt. */
const MERGE_AT_MOST = 20;

/** An afdelingslink as the admin API shows it (no token: only its hash is kept). */
export type DepartmentLink = { id: string; department: string | null; createdAt: string };

/** The page path a department link opens; the token leaves the address bar there. */
export function departmentLinkPath(token: string): string {
	return `/afdeling?token=${encodeURIComponent(token)}`;
}

function toLink(row: DepartmentLinkRow): DepartmentLink {
	return { id: row.id, department: row.department, createdAt: new Date(row.createdAt).toISOString() };
}

/**
 * Afdelingslinks and the tickets they open, across every journey of the
 * instance. The tickets are kept per journey, keyed on the stamp of its
 * stored document (store.journeyStamps): a request reads one small query and
 * only the journeys that changed since, never 200 documents.
 */
export class Departments {
	private readonly cache = new Map<string, { stamp: string; entries: DepartmentTicket[] }>();
	/** One rebuild at a time; requests that come meanwhile share it. */
	private refreshing: Promise<DepartmentTicket[]> | null = null;
	/** Bumped whenever any journey's entries change, so the ranked views below know they are stale. */
	private generation = 0;
	/** Per journey, the generation of its last change: a view merges only the journeys changed since it was built. */
	private readonly changedAt = new Map<string, number>();
	/** Per department (and day): the ranked rows, their counts and, once asked for, the JSON body. */
	private readonly views = new Map<
		string,
		{ generation: number; today: string; rows: DepartmentRow[]; counts: DepartmentCounts; json?: string }
	>();

	constructor(
		private readonly store: Store,
		private readonly rooms: Rooms,
		private readonly costs: ContactCosts,
		private readonly log: (message: string) => void
	) {}

	/** Makes a link for one vakafdeling, or for all (null). The token is shown once, here. */
	async create(department: string | null): Promise<DepartmentLink & { token: string; link: string }> {
		const token = generateToken();
		const id = randomBytes(9).toString('base64url').replace(/[-_]/g, 'x');
		const row = await this.store.createDepartmentLink(id, department, hashToken(token));
		return { ...toLink(row), token, link: departmentLinkPath(token) };
	}

	async list(): Promise<DepartmentLink[]> {
		return (await this.store.listDepartmentLinks()).map(toLink);
	}

	/** Deletes a link: the next request with its token is refused (no cache in between). */
	async delete(id: string): Promise<boolean> {
		return this.store.deleteDepartmentLink(id);
	}

	/** The link a token opens, or null. Looked up by hash on every request, so a deletion counts at once. */
	async byToken(token: string): Promise<DepartmentLink | null> {
		const row = await this.store.departmentLinkByHash(hashToken(token));
		return row ? toLink(row) : null;
	}

	/** Every ticket of a department (null: all) across the instance's journeys. */
	async tickets(department: string | null): Promise<DepartmentTicket[]> {
		return forDepartment(await this.all(), department);
	}

	/**
	 * The department's tickets with their flags of `today` (`YYYY-MM-DD`),
	 * ranked by expected effect, and their counts. Kept until a journey
	 * changes or the day does, so a page view with nothing new sorts nothing.
	 * Callers must not change the rows.
	 */
	async ranked(
		department: string | null,
		today: string
	): Promise<{ rows: readonly DepartmentRow[]; counts: DepartmentCounts; json: () => string }> {
		const all = await this.all();
		const key = department === null ? '\u0000' : department.trim().toLocaleLowerCase('nl');
		let view = this.views.get(key);
		if (!view || view.generation !== this.generation || view.today !== today) {
			// Ages in whole days by the end of today, so a view holds all day.
			const now = Date.parse(`${today}T23:59:59Z`);
			const since = view?.today === today ? view.generation : -1;
			const changed = [...this.changedAt].filter(([, g]) => g > since).map(([id]) => id);
			let rows: DepartmentRow[];
			if (view && since >= 0 && changed.length <= MERGE_AT_MOST) {
				// A few journeys changed: keep the others' rows in their order, rank the changed
				// journeys' rows and merge them in, instead of sorting all 5,000 again.
				const ids = new Set(changed);
				const fresh = rankEntries(
					forDepartment(
						changed.flatMap((id) => this.cache.get(id)?.entries ?? []),
						department
					),
					today,
					now
				);
				rows = mergeRows(
					view.rows.filter((r) => !ids.has(r.journeyId)),
					fresh,
					'effect'
				);
			} else rows = rankEntries(forDepartment(all, department), today, now);
			view = { generation: this.generation, today, rows, counts: countRows(rows) };
			this.views.set(key, view);
		}
		const v = view;
		// The contract's JSON answer, built once per view: 5,000 tickets are some megabytes.
		return {
			rows: v.rows,
			counts: v.counts,
			json: () => (v.json ??= JSON.stringify({ department, tickets: v.rows }))
		};
	}

	/** Marks a journey's entries as changed (new, re-read, or gone). */
	private touched(journeyId: string): void {
		this.changedAt.set(journeyId, ++this.generation);
	}

	private all(): Promise<DepartmentTicket[]> {
		this.refreshing ??= this.refresh().finally(() => (this.refreshing = null));
		return this.refreshing;
	}

	private async refresh(): Promise<DepartmentTicket[]> {
		const stamps = await this.store.journeyStamps();
		const live = new Set(stamps.map((s) => s.id));
		for (const id of this.cache.keys()) {
			if (!live.has(id)) {
				this.cache.delete(id);
				this.touched(id);
			}
		}
		const out: DepartmentTicket[] = [];
		for (const { id, stamp } of stamps) {
			let cached = this.cache.get(id);
			if (cached?.stamp !== stamp) {
				try {
					const journey = await this.rooms.withDoc(id, (doc) => readJourney(doc, id).journey);
					cached = { stamp, entries: departmentTickets(journey, this.costs) };
					this.cache.set(id, cached);
					this.touched(id);
				} catch (e) {
					// One unreadable journey must not hide every other department's tickets; it is
					// kept empty under this stamp, so it is not read again on every request.
					this.cache.set(id, { stamp, entries: [] });
					this.touched(id);
					this.log(
						`Afdelingsoverzicht: klantreis ${id} overgeslagen: ${e instanceof Error ? e.message : String(e)}`
					);
					continue;
				}
			}
			for (const entry of cached.entries) out.push(entry);
		}
		return out;
	}

	/**
	 * Runs `fn` on a ticket the link may change, in the journey's live
	 * document: `missing` for an unknown journey or ticket, `forbidden` for
	 * another department's ticket (checked on the live ticket, in the same
	 * turn as the write).
	 */
	private async onTicket<T>(
		link: DepartmentLink,
		journeyId: string,
		ticketId: string,
		fn: (doc: Y.Doc) => T | null
	): Promise<'missing' | 'forbidden' | T> {
		if (!(await this.store.journeyExists(journeyId))) return 'missing';
		return this.change(journeyId, (doc) => {
			const map = layout(doc).tickets.get(ticketId);
			const parsed = map ? Ticket.safeParse(toPlain(map)) : null;
			if (!parsed?.success) return 'missing';
			if (!sameDepartment(parsed.data.department, link.department)) return 'forbidden';
			return fn(doc) ?? 'missing';
		});
	}

	/**
	 * Runs a change on the journey's live document (loading its room if nobody
	 * is in it), with the department's origin: stored, then broadcast to every
	 * connected client at once. The room is unloaded again when empty.
	 */
	private async change<T>(journeyId: string, fn: (doc: Y.Doc) => T): Promise<T> {
		try {
			return await this.rooms.change(journeyId, fn);
		} finally {
			this.cache.delete(journeyId);
			this.generation++;
		}
	}

	/** Appends a reply; the ticket's department (or the caller's) checked first. */
	async reply(
		link: DepartmentLink,
		journeyId: string,
		ticketId: string,
		input: { text: string; name?: string }
	): Promise<'missing' | 'forbidden' | TicketReply> {
		const who = link.department ?? 'KCC';
		const reply: TicketReply = {
			id: randomBytes(9).toString('base64url').replace(/[-_]/g, 'x'),
			at: new Date().toISOString(),
			by: input.name ? `${input.name}, ${who}` : who,
			text: input.text
		};
		return this.onTicket(link, journeyId, ticketId, (doc) =>
			addReply(doc, ticketId, reply, DEPARTMENT_ORIGIN)
		);
	}

	/** Sets status, due date or effort; answers with the ticket as it now is. */
	async patch(
		link: DepartmentLink,
		journeyId: string,
		ticketId: string,
		changes: TicketPatch
	): Promise<'missing' | 'forbidden' | Ticket> {
		return this.onTicket(link, journeyId, ticketId, (doc) =>
			updateTicket(doc, ticketId, changes, DEPARTMENT_ORIGIN)
		);
	}
}
