import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyseJourney } from '$lib/analysis/doenvermogen';
import { TICKET_MARK_COLORS } from '$lib/canvas/legend';
import { Journey } from '$lib/model';
import {
	appendLog,
	cardAfterRemoval,
	changeSentence,
	heatByPersona,
	isTyping,
	shortcutFor,
	shownPersonaIds,
	stepFromHash,
	stuckByStep,
	ticketMarkers,
	togglePersona,
	viewAroundCard
} from './map-logic';

const journey = Journey.parse(JSON.parse(readFileSync('src/lib/export/golden/journey.json', 'utf8')));
const personas = (ids: string[]) => ({ personas: ids.map((id) => ({ id })) }) as Pick<Journey, 'personas'>;

describe('shortcuts of the map page', () => {
	it('Ctrl or ⌘ + Z undoes, with Shift or Y redoes', () => {
		expect(shortcutFor({ key: 'z', ctrlKey: true })).toBe('undo');
		expect(shortcutFor({ key: 'Z', metaKey: true })).toBe('undo');
		expect(shortcutFor({ key: 'Z', ctrlKey: true, shiftKey: true })).toBe('redo');
		expect(shortcutFor({ key: 'y', ctrlKey: true })).toBe('redo');
	});

	it('leaves other keys, keys without Ctrl, and typing in a field alone', () => {
		expect(shortcutFor({ key: 'z' })).toBeNull();
		expect(shortcutFor({ key: 'x', ctrlKey: true })).toBeNull();
		expect(shortcutFor({ key: 'z', ctrlKey: true, target: { tagName: 'TEXTAREA' } })).toBeNull();
		expect(
			shortcutFor({ key: 'z', ctrlKey: true, target: { tagName: 'DIV', isContentEditable: true } })
		).toBeNull();
		expect(shortcutFor({ key: 'z', ctrlKey: true, target: { tagName: 'BUTTON' } })).toBe('undo');
	});

	it('knows the fields that take typing', () => {
		expect(['INPUT', 'TEXTAREA', 'SELECT'].map((tagName) => isTyping({ tagName }))).toEqual([
			true,
			true,
			true
		]);
		expect(isTyping({ tagName: 'svg' })).toBe(false);
		expect(isTyping(null)).toBe(false);
	});
});

describe('links to a step', () => {
	it('reads the step id from #stap-<id>, decoded', () => {
		expect(stepFromHash('#stap-a%20b')).toBe('a b');
		expect(stepFromHash('#stap-')).toBeNull();
		expect(stepFromHash('#iets')).toBeNull();
		expect(stepFromHash('')).toBeNull();
	});
});

describe('personas on the map', () => {
	it('shows the first four until someone chooses', () => {
		expect(shownPersonaIds(personas(['a', 'b', 'c', 'd', 'e']), null)).toEqual(['a', 'b', 'c', 'd']);
		expect(shownPersonaIds(personas(['a', 'b']), ['b'])).toEqual(['b']);
	});

	it('switches one on or off, keeping the reis order', () => {
		const all = personas(['a', 'b', 'c']);
		expect(togglePersona(all, ['c'], 'a')).toEqual(['a', 'c']);
		expect(togglePersona(all, ['a', 'c'], 'a')).toEqual(['c']);
		// An id no longer in the reis drops out.
		expect(togglePersona(all, ['weg'], 'b')).toEqual(['b']);
	});

	it('gives each persona a risk level per step, and names who is stuck at a shown step', () => {
		const analysis = analyseJourney(journey).personas;
		const heat = heatByPersona(analysis);
		expect([...heat.keys()]).toEqual(analysis.map((p) => p.personaId));
		for (const p of analysis) expect(heat.get(p.personaId)?.size).toBe(p.steps.length);

		const all = stuckByStep(
			analysis,
			analysis.map((p) => p.personaId)
		);
		const expected = new Map<string, string[]>();
		for (const p of analysis)
			for (const id of p.stuckStepIds) expected.set(id, [...(expected.get(id) ?? []), p.name]);
		expect(all).toEqual(expected);
		expect(all.size).toBeGreaterThan(0);
		expect(stuckByStep(analysis, []).size).toBe(0);
	});
});

describe('ticket marks on the cards', () => {
	it('labels the step with its tickets and alerts when one is overdue', () => {
		const marks = ticketMarkers(journey, '2026-04-02');
		expect([...marks.keys()].sort()).toEqual(['afspraak', 'bellen', 'zoeken']);
		expect(marks.get('afspraak')).toEqual({
			label: 'Verbeterticket: 2 tickets: 1 open, 1 in behandeling; 1 te laat',
			color: TICKET_MARK_COLORS['in-progress'],
			alert: true
		});
		expect(ticketMarkers(journey, '2026-03-31').get('afspraak')?.alert).toBe(false);
	});
});

describe('facilitation and announcements', () => {
	it('a summon to a step shows its card with 1.5 times its longer side around it', () => {
		expect(viewAroundCard({ x: 100, y: 50, width: 40, height: 20 })).toEqual({
			x0: 40,
			y0: -10,
			x1: 200,
			y1: 130
		});
	});

	it('says what a colleague changed, in plain Dutch', () => {
		expect(changeSentence('Fatima', 'moved', 4)).toBe('Fatima heeft stap 4 verplaatst');
		expect(changeSentence(undefined, 'added')).toBe('Iemand heeft een stap toegevoegd');
		expect(changeSentence('Jan', 'removed')).toBe('Jan heeft stap verwijderd');
		expect(changeSentence('Jan', 'painPoint', 2)).toBe('Jan heeft een pijnpunt bij stap 2 gezet');
	});

	it('keeps the last five lines of the live region', () => {
		let log: string[] = [];
		for (const n of [1, 2, 3, 4, 5, 6]) log = appendLog(log, String(n));
		expect(log).toEqual(['2', '3', '4', '5', '6']);
	});

	it('moves focus to the next card after a removed step, else the previous one', () => {
		const cards = ['a', 'b', 'c'].map((id) => ({ step: { id } }));
		expect(cardAfterRemoval(cards, 'b')?.step.id).toBe('c');
		expect(cardAfterRemoval(cards, 'c')?.step.id).toBe('b');
		expect(cardAfterRemoval([{ step: { id: 'a' } }], 'a')).toBeNull();
	});
});
