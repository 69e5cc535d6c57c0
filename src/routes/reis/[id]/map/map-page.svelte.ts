import { resolve } from '$app/paths';
import { page } from '$app/state';
import { tick, untrack } from 'svelte';
import { coverage } from '$lib/analysis/contacts';
import { analyseJourney } from '$lib/analysis/doenvermogen';
import { stepsMatchingPrinciples } from '$lib/analysis/hostmanship';
import type JourneyCanvas from '$lib/canvas/JourneyCanvas.svelte';
import type { MapLayout } from '$lib/canvas/layout';
import type { CanvasController } from '$lib/canvas/zoom';
import { hasChosenName, loadIdentity, saveIdentity, type Identity } from '$lib/identity';
import type { Principle } from '$lib/model';
import { MapFigures } from '$lib/map-figures.svelte';
import { rememberJourney } from '$lib/recent';
import { addStep, nextOrder } from '$lib/sync/journey-doc';
import type { JourneyConnection } from '$lib/sync/journey-connection.svelte';
import type { PageData } from '../$types';
import { ChangeAnnouncer } from './change-announcer.svelte';
import { Facilitation } from './facilitation.svelte';
import {
	appendLog,
	heatByPersona,
	shortcutFor,
	shownPersonaIds,
	stepFromHash,
	stuckByStep,
	ticketMarkers,
	togglePersona
} from './map-logic';

/** Kaart, tabel, or the list per fase (the first view on a phone, where the map is tiny). */
export type MapView = 'map' | 'table' | 'list';
/** The side panel shown beside the map; null shows the add-step form (or nothing, read-only). */
export type MapPanel = 'step' | 'lanes' | 'share' | 'personas' | 'walk' | null;

/**
 * The state of the map page (`/reis/<id>`) as one runes object, shared by its
 * parts (toolbar, Meer menu, legend, panels, live region). Construct it while
 * the page component initialises: its effects belong to that component.
 *
 * - `connection` is the journey layout's JourneyConnection (one socket per journey);
 * - `facilitation` follows, shares and summons views (facilitation.svelte.ts);
 * - `changes` turns others' edits into sentences for screen readers
 *   (change-announcer.svelte.ts).
 */
export class MapPage {
	readonly #getConnection: () => JourneyConnection;
	readonly #getData: () => PageData;

	identity = $state<Identity>({ name: 'Deelnemer', color: '#0b6e4f' });
	identityLoaded = $state(false);
	/** The first visit in this browser: ask for a name once (NameDialog). */
	askName = $state(false);
	view = $state<MapView>('map');
	panel = $state<MapPanel>(null);
	selectedId = $state<string | null>(null);
	shownPersonas = $state<string[] | null>(null);
	/** Filter of the map by hostmanship principle: steps without such a pain point are faded. */
	principleFilter = $state<Principle[]>([]);
	canvas = $state<ReturnType<typeof JourneyCanvas>>();
	/** The laid-out map (cards and their places), as the canvas last drew it. */
	mapLayout = $state<MapLayout>();
	controller = $state<CanvasController>();
	addDefaults = $state<{ stageId: string; channelId: string } | null>(null);
	/** Presentation mode: the map region alone, full-screen (for the projector). */
	stageElement = $state<HTMLDivElement>();
	presenting = $state(false);
	/** Recent sentences for the live region ("Fatima heeft stap 4 verplaatst"). */
	changeLog = $state<string[]>([]);

	connection = $derived.by(() => this.#getConnection());
	data = $derived.by(() => this.#getData());
	journey = $derived(this.connection.journey);
	personaIds = $derived(shownPersonaIds(this.journey, this.shownPersonas));
	selectedStep = $derived(this.journey.steps.find((s) => s.id === this.selectedId) ?? null);
	/** Where each persona gets stuck (WRR doenvermogen), recomputed on every change. */
	analysis = $derived(analyseJourney(this.journey));
	heat = $derived(heatByPersona(this.analysis.personas));
	stuck = $derived(stuckByStep(this.analysis.personas, this.personaIds));
	/** A ticket's status shows back on its step's card: the map tells whether the fixes are coming. */
	markers = $derived(ticketMarkers(this.journey, new Date().toISOString().slice(0, 10)));
	principleSteps = $derived(
		this.principleFilter.length ? stepsMatchingPrinciples(this.journey, this.principleFilter) : null
	);
	/** The KCC contact figures (the contact lane and the table's columns), fetched again after every import. */
	figures = $derived(new MapFigures(this.connection.id, String(this.data.token ?? '')));
	/** What the contact lane draws over the chosen period; null before any import. */
	contactLane = $derived(this.figures.lane(this.journey));
	/** "Klik, bel, kom" per fase, live from the map: fases without a human alternative are marked. */
	coverage = $derived(coverage(this.journey));
	peerViews = $derived(
		this.connection.peers.map((p) => ({
			clientId: p.clientId,
			name: p.user.name,
			color: p.user.color,
			pointer: p.pointer,
			editing: p.editing
		}))
	);

	readonly facilitation: Facilitation;
	readonly changes: ChangeAnnouncer;

	constructor(getConnection: () => JourneyConnection, getData: () => PageData) {
		this.#getConnection = getConnection;
		this.#getData = getData;
		this.facilitation = new Facilitation(this);
		this.changes = new ChangeAnnouncer(this);

		// A link to `#stap-<id>` (from the exports, the overview, the trainer session) opens that step.
		$effect(() => {
			const id = stepFromHash(page.url.hash);
			if (id === null) return;
			// Only the hash is tracked: a later edit must not reopen a panel the user closed.
			untrack(() => {
				if (this.journey.steps.some((s) => s.id === id)) this.select(id);
			});
		});

		$effect(() => {
			if (!this.identityLoaded) return;
			// The journey layout started the connection; the page adds what others see of it: the role
			// (a summon is obeyed from a facilitator only) and the view (the first fit may have come
			// before the connection).
			// Again once the layout's connection is up: before that there is no presence to set.
			void this.connection.status;
			untrack(() => this.connection.setPresence({ role: this.data.role, view: this.facilitation.myView }));
		});

		$effect(() => this.figures.start(this.connection.doc));

		this.#returnFocusOnClose();
	}

	/** Called from the page's onMount: the browser's identity, a phone's first view, the recent list. */
	mount(): void {
		const data = this.data;
		this.identity = loadIdentity(localStorage);
		this.askName = !hasChosenName(localStorage);
		if (matchMedia('(max-width: 600px)').matches) this.view = 'list';
		this.identityLoaded = true;
		rememberJourney(localStorage, {
			id: data.id,
			title: data.journey.title,
			role: data.role,
			link: resolve(`/reis/${encodeURIComponent(data.id)}?token=${encodeURIComponent(data.token)}`),
			openedAt: new Date().toISOString()
		});
	}

	/** The link to a subpage of this journey (`overzicht`, `sessie`, …), through resolve(). */
	pageLink(sub: string): string {
		return resolve(`/reis/${encodeURIComponent(this.data.id)}/${sub}`);
	}

	/** Opens the step's panel (null closes it) and tells the others which step this person edits. */
	select(id: string | null): void {
		this.selectedId = id;
		this.panel = id ? 'step' : null;
		this.connection.setPresence({ editing: id });
	}

	closePanel(): void {
		this.panel = null;
		this.selectedId = null;
		this.connection.setPresence({ editing: null });
	}

	/** A toolbar button: opens `panel`, or closes it when it is open. */
	togglePanel(panel: Exclude<MapPanel, null>): void {
		this.panel = this.panel === panel ? null : panel;
	}

	changeIdentity(next: Identity): void {
		this.identity = next;
		saveIdentity(localStorage, next);
		this.connection.setPresence({ user: next });
		this.askName = false;
	}

	/** Adds a line to the polite live region (at most the last five stay). */
	announce(message: string): void {
		this.changeLog = appendLog(this.changeLog, message);
	}

	/** A new step in a cell (double click, the list's add button): its panel opens with the title focused. */
	addAt(stageId: string, channelId: string): void {
		const id = crypto.randomUUID();
		this.connection.change((doc) =>
			addStep(doc, { id, title: 'Nieuwe stap', stageId, channelId, order: nextOrder(doc) })
		);
		this.select(id);
		requestAnimationFrame(() => document.getElementById('panel-title')?.focus());
	}

	togglePersona(id: string): void {
		this.shownPersonas = togglePersona(this.journey, this.personaIds, id);
	}

	/** The window's keydown: undo and redo (see shortcutFor). */
	shortcuts(event: KeyboardEvent): void {
		const action = shortcutFor(event);
		if (!action) return;
		event.preventDefault();
		if (action === 'undo') this.connection.undo();
		else this.connection.redo();
	}

	/** Downloads carry the whole map with title and legend (the canvas draws them; print too). */
	download(kind: 'svg' | 'png') {
		return this.canvas?.download(kind);
	}

	async present(): Promise<void> {
		if (!this.stageElement?.requestFullscreen) return;
		try {
			await this.stageElement.requestFullscreen({ navigationUI: 'hide' });
		} catch {
			// Refused (an iframe without permission, or no user gesture): the page stays as it is.
		}
	}

	stopPresenting(): void {
		if (document.fullscreenElement) void document.exitFullscreen();
	}

	fullscreenChanged(): void {
		this.presenting = document.fullscreenElement === this.stageElement;
		// The map region changed size: show the whole map again once the new size is laid out.
		requestAnimationFrame(() => this.controller?.fit());
	}

	/**
	 * Where focus was when a side panel opened (a card, a toolbar button): when the panel closes
	 * (Sluiten, Esc) and focus would drop to <body>, it goes back there, or to the card of the step.
	 */
	#returnFocusOnClose(): void {
		let opener: Element | null = null;
		let openerStep: string | null = null;
		$effect.pre(() => {
			const open = this.panel !== null;
			const selected = this.selectedId;
			untrack(() => {
				if (open) {
					opener ??= document.activeElement;
					openerStep = selected ?? openerStep;
					return;
				}
				const back = opener;
				const stepId = openerStep;
				opener = null;
				openerStep = null;
				void tick().then(() => {
					const active = document.activeElement;
					if (active && active !== document.body) return;
					const card = stepId
						? document.querySelector<SVGElement>(`[data-card="${CSS.escape(stepId)}"]`)
						: null;
					const target = back?.isConnected ? back : card;
					(target as HTMLElement | SVGElement | null)?.focus({ preventScroll: true });
				});
			});
		});
	}
}
