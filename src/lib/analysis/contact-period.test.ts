import { describe, expect, it } from 'vitest';
import { addMonths, choiceBadge, monthLabel, periodRange, periodText } from './contact-period';

const YEAR = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);

describe('contact periods', () => {
	it('counts months across a year boundary', () => {
		expect(addMonths('2025-01', -1)).toBe('2024-12');
		expect(addMonths('2025-12', 1)).toBe('2026-01');
		expect(addMonths('2025-06', -11)).toBe('2024-07');
	});

	it('counts "the last N months" back from the newest imported month, not from today', () => {
		expect(periodRange({ kind: 'last', months: 3 }, YEAR)).toEqual({ from: '2025-10', to: '2025-12' });
		expect(periodRange({ kind: 'last', months: 12 }, YEAR)).toEqual({ from: '2025-01', to: '2025-12' });
		expect(periodRange({ kind: 'all' }, YEAR)).toEqual({});
		expect(periodRange({ kind: 'last', months: 6 }, [])).toEqual({});
	});

	it('turns a range chosen the wrong way round', () => {
		expect(periodRange({ kind: 'range', from: '2025-09', to: '2025-02' }, YEAR)).toEqual({
			from: '2025-02',
			to: '2025-09'
		});
	});

	it('says which imported months a period holds', () => {
		expect(monthLabel('2025-03')).toBe('mrt 2025');
		expect(periodText({}, YEAR)).toBe('jan 2025 t/m dec 2025');
		expect(periodText({ from: '2025-10', to: '2026-03' }, YEAR)).toBe('okt 2025 t/m dec 2025');
		expect(periodText({ from: '2025-05', to: '2025-05' }, YEAR)).toBe('mei 2025');
		expect(periodText({ from: '2026-01' }, YEAR)).toBe('geen maanden');
	});

	it('gives the months a narrowed choice spans, for the compact period button', () => {
		expect(choiceBadge({ kind: 'all' })).toBe('');
		expect(choiceBadge({ kind: 'last', months: 3 })).toBe('3 maanden');
		expect(choiceBadge({ kind: 'range', from: '2025-12', to: '2025-10' })).toBe('3 maanden');
		expect(choiceBadge({ kind: 'range', from: '2024-11', to: '2025-02' })).toBe('4 maanden');
		expect(choiceBadge({ kind: 'range', from: '2025-05', to: '2025-05' })).toBe('1 maand');
		expect(choiceBadge({ kind: 'range', from: '', to: '' })).toBe('');
	});
});
