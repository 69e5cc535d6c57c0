import { zoomIdentity, type ZoomTransform } from 'd3-zoom';
import type { MapLayout } from './layout';
import { contains, detailRegion, grow, viewForRect, visibleRect, type Rect, type View } from './view';
import type { CanvasController, ZoomController } from './zoom';

/**
 * The view of the map as state (runes): the pan and zoom, the region whose
 * text is drawn, whether a gesture is under way, and the rules for fitting.
 * The zoom attachment (./zoom.ts) feeds it; JourneyCanvas reads it and hands
 * `controller` to the page.
 *
 * Fit and refit: "Passend maken" fills the canvas (the grid of fases and
 * kanalen in the height, see fitView) and is redone whenever the canvas or
 * the map changes size, until someone pans or zooms or the view is set in
 * code; a step shown by showStep (the walk) stays centred instead.
 */
export class MapView {
	transform = $state.raw<ZoomTransform>(zoomIdentity);
	/** Where card text is drawn (see detailRegion); changes only every half screen of panning. */
	region = $state.raw<Rect | null>(null);
	/** A pan or zoom is under way: the map is moved as one composited layer. */
	moving = $state(false);
	/**
	 * Part of the grid of fases and kanalen is out of view: then the minimap helps
	 * (a fitted map shows the whole grid and keeps every card clear of the minimap).
	 */
	readonly gridCut = $derived.by(() => {
		const { width, height } = this.size();
		const { layout, fitHeight } = this.map();
		const grid = { x0: 0, y0: 0, x1: layout.width, y1: fitHeight };
		return !contains(grow(visibleRect(this.transform, width, height), 0.002), grid);
	});
	#zoom = $state.raw<ZoomController>();
	/** Someone panned or zoomed, or the view was set, since the last fit: then no refit. */
	#pinned = false;
	/** The step the view is kept centred on, until someone pans or zooms. */
	#shownStep: string | null = null;
	#timer: ReturnType<typeof setTimeout> | null = null;
	private size: () => { width: number; height: number };
	private map: () => { layout: MapLayout; fitHeight: number };
	private onchange: () => ((view: View, byUser: boolean) => void) | undefined;

	/**
	 * @param initial the view the server drew
	 * @param size the canvas's size in px
	 * @param map the layout and the height fit keeps in view (canvas units)
	 * @param onchange the page's onviewchange, if any
	 */
	constructor(
		initial: View,
		size: () => { width: number; height: number },
		map: () => { layout: MapLayout; fitHeight: number },
		onchange: () => ((view: View, byUser: boolean) => void) | undefined
	) {
		this.size = size;
		this.map = map;
		this.onchange = onchange;
		this.transform = zoomIdentity.translate(initial.x, initial.y).scale(initial.k);
		const { width, height } = size();
		this.region = detailRegion(initial, width, height, null);
	}

	/**
	 * Adding or dropping the text of many cards takes a layout of the map, which would
	 * stall a gesture: while one is under way the region follows once the view rests
	 * for a moment (or the gesture ends); until then new cards show their grey lines.
	 */
	static REGION_SETTLE_MS = 120;

	#settle = () => {
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		const { width, height } = this.size();
		this.region = detailRegion(this.transform, width, height, this.region);
	};

	/** From the zoom attachment: the view changed (`byUser`: by wheel, drag or pinch). */
	zoomed = (t: ZoomTransform, byUser: boolean) => {
		this.transform = t;
		if (byUser) this.#pin(null);
		this.onchange()?.({ x: t.x, y: t.y, k: t.k }, byUser);
		const { width, height } = this.size();
		if (detailRegion(t, width, height, this.region) === this.region) return;
		if (!this.moving) return this.#settle();
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = setTimeout(this.#settle, MapView.REGION_SETTLE_MS);
	};

	/** From the zoom attachment: a gesture starts or ends. */
	gesture = (active: boolean) => {
		this.moving = active;
		if (!active) this.#settle();
	};

	/** From the zoom attachment: its controller; returns the page's. */
	attach = (zoom: ZoomController): CanvasController => {
		this.#zoom = zoom;
		return {
			fit: this.fit,
			getView: this.getView,
			setView: this.setView,
			getViewRect: this.getViewRect,
			showViewRect: this.showViewRect,
			showStep: this.showStep,
			zoomBy: this.zoomBy,
			centerOn: this.centerOn
		};
	};

	/** The canvas changed size: a fresh text region. */
	resized(width: number, height: number) {
		this.region = detailRegion(this.transform, width, height, null);
	}

	/** The canvas or the map changed size: fit again, or keep the shown step centred. */
	refit() {
		if (!this.#zoom) return;
		const shown = this.#shownStep;
		if (shown && this.map().layout.byStep.has(shown)) this.showStep(shown);
		else if (!this.#pinned) this.fit();
	}

	#pin(step: string | null) {
		this.#pinned = true;
		this.#shownStep = step;
	}

	fit = () => {
		this.#pinned = false;
		this.#shownStep = null;
		const { layout, fitHeight } = this.map();
		this.#zoom?.fit(layout.width, layout.height, fitHeight);
	};

	getView = (): View =>
		this.#zoom?.getView() ?? { x: this.transform.x, y: this.transform.y, k: this.transform.k };

	setView = (view: View, options?: { animate?: boolean }) => {
		this.#pin(null);
		this.#zoom?.setView(view, options);
	};

	getViewRect = (): Rect => {
		const { width, height } = this.size();
		return visibleRect(this.getView(), width, height);
	};

	showViewRect = (rect: Rect, options?: { animate?: boolean }) => {
		const { width, height } = this.size();
		this.setView(viewForRect(rect, width, height), options);
	};

	showStep = (id: string, options?: { animate?: boolean }) => {
		const card = this.map().layout.byStep.get(id);
		if (!card || !this.#zoom) return;
		this.#pin(id);
		this.#zoom.centerOn(card.x + card.width / 2, card.y + card.height / 2, options);
	};

	zoomBy = (factor: number) => {
		this.#pin(null);
		this.#zoom?.zoomBy(factor);
	};

	centerOn = (x: number, y: number, options?: { animate?: boolean }) => {
		this.#pin(null);
		this.#zoom?.centerOn(x, y, options);
	};

	dispose() {
		if (this.#timer) clearTimeout(this.#timer);
	}
}
