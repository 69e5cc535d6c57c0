import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Journey, type Ticket } from '$lib/model';
import {
	departmentTickets,
	filterAndSort,
	forDepartment,
	mergeRows,
	rankEntries,
	ticketFlags
} from './department';
import { DEFAULT_CONTACT_COSTS } from './effect';

const journey = Journey.parse(JSON.parse(readFileSync('src/lib/export/golden/journey.json', 'utf8')));
const entries = departmentTickets(
	{
		...journey,
		steps: journey.steps.map((s) => ({ ...s, note: 'GEHEIME-NOTITIE' })),
		painPoints: journey.painPoints.map((p) => ({ ...p, author: 'Naam van de deelnemer' }))
	},
	DEFAULT_CONTACT_COSTS
);

describe('departmentTickets', () => {
	it('gives each ticket its steps (title, fase, kanaal), pain points and effect, and nothing else of the journey', () => {
		const bel = entries.find((e) => e.ticket.id === 'bel-afspraak')!;
		expect(bel.steps).toEqual([
			{
				id: 'afspraak',
				title: expect.any(String),
				stage: expect.any(String),
				channel: 'Website',
				channelKind: 'website'
			}
		]);
		expect(bel.painPoints.map((p) => p.id)).toEqual(['alleen-online']);
		// 212 contacts in a quarter, by phone.
		expect(bel.effect.contactsPerYear).toBe(848);
		expect(bel.effect.valuePerYear).toBe(Math.round(848 * DEFAULT_CONTACT_COSTS.telefoon));
		const text = JSON.stringify(entries);
		expect(text).not.toContain('GEHEIME-NOTITIE');
		expect(text).not.toContain('Naam van de deelnemer');
		for (const persona of journey.personas) expect(text).not.toContain(persona.name);
	});

	it('filters by department trimmed and case-insensitively; null keeps all', () => {
		expect(forDepartment(entries, ' burgerzaken ').map((e) => e.ticket.id)).toEqual(['bel-afspraak']);
		expect(forDepartment(entries, null)).toHaveLength(journey.tickets.length);
	});
});

describe('ticketFlags and filterAndSort', () => {
	const base = journey.tickets[0];
	const t = (changes: Partial<Ticket>): Ticket => ({ ...base, ...changes });
	const now = Date.parse('2026-04-10T12:00:00Z');

	it('flags overdue only while open, no reply, done without reply, and the age in days', () => {
		expect(ticketFlags(t({ dueDate: '2026-04-09', status: 'open' }), '2026-04-10', now).overdue).toBe(true);
		expect(ticketFlags(t({ dueDate: '2026-04-10', status: 'open' }), '2026-04-10', now).overdue).toBe(false);
		expect(ticketFlags(t({ dueDate: '2026-04-09', status: 'done' }), '2026-04-10', now)).toMatchObject({
			overdue: false,
			noReply: true,
			doneWithoutReply: true
		});
		const reply = { id: 'r', at: '2026-04-01T00:00:00Z', by: 'KCC', text: 'Gedaan' };
		expect(ticketFlags(t({ status: 'done', replies: [reply] }), '2026-04-10', now).doneWithoutReply).toBe(
			false
		);
		expect(ticketFlags(t({ createdAt: '2026-04-01T12:00:00Z' }), '2026-04-10', now).ageDays).toBe(9);
		expect(ticketFlags(t({ createdAt: undefined }), '2026-04-10', now).ageDays).toBeNull();
	});

	it('ranks by expected effect by default and filters on status', () => {
		const ranked = filterAndSort(entries, {}, 'effect', '2026-04-10', now);
		// Both tickets on the pain point with 212 phone contacts a quarter come first.
		expect(ranked.map((e) => e.effect.valuePerYear > 0)).toEqual([true, true, false, false]);
		expect(
			ranked
				.slice(0, 2)
				.map((e) => e.ticket.id)
				.sort()
		).toEqual(['bel-afspraak', 'formule']);
		expect(
			filterAndSort(entries, { status: 'done' }, 'effect', '2026-04-10', now).map((e) => e.ticket.id)
		).toEqual(['leeg']);
		expect(
			filterAndSort(entries, { overdue: true }, 'due', '2026-04-10', now).map((e) => e.ticket.id)
		).toEqual(['bel-afspraak']);
	});

	it('merges the rows of a changed journey into a ranked list as a full sort would', () => {
		const other = departmentTickets(
			{ ...journey, id: 'andere-reis', title: 'Andere reis' },
			DEFAULT_CONTACT_COSTS
		);
		const full = rankEntries([...entries, ...other], '2026-04-10', now);
		const merged = mergeRows(
			rankEntries(entries, '2026-04-10', now),
			rankEntries(other, '2026-04-10', now),
			'effect'
		);
		expect(merged.map((r) => `${r.journeyId}/${r.ticket.id}`)).toEqual(
			full.map((r) => `${r.journeyId}/${r.ticket.id}`)
		);
	});
});
