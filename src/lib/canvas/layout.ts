import { scaleBand, scaleLinear, scalePoint } from 'd3-scale';
import { curveCatmullRom, line, linkHorizontal } from 'd3-shape';
import { sortByReis, type Journey, type Step } from '$lib/model';

/** Sizes of the map, in canvas units (px at zoom 1). */
export const SIZES = {
	laneLabelWidth: 170,
	headerHeight: 52,
	/** Wide enough for 20 characters of a 15 px title a line: the height, not the width, limits a fit. */
	cardWidth: 224,
	cardHeight: 72,
	cardGap: 10,
	cellPadding: 14,
	emotionHeight: 200,
	emotionGap: 28,
	heatRowHeight: 30,
	heatGap: 24,
	contactGap: 36
} as const;

export type CardBox = {
	step: Step;
	/** Position along the reis, from 1. */
	number: number;
	x: number;
	y: number;
	width: number;
	height: number;
	/** Index within its cell, top to bottom. */
	slot: number;
};
export type Column = { id: string; name: string; x: number; width: number };
export type Row = { id: string; name: string; kind: string; y: number; height: number };
export type Segment = {
	from: string;
	to: string;
	d: string;
	switchesChannel: boolean;
	midX: number;
	midY: number;
};
export type EmotionCurve = {
	personaId: string;
	d: string;
	points: { stepId: string; x: number; y: number; value: number }[];
};

export type MapLayout = {
	width: number;
	height: number;
	gridBottom: number;
	columns: Column[];
	rows: Row[];
	cards: CardBox[];
	byStep: Map<string, CardBox>;
	segments: Segment[];
	emotion: {
		top: number;
		height: number;
		ticks: { value: number; y: number }[];
		/** One mark per step along the curve, by reis number. */
		steps: { stepId: string; number: number; x: number }[];
		curves: EmotionCurve[];
	};
	/** The doenvermogen lane: one row per persona, one cell per step (x as in the emotion curve). */
	heat: { top: number; rows: { personaId: string; y: number; height: number }[]; cellWidth: number };
	/** The contact lane (KCC figures per step, ./contact-lane.ts), below the other lanes; null when not drawn. */
	contacts: { top: number; height: number } | null;
};

/** What to draw besides the grid and the persona lanes. */
export type LayoutOptions = {
	/** Height of the contact lane for the map's width (contactLaneHeight); absent for none. */
	contactLane?: (width: number) => number;
};

const cellKey = (stageId: string, channelId: string) => `${stageId}\u0000${channelId}`;

/**
 * Where everything on the map goes: fases as columns, kanalen as rows (each
 * as tall as its fullest cell), cards stacked in their cell in reis order,
 * the reis line through the cards, and the emotion curves below the grid.
 */
export function layoutJourney(
	journey: Journey,
	personaIds: readonly string[] = [],
	options: LayoutOptions = {}
): MapLayout {
	const { laneLabelWidth, headerHeight, cardWidth, cardHeight, cardGap, cellPadding } = SIZES;
	const columnWidth = cardWidth + 2 * cellPadding;
	const x = scaleBand<string>()
		.domain(journey.stages.map((s) => s.id))
		.range([laneLabelWidth, laneLabelWidth + journey.stages.length * columnWidth]);

	// Reis order (fase, then order within the fase): numbers, cell stacking, line and curves follow it.
	const steps = sortByReis(journey.steps, journey.stages);
	const cells = new Map<string, Step[]>();
	for (const step of steps) {
		const key = cellKey(step.stageId, step.channelId);
		const list = cells.get(key);
		if (list) list.push(step);
		else cells.set(key, [step]);
	}

	const rows: Row[] = [];
	let y = headerHeight;
	for (const channel of journey.channels) {
		const fullest = Math.max(
			1,
			...journey.stages.map((s) => cells.get(cellKey(s.id, channel.id))?.length ?? 0)
		);
		const height = 2 * cellPadding + fullest * cardHeight + (fullest - 1) * cardGap;
		rows.push({ id: channel.id, name: channel.name, kind: channel.kind, y, height });
		y += height;
	}
	const gridBottom = y;
	const rowById = new Map(rows.map((r) => [r.id, r]));
	const number = new Map(steps.map((s, i) => [s.id, i + 1]));

	const cards: CardBox[] = [];
	for (const [, list] of cells) {
		list.forEach((step, slot) => {
			const row = rowById.get(step.channelId);
			const colX = x(step.stageId);
			if (!row || colX === undefined) return;
			cards.push({
				step,
				number: number.get(step.id) ?? 0,
				x: colX + cellPadding,
				y: row.y + cellPadding + slot * (cardHeight + cardGap),
				width: cardWidth,
				height: cardHeight,
				slot
			});
		});
	}
	cards.sort((a, b) => a.number - b.number);
	const byStep = new Map(cards.map((c) => [c.step.id, c]));

	const link = linkHorizontal<{ source: [number, number]; target: [number, number] }, [number, number]>();
	const segments: Segment[] = [];
	for (let i = 1; i < cards.length; i++) {
		const a = cards[i - 1];
		const b = cards[i];
		const forward = b.x >= a.x;
		const source: [number, number] = [forward ? a.x + a.width : a.x, a.y + a.height / 2];
		const target: [number, number] = [forward ? b.x : b.x + b.width, b.y + b.height / 2];
		if (a.x === b.x) {
			// Same column: leave from the bottom, arrive at the top.
			source[0] = a.x + a.width / 2;
			source[1] = a.y + (b.y > a.y ? a.height : 0);
			target[0] = b.x + b.width / 2;
			target[1] = b.y + (b.y > a.y ? 0 : b.height);
		}
		segments.push({
			from: a.step.id,
			to: b.step.id,
			d:
				a.x === b.x
					? `M${source[0]},${source[1]}L${target[0]},${target[1]}`
					: (link({ source, target }) ?? ''),
			switchesChannel: a.step.channelId !== b.step.channelId,
			midX: (source[0] + target[0]) / 2,
			midY: (source[1] + target[1]) / 2
		});
	}

	const width = laneLabelWidth + journey.stages.length * columnWidth;
	const top = gridBottom + SIZES.emotionGap;
	const emotionY = scaleLinear()
		.domain([-2, 2])
		.range([top + SIZES.emotionHeight - 16, top + 16]);
	const curve = line<{ x: number; y: number }>()
		.x((p) => p.x)
		.y((p) => p.y)
		.curve(curveCatmullRom.alpha(0.5));
	// The curve runs along the reis, one evenly spaced point per step: steps that share a
	// column would otherwise pile up on one x and make the curve unreadable.
	const gridRight = laneLabelWidth + journey.stages.length * columnWidth;
	const emotionX = scalePoint<string>()
		.domain(cards.map((c) => c.step.id))
		.range([laneLabelWidth + 24, Math.max(laneLabelWidth + 48, gridRight - 24)])
		.padding(0.5);
	const curves: EmotionCurve[] = personaIds.map((personaId) => {
		const points = cards.flatMap((c) => {
			const value = c.step.emotions[personaId];
			return value === undefined
				? []
				: [{ stepId: c.step.id, x: emotionX(c.step.id) ?? 0, y: emotionY(value), value }];
		});
		return { personaId, d: points.length > 1 ? (curve(points) ?? '') : '', points };
	});

	const heatTop = top + SIZES.emotionHeight + SIZES.heatGap;
	const spacing = cards.length > 1 ? emotionX.step() : 60;
	const lanesBottom =
		personaIds.length > 0 ? heatTop + 24 + personaIds.length * SIZES.heatRowHeight + 8 : gridBottom;
	const contacts = options.contactLane
		? { top: lanesBottom + SIZES.contactGap, height: options.contactLane(width) }
		: null;
	return {
		width,
		height: contacts ? contacts.top + contacts.height : lanesBottom,
		gridBottom,
		columns: journey.stages.map((s) => ({ id: s.id, name: s.name, x: x(s.id) ?? 0, width: columnWidth })),
		rows,
		cards,
		byStep,
		segments,
		emotion: {
			top,
			height: SIZES.emotionHeight,
			ticks: [-2, -1, 0, 1, 2].map((value) => ({ value, y: emotionY(value) })),
			steps: cards.map((c) => ({ stepId: c.step.id, number: c.number, x: emotionX(c.step.id) ?? 0 })),
			curves
		},
		heat: {
			top: heatTop,
			rows: personaIds.map((personaId, i) => ({
				personaId,
				y: heatTop + 24 + i * SIZES.heatRowHeight,
				height: SIZES.heatRowHeight - 4
			})),
			cellWidth: Math.max(8, Math.min(44, spacing - 4))
		},
		contacts
	};
}

/** The cell under a canvas point, and the slot a dropped card would take there. */
export function cellAt(
	layout: MapLayout,
	px: number,
	py: number
): { stageId: string; channelId: string; slot: number } | null {
	const column = layout.columns.find((c) => px >= c.x && px < c.x + c.width);
	const row = layout.rows.find((r) => py >= r.y && py < r.y + r.height);
	if (!column || !row) return null;
	const inCell = layout.cards.filter((c) => c.step.stageId === column.id && c.step.channelId === row.id);
	const slot = inCell.filter((c) => c.y + c.height / 2 < py).length;
	return { stageId: column.id, channelId: row.id, slot };
}

/** Wraps text to lines of at most `maxChars`, at most `maxLines` lines, ending in an ellipsis when cut. */
export function wrapText(text: string, maxChars: number, maxLines: number): string[] {
	const words = text.trim().split(/\s+/).filter(Boolean);
	const lines: string[] = [];
	let current = '';
	for (const word of words) {
		const candidate = current ? `${current} ${word}` : word;
		if (candidate.length <= maxChars) {
			current = candidate;
			continue;
		}
		if (current) lines.push(current);
		current = word.length > maxChars ? word.slice(0, maxChars - 1) + '…' : word;
		if (lines.length === maxLines) break;
	}
	if (current && lines.length < maxLines) lines.push(current);
	if (
		lines.length > maxLines ||
		(lines.length === maxLines && lines.join(' ').length < words.join(' ').length)
	) {
		const cut = lines.slice(0, maxLines);
		const last = cut[maxLines - 1];
		cut[maxLines - 1] = (last.length >= maxChars ? last.slice(0, maxChars - 1) : last) + '…';
		return cut;
	}
	return lines;
}

/** Colour-blind-safe persona colours (Okabe–Ito), with a dash pattern as a second cue. */
export const PERSONA_STYLES = [
	{ color: '#0072B2', dash: '' },
	{ color: '#D55E00', dash: '8 4' },
	{ color: '#009E73', dash: '2 4' },
	{ color: '#CC79A7', dash: '10 3 2 3' },
	{ color: '#E69F00', dash: '4 2' },
	{ color: '#56B4E9', dash: '1 3' },
	{ color: '#000000', dash: '6 6' }
] as const;

export function personaStyle(index: number) {
	return PERSONA_STYLES[index % PERSONA_STYLES.length];
}

/**
 * Many small marks as one path: a 300-step map draws its emotion points and
 * its doenvermogen lane in a handful of elements instead of thousands, which
 * is what keeps the first draw and every pan frame cheap.
 */
export function dotsPath(points: readonly { x: number; y: number }[], r: number): string {
	return points
		.map((p) => `M${p.x - r},${p.y}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`)
		.join('');
}

export type HeatLevel = 'none' | 'ok' | 'tight' | 'stuck';
export const HEAT_LEVELS = ['none', 'ok', 'tight', 'stuck'] as const satisfies readonly HeatLevel[];
/** Fill and plain-language meaning of each doenvermogen level (the lane and its legend). */
export const HEAT: Record<HeatLevel, { fill: string; label: string }> = {
	none: { fill: '#eeeeee', label: 'vraagt niets' },
	ok: { fill: '#cfe3f1', label: 'lukt' },
	tight: { fill: '#f6b960', label: 'net aan' },
	stuck: { fill: '#a4161a', label: 'loopt vast' }
};

/** The cells of one doenvermogen row, one path per level, and the glyphs of `tight` (~) and `stuck` (!). */
export function heatRowPaths(
	steps: readonly { stepId: string; x: number }[],
	cellWidth: number,
	y: number,
	height: number,
	levelOf: (stepId: string) => HeatLevel
): { cells: Record<HeatLevel, string>; tight: string; stuck: string } {
	const cells: Record<HeatLevel, string> = { none: '', ok: '', tight: '', stuck: '' };
	let tight = '';
	let stuck = '';
	const cy = y + height / 2;
	for (const { stepId, x } of steps) {
		const level = levelOf(stepId);
		cells[level] += `M${x - cellWidth / 2},${y}h${cellWidth}v${height}h${-cellWidth}Z`;
		if (level === 'tight') tight += `M${x - 5},${cy + 1}q2.5,-4 5,0t5,0`;
		if (level === 'stuck') stuck += `M${x},${y + 5}V${y + height - 10}M${x},${y + height - 5}v0.5`;
	}
	return { cells, tight, stuck };
}
