import { orderForSlot, sortByReis, type Journey } from '$lib/model';
import type { MapLayout } from './layout';

/**
 * Keyboard operation of the map, as pure functions: a key on a focused card
 * becomes the action it means, and the canvas carries it out. Keeping the
 * decisions here lets them be tested without a browser.
 *
 * - arrows: focus the nearest card in that direction (same lane first);
 * - Home / End: the first / last step of the reis;
 * - Alt + ← / →: move the card to the fase on that side (a card moved right
 *   lands at the start of its new fase, moved left at its end, so it keeps
 *   its place in the reis as far as possible);
 * - Alt + ↑ / ↓: move the card to the kanaal above / below, same place in the reis;
 * - Enter / Space: open the step; Delete / Backspace: remove it.
 */

/** Where a step goes: its cell and its `order` within the fase. */
export type Move = { stageId: string; channelId: string; order: number };

export type CardAction =
	| { kind: 'focus'; id: string }
	| { kind: 'move'; id: string; to: Move }
	| { kind: 'select'; id: string }
	| { kind: 'remove'; id: string }
	/** A key the map owns, but nothing to do (a read-only move, the edge of the map). */
	| { kind: 'none' };

/** The parts of a key event that matter here (a KeyboardEvent fits). */
export type KeyInput = { key: string; altKey?: boolean; ctrlKey?: boolean; metaKey?: boolean };

const ARROWS: Record<string, [number, number]> = {
	ArrowLeft: [-1, 0],
	ArrowRight: [1, 0],
	ArrowUp: [0, -1],
	ArrowDown: [0, 1]
};

/**
 * The action a key on card `id` asks for, or null when the key is not the
 * map's (the event then goes on as usual: Tab, typing, shortcuts).
 */
export function cardKeyAction(
	input: KeyInput,
	id: string,
	context: { journey: Journey; layout: MapLayout; canWrite: boolean }
): CardAction | null {
	const { journey, layout, canWrite } = context;
	if (input.ctrlKey || input.metaKey) return null;
	const arrow = ARROWS[input.key];
	if (arrow && input.altKey) {
		if (!canWrite) return { kind: 'none' };
		const to = moveByArrow(journey, id, arrow[0], arrow[1]);
		return to ? { kind: 'move', id, to } : { kind: 'none' };
	}
	if (arrow) {
		const next = neighbour(layout, id, arrow[0], arrow[1]);
		return next ? { kind: 'focus', id: next } : { kind: 'none' };
	}
	if (input.key === 'Home' || input.key === 'End') {
		const card = input.key === 'Home' ? layout.cards[0] : layout.cards[layout.cards.length - 1];
		return card ? { kind: 'focus', id: card.step.id } : { kind: 'none' };
	}
	if (input.key === 'Enter' || input.key === ' ') return { kind: 'select', id };
	if (input.key === 'Delete' || input.key === 'Backspace') return canWrite ? { kind: 'remove', id } : null;
	return null;
}

/**
 * Where Alt + arrow moves a step: one fase (`dx`) or one kanaal (`dy`) over;
 * null at the edge of the map or for an unknown step.
 */
export function moveByArrow(journey: Journey, id: string, dx: number, dy: number): Move | null {
	const step = journey.steps.find((s) => s.id === id);
	if (!step) return null;
	const si = journey.stages.findIndex((s) => s.id === step.stageId) + dx;
	const ci = journey.channels.findIndex((c) => c.id === step.channelId) + dy;
	if (si < 0 || ci < 0 || si >= journey.stages.length || ci >= journey.channels.length) return null;
	const stageId = journey.stages[si].id;
	const channelId = journey.channels[ci].id;
	// Another kanaal in the same fase: the step keeps its place in the reis.
	if (dx === 0) return { stageId, channelId, order: step.order };
	const fase = faseSteps(journey, stageId, id);
	return { stageId, channelId, order: orderForSlot(fase, [], 0, dx > 0 ? 'start' : 'end') };
}

/**
 * Where a drop at `slot` of a cell puts a step (`slot` counts the other cards
 * of that cell, top to bottom; larger values mean below the last).
 */
export function moveToSlot(
	journey: Journey,
	id: string,
	stageId: string,
	channelId: string,
	slot: number
): Move {
	const fase = faseSteps(journey, stageId, id);
	const cell = fase.filter((s) => s.channelId === channelId);
	return { stageId, channelId, order: orderForSlot(fase, cell, Math.min(slot, cell.length)) };
}

/** The steps of one fase in reis order, without step `exceptId`. */
function faseSteps(journey: Journey, stageId: string, exceptId: string) {
	return sortByReis(
		journey.steps.filter((s) => s.stageId === stageId && s.id !== exceptId),
		journey.stages
	);
}

/**
 * The card nearest to `fromId` in a direction (`dx`, `dy` of -1, 0, 1), by
 * distance between centres, where being off the line counts three times: so
 * the arrows stay in a lane or column while there is a card in it.
 */
export function neighbour(layout: MapLayout, fromId: string, dx: number, dy: number): string | null {
	const from = layout.byStep.get(fromId);
	if (!from) return null;
	const fx = from.x + from.width / 2;
	const fy = from.y + from.height / 2;
	let best: { id: string; score: number } | null = null;
	for (const c of layout.cards) {
		if (c.step.id === fromId) continue;
		const cx = c.x + c.width / 2 - fx;
		const cy = c.y + c.height / 2 - fy;
		const along = dx ? cx * dx : cy * dy;
		if (along <= 0) continue;
		const across = dx ? Math.abs(cy) : Math.abs(cx);
		const score = along + across * 3;
		if (!best || score < best.score) best = { id: c.step.id, score };
	}
	return best?.id ?? null;
}
