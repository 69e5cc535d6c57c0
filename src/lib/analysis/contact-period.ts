import type { Period } from './contacts';

/**
 * The period the map and the table show contact figures over (contactcijfers
 * over een periode): all imported months, the last 3, 6 or 12 of them, or a
 * range the team chooses. "Last" counts back from the newest IMPORTED month,
 * not from today: an export of last year still shows its last quarter.
 */
export type PeriodChoice =
	{ kind: 'all' } | { kind: 'last'; months: 3 | 6 | 12 } | { kind: 'range'; from: string; to: string };

export const LAST_MONTHS = [3, 6, 12] as const;

const MONTH_NAMES = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

/** A month `YYYY-MM` as people read it: "mrt 2025". */
export function monthLabel(month: string): string {
	const name = MONTH_NAMES[Number(month.slice(5, 7)) - 1];
	return name ? `${name} ${month.slice(0, 4)}` : month;
}

/** The month `n` months after `month` (negative: before), both `YYYY-MM`. */
export function addMonths(month: string, n: number): string {
	const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
	return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/**
 * The months a choice covers, as `stepFigures` takes them (both ends
 * included), given the imported months (sorted `YYYY-MM`). A range given the
 * wrong way round is turned; no months at all gives the open period.
 */
export function periodRange(choice: PeriodChoice, months: readonly string[]): Period {
	const newest = months.at(-1);
	if (choice.kind === 'all' || !newest) return {};
	if (choice.kind === 'last') return { from: addMonths(newest, 1 - choice.months), to: newest };
	const [from, to] = choice.from <= choice.to ? [choice.from, choice.to] : [choice.to, choice.from];
	return { from, to };
}

/**
 * The imported months within a period, as text: "jan 2025 t/m dec 2025", one
 * month alone as "mrt 2025"; "geen maanden" when none falls in it.
 */
export function periodText(period: Period, months: readonly string[]): string {
	const inside = months.filter((m) => (!period.from || m >= period.from) && (!period.to || m <= period.to));
	if (inside.length === 0) return 'geen maanden';
	const first = inside[0];
	const last = inside[inside.length - 1];
	return first === last ? monthLabel(first) : `${monthLabel(first)} t/m ${monthLabel(last)}`;
}

/**
 * How many months a narrowed choice spans, for the badge on the map's compact
 * period button ("Contactcijfers 3 maanden", as the principle filter shows how
 * many principles are on); empty for all months, the default. A range counts
 * its calendar months, both ends included, as "the last N months" does.
 */
export function choiceBadge(choice: PeriodChoice): string {
	if (choice.kind === 'all') return '';
	const n =
		choice.kind === 'last'
			? choice.months
			: choice.from && choice.to
				? Math.abs(monthIndex(choice.to) - monthIndex(choice.from)) + 1
				: 0;
	if (n === 0) return '';
	return n === 1 ? '1 maand' : `${n} maanden`;
}

function monthIndex(month: string): number {
	return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7));
}
