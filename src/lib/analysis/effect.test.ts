import { describe, expect, it } from 'vitest';
import type { ChannelKind, Evidence } from '$lib/model';
import {
	DEFAULT_CONTACT_COSTS,
	parseContactCosts,
	periodsPerYear,
	quadrants,
	ticketEffect,
	type TicketEffect
} from './effect';

function contacts(value: number, period: string, channel?: ChannelKind): Evidence {
	return { metric: 'contacts', value, source: 'KCC-rapportage', period, ...(channel ? { channel } : {}) };
}

describe('periodsPerYear', () => {
	it.each([
		['2026-Q3', 4],
		['Q1 2026', 4],
		['2026-03', 12],
		['maart 2026', 12],
		['jan-jun 2026', 2],
		['okt t/m dec 2025', 4],
		['2025', 1],
		['H2 2025', 2],
		['week 12', 52],
		['2026-01-01/2026-12-31', 1]
	])('%s fits %d times in a year', (period, n) => {
		expect(periodsPerYear(period)).toBeCloseTo(n, 5);
	});

	it('says null for a period it cannot read', () => {
		expect(periodsPerYear('sinds de nieuwe website')).toBeNull();
	});
});

describe('ticketEffect', () => {
	const stepKind = new Map<string, ChannelKind>([
		['bellen', 'telefoon'],
		['balie', 'balie']
	]);

	it('scales contacts to a year and prices them per kanaal', () => {
		const e = ticketEffect(
			{ effort: 'S' },
			[
				{ stepId: 'bellen', evidence: [contacts(300, '2026-Q1')] },
				{ stepId: 'bellen', evidence: [contacts(100, '2026-03', 'balie')] }
			],
			stepKind
		);
		expect(e.byChannel).toEqual([
			{ kind: 'balie', contactsPerYear: 1200 },
			{ kind: 'telefoon', contactsPerYear: 1200 }
		]);
		expect(e.contactsPerYear).toBe(2400);
		expect(e.valuePerYear).toBe(
			Math.round(1200 * DEFAULT_CONTACT_COSTS.balie + 1200 * DEFAULT_CONTACT_COSTS.telefoon)
		);
		expect(e.score).toBeCloseTo(1200 * 10.4 + 1200 * 5.4, 5);
		expect(e.assumptions).toEqual([]);
	});

	it('counts two periods of one pain point once (the largest), and says what it assumed', () => {
		const e = ticketEffect(
			{},
			[
				{
					stepId: 'bellen',
					evidence: [contacts(300, '2026-Q1'), contacts(250, '2026-Q2'), contacts(5, 'ooit')]
				}
			],
			stepKind
		);
		expect(e.contactsPerYear).toBe(1200);
		expect(e.effort).toBeNull();
		expect(e.score).toBeCloseTo((1200 * 5.4) / 2, 5);
		expect(e.assumptions.join(' ')).toMatch(/niet geschat/);
		expect(e.assumptions.join(' ')).toMatch(/"ooit" niet herkend/);
	});

	it('gives zero effect without contact figures, whatever else the evidence says', () => {
		const e = ticketEffect(
			{ effort: 'L' },
			[{ stepId: 'balie', evidence: [{ metric: 'complaints', value: 40, source: 'x', period: '2025' }] }],
			stepKind
		);
		expect(e).toMatchObject({ contactsPerYear: 0, valuePerYear: 0, score: 0, effort: 'L' });
	});

	it('uses configured costs', () => {
		const costs = parseContactCosts('telefoon=10');
		const e = ticketEffect(
			{ effort: 'M' },
			[{ stepId: 'bellen', evidence: [contacts(100, '2025')] }],
			stepKind,
			costs
		);
		expect(e.valuePerYear).toBe(1000);
		expect(e.score).toBe(500);
	});
});

describe('quadrants', () => {
	const effect = (valuePerYear: number, effort: TicketEffect['effort']): TicketEffect => ({
		contactsPerYear: 0,
		byChannel: [],
		valuePerYear,
		effort,
		score: 0,
		assumptions: []
	});

	it('splits at the median value and at effort L', () => {
		expect(quadrants([effect(1000, 'S'), effect(5000, 'L'), effect(10, 'L'), effect(0, 'M')])).toEqual([
			'quick-win',
			'big-bet',
			'reconsider',
			'fill-in'
		]);
	});
});

describe('parseContactCosts', () => {
	it('reads pairs over the defaults, with a decimal comma', () => {
		const costs = parseContactCosts('telefoon=6,20; balie=12');
		expect(costs.telefoon).toBe(6.2);
		expect(costs.balie).toBe(12);
		expect(costs.website).toBe(DEFAULT_CONTACT_COSTS.website);
		expect(parseContactCosts('telefoon=6,20,balie=12').balie).toBe(12);
	});

	it('names a bad pair', () => {
		expect(() => parseContactCosts('fax=3')).toThrow(/"fax=3"/);
		expect(() => parseContactCosts('telefoon=veel')).toThrow(/telefoon=veel/);
	});
});
