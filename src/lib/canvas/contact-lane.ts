import { scaleLinear } from 'd3-scale';
import type { StepFigures } from '$lib/analysis/contacts';
import type { MapLayout } from './layout';

/**
 * The contact lane of the map: per step the imported KCC contacts
 * (contactcijfers) as a bar stacked by kanaal, with the share handled in one
 * go (in één keer goed) and put through (doorverbonden) below it. Pure: d3
 * computes the bars, ContactLane.svelte draws them. Sizes in canvas units;
 * text is 13 px so it stays 12 px or more on screen at the fitted zoom of a
 * projector (about 0.95 and up for a five-fase map at 1920 × 1080).
 */

/**
 * Fill and pattern of each kanaal in the lane and its legend, in the order of
 * the map's kanalen: colour-blind-safe colours (Okabe–Ito) with a pattern as a
 * second cue, so the lane also reads in grey print and without colour vision.
 */
export const KANAAL_STYLES = [
	{ color: '#0072B2', pattern: '', ink: '#fff' },
	{ color: '#E69F00', pattern: 'M0,8L8,0M-2,2L2,-2M6,10L10,6', ink: '#1a1a1a' },
	{ color: '#009E73', pattern: 'M2,2h1.5v1.5h-1.5ZM6,6h1.5v1.5h-1.5Z', ink: '#fff' },
	{ color: '#CC79A7', pattern: 'M0,4H8', ink: '#1a1a1a' },
	{ color: '#56B4E9', pattern: 'M4,0V8', ink: '#1a1a1a' },
	{ color: '#D55E00', pattern: 'M0,0L8,8M0,8L8,0', ink: '#fff' }
] as const;

/** Contacts on a kanaal the map does not have (e-mail, say): grey with dense hatching. */
export const OTHER_KANAAL_STYLE = { color: '#8c8c8c', pattern: 'M0,8L8,0', ink: '#fff' } as const;

/** The `<pattern>` id of a kanaal style (index into KANAAL_STYLES, or -1 for OTHER_KANAAL_STYLE). */
export const kanaalPatternId = (index: number) => (index < 0 ? 'kr-kanaal-ander' : `kr-kanaal-${index}`);

export const kanaalStyle = (index: number) =>
	index < 0 ? OTHER_KANAAL_STYLE : KANAAL_STYLES[index % KANAAL_STYLES.length];

const LANE = {
	titleHeight: 28,
	legendRow: 24,
	numberSpace: 26,
	bars: 120,
	below: 70,
	fontSize: 13
} as const;

/** A rough width (px) of 13 px text: enough to keep legend items apart. */
const textWidth = (text: string) => text.length * LANE.fontSize * 0.58;

/**
 * The kanaal legend under the lane's title, whole names, wrapped within the map's
 * width: `x` in canvas units, `row` from 0. "ander kanaal" comes last.
 */
function legendPlaces(names: readonly string[], width: number): { x: number; row: number }[] {
	let x = 12;
	let row = 0;
	return names.map((name) => {
		const w = 16 + 6 + textWidth(name) + 22;
		if (x > 12 && x + w > width - 12) {
			x = 12;
			row++;
		}
		const place = { x, row };
		x += w;
		return place;
	});
}

const legendNames = (channels: readonly { name: string }[]) => [...channels.map((c) => c.name), OTHER_LABEL];
const OTHER_LABEL = 'ander kanaal (niet op de kaart)';

/** The lane's height on a map `width` wide with these kanalen (the legend may take more than one row). */
export function contactLaneHeight(channels: readonly { name: string }[], width: number): number {
	const rows = Math.max(...legendPlaces(legendNames(channels), width).map((p) => p.row)) + 1;
	return LANE.titleHeight + rows * LANE.legendRow + LANE.numberSpace + LANE.bars + LANE.below;
}

export type LaneSegment = {
	key: string;
	y: number;
	height: number;
	fill: string;
	label: string;
	contacts: number;
};
export type LaneBar = {
	stepId: string;
	number: number;
	x: number;
	width: number;
	contacts: number;
	/** Top of the stacked bar (where its number goes). */
	top: number;
	segments: LaneSegment[];
	/** "72%", or "–" when the export did not say. */
	firstTimeRight: string;
	forwarded: string;
};
export type LaneLegend = { label: string; fill: string; x: number; y: number };

export type ContactLane = {
	top: number;
	height: number;
	titleY: number;
	/** Top and bottom (baseline) of the bar area. */
	barsTop: number;
	base: number;
	numberY: number;
	firstTimeRightY: number;
	forwardedY: number;
	bars: LaneBar[];
	legend: LaneLegend[];
	/** Whether there is room for each step's numbers (not on a very dense map). */
	labels: boolean;
	/** No contact at all in the period. */
	empty: boolean;
};

const nl = (n: number) => n.toLocaleString('nl-NL');
const pct = (f: number | null) => (f === null ? '–' : `${Math.round(f * 100)}%`);

/**
 * Lays out the lane within `layout.contacts`, one bar per step at the step's
 * place in the emotion lane (`layout.emotion.steps`), so a bar sits under the
 * step's emotion point and doenvermogen cell. Segments follow the map's
 * kanalen in order, then the contacts on kanalen the map does not have.
 */
export function contactLane(
	layout: MapLayout,
	figures: readonly StepFigures[],
	channels: readonly { id: string; name: string }[]
): ContactLane | null {
	if (!layout.contacts) return null;
	const { top, height } = layout.contacts;
	const places = legendPlaces(legendNames(channels), layout.width);
	const legendTop = top + LANE.titleHeight;
	const barsTop = legendTop + (Math.max(...places.map((p) => p.row)) + 1) * LANE.legendRow + LANE.numberSpace;
	const base = barsTop + LANE.bars;
	const byStep = new Map(figures.map((f) => [f.stepId, f]));
	const max = Math.max(0, ...figures.map((f) => f.contacts));
	const y = scaleLinear()
		.domain([0, Math.max(1, max)])
		.range([0, base - barsTop]);
	const steps = layout.emotion.steps;
	const spacing = steps.length > 1 ? steps[1].x - steps[0].x : 80;
	const width = Math.max(6, Math.min(48, spacing * 0.55));
	const channelIndex = new Map(channels.map((c, i) => [c.id, i]));
	const channelName = new Map(channels.map((c) => [c.id, c.name]));
	let otherUsed = false;

	const bars = steps.map(({ stepId, number, x }): LaneBar => {
		const f = byStep.get(stepId);
		const parts = (f?.byChannel ?? []).map((c) => {
			const index = channelIndex.get(c.channelId) ?? -1;
			return { key: c.channelId, index, label: channelName.get(c.channelId) ?? '', contacts: c.contacts };
		});
		const other = (f?.contacts ?? 0) - parts.reduce((n, p) => n + p.contacts, 0);
		if (other > 0) parts.push({ key: 'ander', index: -1, label: 'ander kanaal', contacts: other });
		let at = base;
		const segments = parts.map((p) => {
			const h = y(p.contacts);
			at -= h;
			if (p.index < 0) otherUsed = true;
			return {
				key: p.key,
				y: at,
				height: h,
				fill: `url(#${kanaalPatternId(p.index)})`,
				label: p.label,
				contacts: p.contacts
			};
		});
		return {
			stepId,
			number,
			x,
			width,
			contacts: f?.contacts ?? 0,
			top: at,
			segments,
			firstTimeRight: pct(f?.firstTimeRight ?? null),
			forwarded: pct(f?.forwarded ?? null)
		};
	});

	// The legend lists every kanaal of the map (a kanaal without contacts here is worth seeing too).
	const legend: LaneLegend[] = [...channels.map((c) => c.name), ...(otherUsed ? [OTHER_LABEL] : [])].map(
		(label, i) => ({
			label,
			fill: `url(#${kanaalPatternId(i < channels.length ? i : -1)})`,
			x: places[i].x,
			y: legendTop + places[i].row * LANE.legendRow
		})
	);
	return {
		top,
		height,
		titleY: top + 20,
		barsTop,
		base,
		numberY: base + 17,
		firstTimeRightY: base + 40,
		forwardedY: base + 60,
		bars,
		legend,
		labels: spacing >= 44,
		empty: max === 0
	};
}

/** What a bar says to a screen reader and on hover: the step, its contacts per kanaal and the percentages. */
export function barDescription(bar: LaneBar, title: string): string {
	const kanalen = bar.segments.map((s) => `${s.label} ${nl(s.contacts)}`).join(', ');
	return (
		`Stap ${bar.number}, ${title}: ${nl(bar.contacts)} contacten` +
		(kanalen ? ` (${kanalen})` : '') +
		`; in één keer goed ${bar.firstTimeRight === '–' ? 'onbekend' : bar.firstTimeRight}` +
		`, doorverbonden ${bar.forwarded === '–' ? 'onbekend' : bar.forwarded}`
	);
}

export { nl as formatCount };
