import { tick } from 'svelte';
import type * as Y from 'yjs';
import type { MapLayout } from '$lib/canvas/layout';
import type { JourneyConnection } from '$lib/sync/journey-connection.svelte';
import { stepChanges } from '$lib/sync/remote-changes';
import { SUMMARY_DELAY_MS, cardAfterRemoval, changeSentence } from './map-logic';

/** What the announcer needs of the map page (MapPage fits). */
export type ChangeAnnouncerHost = {
	readonly connection: JourneyConnection;
	readonly mapLayout: MapLayout | undefined;
	readonly selectedId: string | null;
	closePanel(): void;
	announce(message: string): void;
};

/**
 * What others change, for screen-reader users: a polite summary in the live
 * region ("Fatima heeft stap 4 verplaatst."), and focus that never drops to
 * <body> when someone else removes the step this person is on. Listens to the
 * session's Y.Doc from the page's initialisation until it is destroyed.
 */
export class ChangeAnnouncer {
	readonly #page: ChangeAnnouncerHost;
	#pending = new Map<string, string>();
	#summaryTimer: ReturnType<typeof setTimeout> | null = null;

	constructor(page: ChangeAnnouncerHost) {
		this.#page = page;
		const onTransaction = (tr: Y.Transaction) => this.#remoteTransaction(tr);
		$effect(() => {
			const doc = this.#page.connection.doc;
			doc.on('afterTransaction', onTransaction);
			return () => {
				doc.off('afterTransaction', onTransaction);
				if (this.#summaryTimer) clearTimeout(this.#summaryTimer);
			};
		});
	}

	#remoteTransaction(tr: Y.Transaction): void {
		const { connection, mapLayout } = this.#page;
		// Only live changes: the first sync (and the one after a reconnect) is not news.
		if (tr.origin !== connection.provider || tr.local || !connection.provider?.synced) return;
		const { authors, changes } = stepChanges(tr);
		if (changes.length === 0) return;
		const states = connection.provider?.awareness.getStates();
		const author = authors
			.map((id) => (states?.get(id) as { user?: { name?: string } } | undefined)?.user?.name)
			.find((n): n is string => typeof n === 'string');
		for (const change of changes) {
			const card = mapLayout?.byStep.get(change.stepId);
			this.#pending.set(`${change.kind}:${change.stepId}`, changeSentence(author, change.kind, card?.number));
			if (change.kind === 'removed') this.#keepFocusAfterRemoval(change.stepId);
		}
		if (!this.#summaryTimer) this.#summaryTimer = setTimeout(() => this.#flushSummary(), SUMMARY_DELAY_MS);
	}

	#flushSummary(): void {
		this.#summaryTimer = null;
		for (const sentence of this.#pending.values()) this.#page.announce(`${sentence}.`);
		this.#pending = new Map();
	}

	/**
	 * A step someone else removed may hold this person's focus (its card, or its open panel):
	 * focus goes to the next card in the reis (or the previous one), not to <body>.
	 */
	#keepFocusAfterRemoval(stepId: string): void {
		const page = this.#page;
		const active = document.activeElement;
		const onCard = active?.closest?.('[data-card]')?.getAttribute('data-card') === stepId;
		const inPanel = page.selectedId === stepId && !!active?.closest?.('.side');
		if (!onCard && !inPanel) return;
		const next = cardAfterRemoval(page.mapLayout?.cards ?? [], stepId);
		if (inPanel) page.closePanel();
		void tick().then(() => {
			const el = next
				? document.querySelector<SVGElement>(`[data-card="${CSS.escape(next.step.id)}"]`)
				: document.querySelector<SVGElement>('svg.map');
			el?.focus({ preventScroll: true });
			page.announce(
				next
					? `De stap waar u was is verwijderd; u bent nu bij stap ${next.number}.`
					: 'De stap waar u was is verwijderd.'
			);
		});
	}
}
