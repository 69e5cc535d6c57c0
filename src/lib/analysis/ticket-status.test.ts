import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Journey } from '$lib/model';
import { ticketStatusByPainPoint, ticketStatusByStep } from './ticket-status';

const journey = Journey.parse(JSON.parse(readFileSync('src/lib/export/golden/journey.json', 'utf8')));

describe('ticket status on steps and pain points', () => {
	it('sums up the tickets per step, work in progress first', () => {
		const byStep = ticketStatusByStep(journey);
		expect(Object.keys(byStep).sort()).toEqual(['afspraak', 'bellen', 'zoeken']);
		// afspraak has an in-progress and an open ticket.
		expect(byStep.afspraak.status).toBe('in-progress');
		expect(byStep.afspraak.counts).toEqual({ open: 1, 'in-progress': 1, done: 0, rejected: 0 });
		expect(byStep.afspraak.label).toBe('2 tickets: 1 open, 1 in behandeling');
		expect(byStep.bellen.status).toBe('rejected');
		expect(byStep.zoeken.tickets.map((t) => t.id)).toEqual(['formule']);
		expect(byStep.ophalen).toBeUndefined();
	});

	it('sums up the tickets per pain point', () => {
		const byPainPoint = ticketStatusByPainPoint(journey);
		expect(byPainPoint['alleen-online'].tickets.map((t) => t.id)).toEqual(['bel-afspraak', 'formule']);
		expect(byPainPoint.wachtrij.label).toBe('1 ticket: 1 afgewezen');
	});

	it('counts a ticket once on a step even when it covers two of its pain points', () => {
		const j = Journey.parse({
			...journey,
			painPoints: [
				...journey.painPoints,
				{ id: 'tweede', stepId: 'afspraak', principles: ['serve'], severity: 1 }
			],
			tickets: [{ id: 'beide', painPointIds: ['alleen-online', 'tweede'], department: 'KCC', title: 'Beide' }]
		});
		expect(ticketStatusByStep(j).afspraak.counts.open).toBe(1);
	});

	it('counts overdue tickets and replies on a step when given today', () => {
		const j = Journey.parse({
			...journey,
			tickets: journey.tickets.map((t) =>
				t.id === 'bel-afspraak'
					? { ...t, replies: [{ id: 'r', at: '2026-04-01T09:00:00Z', by: 'Burgerzaken', text: 'Bezig' }] }
					: t
			)
		});
		// bel-afspraak is in progress with due date 2026-03-31.
		const late = ticketStatusByStep(j, '2026-04-02').afspraak;
		expect(late).toMatchObject({ overdue: 1, replies: 1 });
		expect(late.label).toBe('2 tickets: 1 open, 1 in behandeling; 1 te laat; 1 reactie');
		expect(ticketStatusByStep(j, '2026-03-31').afspraak.overdue).toBe(0);
		expect(ticketStatusByStep(j).afspraak.overdue).toBe(0);
	});
});
