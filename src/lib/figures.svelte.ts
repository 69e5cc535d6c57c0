import { resolve } from '$app/paths';
import type * as Y from 'yjs';
import { matchKey, stepFigures, type ContactFigure, type StepFigures } from '$lib/analysis/contacts';
import type { Journey } from '$lib/model';
import { figuresChangedAt } from '$lib/sync/figures';

/** The answer of `GET /api/journeys/:id/figures?per=onderwerp` this store reads. */
type FiguresAnswer = { months: string[]; figures: ContactFigure[] };

/**
 * The imported KCC contact figures (contactcijfers) of one journey, live on a
 * page: fetched once, and again whenever an import stamps the document
 * (`meta.figuresChangedAt`). The counts come per month, onderwerp and kanaal,
 * and are counted against the page's own live copy of the map (`forStep`), so
 * a step's onderwerpen or a kanaal just edited count at once, without asking
 * the server again and without racing the edit to it.
 */
export class LiveFigures {
	/** Stored counts per month, onderwerp and kanaal (never rows, never personal data). */
	figures = $state.raw<ContactFigure[]>([]);
	/** Every month that has figures, sorted (`YYYY-MM`). */
	months = $state.raw<string[]>([]);
	/** `loading` until the first answer; `error` when the last fetch failed (the old figures stay). */
	status = $state<'loading' | 'ready' | 'error'>('loading');

	/** Counts only the answer to the newest request, whatever order the answers arrive in. */
	private request = 0;
	private controller: AbortController | null = null;

	constructor(
		readonly journeyId: string,
		private readonly token: string
	) {}

	/** Fetches now and after every import into `doc`; returns the cleanup for `$effect`. */
	start(doc: Y.Doc): () => void {
		let stamp = figuresChangedAt(doc);
		void this.load();
		const onUpdate = () => {
			const now = figuresChangedAt(doc);
			if (now === stamp) return;
			stamp = now;
			void this.load();
		};
		doc.on('update', onUpdate);
		return () => {
			doc.off('update', onUpdate);
			this.controller?.abort();
		};
	}

	/** Asks the server for the figures; a failure keeps what was shown and sets `status`. */
	async load(): Promise<void> {
		const request = ++this.request;
		this.controller?.abort();
		const controller = (this.controller = new AbortController());
		try {
			const res = await fetch(
				resolve(`/api/journeys/${encodeURIComponent(this.journeyId)}/figures?per=onderwerp`),
				{
					headers: { authorization: `Bearer ${this.token}` },
					signal: controller.signal
				}
			);
			if (!res.ok) throw new Error(`figures: ${res.status}`);
			const body = (await res.json()) as FiguresAnswer;
			if (request !== this.request) return;
			this.figures = body.figures ?? [];
			this.months = body.months ?? [];
			this.status = 'ready';
		} catch {
			if (request === this.request && !controller.signal.aborted) this.status = 'error';
		}
	}

	/** The figures of one step against `journey` as it is now; null for a step not on the map. */
	forStep(journey: Journey, stepId: string): StepFigures | null {
		return stepFigures(journey, this.figures).find((s) => s.stepId === stepId) ?? null;
	}

	/**
	 * Onderwerpen of the import, most contacts first, each once (as first written):
	 * what a step's onderwerpen are chosen from.
	 */
	get topics(): string[] {
		const totals = new Map<string, { topic: string; contacts: number }>();
		for (const f of this.figures) {
			const key = matchKey(f.topic);
			const t = totals.get(key) ?? { topic: f.topic, contacts: 0 };
			t.contacts += f.contacts;
			totals.set(key, t);
		}
		return [...totals.values()].sort((a, b) => b.contacts - a.contacts).map((t) => t.topic);
	}
}
