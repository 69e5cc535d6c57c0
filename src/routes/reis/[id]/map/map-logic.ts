import type { PersonaAnalysis } from '$lib/analysis/doenvermogen';
import { TICKET_MARK_COLORS } from '$lib/canvas/legend';
import { ticketStatusByStep } from '$lib/analysis/ticket-status';
import type { Journey } from '$lib/model';
import type { ViewRect } from '$lib/sync/awareness';
import type { StepChange } from '$lib/sync/remote-changes';

/**
 * The map page's decisions as pure functions (no DOM, no Svelte): what a key
 * does, which steps are stuck for the personas shown, the sentence a
 * colleague's change becomes, where a summon to a step looks. The runes
 * classes beside this file carry them out; `map-logic.test.ts` tests them.
 */

/** Views go out at most every 200 ms (the last one always): a pan is a few jumps, not a stream. */
export const VIEW_INTERVAL_MS = 200;
/** Sentences about others' changes wait 1.5 s, so a colleague's typing is one sentence, not one per key. */
export const SUMMARY_DELAY_MS = 1500;
/** The live region keeps the last five sentences. */
export const CHANGE_LOG_LENGTH = 5;
/** Personas whose curves are drawn when nobody chose yet: the first four. */
export const DEFAULT_SHOWN_PERSONAS = 4;

/** The parts of an element that tell whether someone is typing in it (an HTMLElement fits). */
export type TypingTarget = { isContentEditable?: boolean; tagName?: string } | null;

/** True when the keys go to a text field (input, textarea, select, contenteditable). */
export function isTyping(target: TypingTarget): boolean {
	return (
		!!target && (!!target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName ?? ''))
	);
}

/** The parts of a key event the page's shortcuts read (a KeyboardEvent fits). */
export type ShortcutInput = {
	key: string;
	ctrlKey?: boolean;
	metaKey?: boolean;
	shiftKey?: boolean;
	target?: TypingTarget | EventTarget | null;
};

/**
 * The page-wide shortcut a key asks for: Ctrl/⌘+Z undoes, Ctrl/⌘+Shift+Z and
 * Ctrl/⌘+Y redo (the usual pair on Windows and macOS). Null while typing in a
 * field (the field's own undo wins) or for any other key.
 */
export function shortcutFor(input: ShortcutInput): 'undo' | 'redo' | null {
	if (isTyping((input.target ?? null) as TypingTarget) || !(input.ctrlKey || input.metaKey)) return null;
	const key = input.key.toLowerCase();
	if (key === 'z' && !input.shiftKey) return 'undo';
	if ((key === 'z' && input.shiftKey) || key === 'y') return 'redo';
	return null;
}

/** The step a `#stap-<id>` link points at (decoded), or null for any other hash. */
export function stepFromHash(hash: string): string | null {
	const m = /^#stap-(.+)$/.exec(hash);
	return m ? decodeURIComponent(m[1]) : null;
}

/** The personas whose curves are drawn: the chosen ones, or the first four of the reis. */
export function shownPersonaIds(
	journey: Pick<Journey, 'personas'>,
	chosen: readonly string[] | null
): string[] {
	return chosen ? [...chosen] : journey.personas.slice(0, DEFAULT_SHOWN_PERSONAS).map((p) => p.id);
}

/** `current` with persona `id` switched on or off, in the reis's persona order. */
export function togglePersona(
	journey: Pick<Journey, 'personas'>,
	current: readonly string[],
	id: string
): string[] {
	const next = new Set(current);
	if (next.has(id)) next.delete(id);
	else next.add(id);
	return journey.personas.map((p) => p.id).filter((p) => next.has(p));
}

/** The risk level of every step per persona: persona id → step id → level (the canvas's heat rows). */
export function heatByPersona(personas: readonly PersonaAnalysis[]) {
	return new Map(personas.map((p) => [p.personaId, new Map(p.steps.map((s) => [s.stepId, s.level]))]));
}

/** Step id → the names of the shown personas who get stuck there (WRR doenvermogen), in persona order. */
export function stuckByStep(
	personas: readonly PersonaAnalysis[],
	shown: readonly string[]
): Map<string, string[]> {
	const visible = new Set(shown);
	const byStep = new Map<string, string[]>();
	for (const p of personas) {
		if (!visible.has(p.personaId)) continue;
		for (const id of p.stuckStepIds) byStep.set(id, [...(byStep.get(id) ?? []), p.name]);
	}
	return byStep;
}

/** A mark on a step's card: the status of its improvement tickets (the map says whether fixes are coming). */
export type TicketMarker = { label: string; color: string; alert: boolean };

/** Step id → its ticket mark; `today` is `YYYY-MM-DD` (overdue tickets make the mark an alert). */
export function ticketMarkers(journey: Journey, today: string): Map<string, TicketMarker> {
	return new Map(
		Object.entries(ticketStatusByStep(journey, today)).map(([stepId, s]) => [
			stepId,
			{ label: `Verbeterticket: ${s.label}`, color: TICKET_MARK_COLORS[s.status], alert: s.overdue > 0 }
		])
	);
}

/** The part of the map a summon to one step shows: its card with 1.5 × its longer side around it (canvas units). */
export function viewAroundCard(card: { x: number; y: number; width: number; height: number }): ViewRect {
	const m = Math.max(card.width, card.height) * 1.5;
	return { x0: card.x - m, y0: card.y - m, x1: card.x + card.width + m, y1: card.y + card.height + m };
}

const VERBS: Record<StepChange['kind'], string> = {
	added: 'heeft een stap toegevoegd',
	removed: 'heeft stap {n} verwijderd',
	moved: 'heeft stap {n} verplaatst',
	renamed: 'heeft de titel van stap {n} gewijzigd',
	edited: 'heeft stap {n} bewerkt',
	painPoint: 'heeft een pijnpunt bij stap {n} gezet'
};

/**
 * What a colleague's change becomes in the live region, without the final
 * full stop: "Fatima heeft stap 4 verplaatst". Without a name "Iemand"; without
 * a step number (the card is gone or not laid out) the number is left out.
 */
export function changeSentence(
	author: string | undefined,
	kind: StepChange['kind'],
	number?: number
): string {
	return `${author ?? 'Iemand'} ${VERBS[kind].replace('{n}', String(number ?? ''))}`
		.replace(/ {2,}/g, ' ')
		.trim();
}

/** The log with `message` added, keeping the last `CHANGE_LOG_LENGTH` lines. */
export function appendLog(log: readonly string[], message: string): string[] {
	return [...log.slice(-(CHANGE_LOG_LENGTH - 1)), message];
}

/** The card focus goes to when step `stepId` is removed: the next in the reis, else the previous, else null. */
export function cardAfterRemoval<C extends { step: { id: string } }>(
	cards: readonly C[],
	stepId: string
): C | null {
	const i = cards.findIndex((c) => c.step.id === stepId);
	return cards[i + 1] ?? cards[i - 1] ?? null;
}
