import { untrack } from 'svelte';
import type { MapLayout } from '$lib/canvas/layout';
import type { View } from '$lib/canvas/view';
import type { CanvasController } from '$lib/canvas/zoom';
import type { Peer, ViewRect } from '$lib/sync/awareness';
import type { JourneyConnection } from '$lib/sync/journey-connection.svelte';
import { VIEW_INTERVAL_MS, viewAroundCard } from './map-logic';

/** What facilitation needs of the map page (MapPage fits). */
export type FacilitationHost = {
	readonly connection: JourneyConnection;
	readonly controller: CanvasController | undefined;
	readonly mapLayout: MapLayout | undefined;
	announce(message: string): void;
};

/**
 * Facilitation on the map: share this view, follow someone else's (Miro's
 * "follow"), and "breng iedereen hier" (a facilitator's summon, of the whole
 * view or of one step). Created by MapPage while the page initialises.
 */
export class Facilitation {
	readonly #page: FacilitationHost;
	/** The part of the map in this person's view (canvas units), as last reported by the canvas. */
	myView: ViewRect | null = null;
	/** The client id of the person whose view this one follows, or null. */
	following = $state<number | null>(null);
	followedPeer = $derived.by(
		() => this.#page.connection.peers.find((p) => p.clientId === this.following) ?? null
	);

	#viewTimer: ReturnType<typeof setTimeout> | null = null;
	#viewPending = false;
	/** Summons already acted on (or already there when this page arrived, so not for us). */
	readonly #seenSummons = new Set<string>();
	#summonsPrimed = false;

	constructor(page: FacilitationHost) {
		this.#page = page;
		$effect(() => () => {
			if (this.#viewTimer) clearTimeout(this.#viewTimer);
		});

		// While following: every new view of the followed person is shown here too.
		$effect(() => {
			const followed = this.followedPeer;
			const view = followed?.view;
			if (this.following === null) return;
			if (!followed) {
				untrack(() => this.stopFollowing('De persoon die u volgde is weg.'));
				return;
			}
			if (view) untrack(() => this.#page.controller?.showViewRect(view));
		});

		$effect(() => {
			const peers = this.#page.connection.peers;
			untrack(() => this.#obeySummons(peers));
		});
	}

	/**
	 * The canvas's view changed. Shared as the part of the map in view (screens differ in size, so a
	 * follower shows the same part), at most every VIEW_INTERVAL_MS, the last one always. A pan by
	 * this person ends following.
	 */
	viewChanged(_view: View, byUser: boolean): void {
		const visible = this.#page.controller?.getViewRect();
		if (!visible) return;
		this.myView = visible;
		if (byUser && this.following !== null) this.stopFollowing('U heeft zelf verschoven; u volgt niet meer.');
		if (this.#viewTimer) {
			this.#viewPending = true;
			return;
		}
		this.#page.connection.setPresence({ view: visible });
		this.#viewTimer = setTimeout(() => this.#flushView(), VIEW_INTERVAL_MS);
	}

	#flushView(): void {
		this.#viewTimer = null;
		if (!this.#viewPending) return;
		this.#viewPending = false;
		this.#page.connection.setPresence({ view: this.myView });
		this.#viewTimer = setTimeout(() => this.#flushView(), VIEW_INTERVAL_MS);
	}

	follow(clientId: number | null): void {
		if (clientId === null) return this.stopFollowing();
		this.following = clientId;
		const peer = this.#page.connection.peers.find((p) => p.clientId === clientId);
		if (peer) this.#page.announce(`U volgt nu ${peer.user.name}.`);
	}

	stopFollowing(message = 'U volgt niemand meer.'): void {
		if (this.following === null) return;
		this.following = null;
		this.#page.announce(message);
	}

	/** Facilitator: everyone's view goes to this one (or to one step), once per press. */
	summon(stepId: string | null = null): void {
		this.#page.connection.setPresence({
			summon: { id: crypto.randomUUID().slice(0, 12), view: stepId ? null : this.myView, stepId }
		});
		this.#page.announce(stepId ? 'Iedereen is naar deze stap gebracht.' : 'Iedereen ziet nu wat u ziet.');
	}

	#obeySummons(peers: readonly Peer[]): void {
		const page = this.#page;
		for (const peer of peers) {
			const s = peer.summon;
			if (!s || this.#seenSummons.has(s.id)) continue;
			this.#seenSummons.add(s.id);
			if (!this.#summonsPrimed || peer.role !== 'facilitator') continue;
			this.following = null;
			if (s.stepId) {
				const card = page.mapLayout?.byStep.get(s.stepId);
				if (card) page.controller?.showViewRect(viewAroundCard(card));
				page.announce(`${peer.user.name} heeft iedereen naar stap ${card?.number ?? ''} gebracht.`);
			} else if (s.view) {
				page.controller?.showViewRect(s.view);
				page.announce(`${peer.user.name} heeft iedereen naar haar of zijn beeld gebracht.`);
			}
		}
		// Only summons made after this page was live count; the first peers list is history.
		if (page.connection.status === 'connected') this.#summonsPrimed = true;
	}
}
