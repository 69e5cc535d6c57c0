/** Percentile by nearest rank on a copy of `values` (p in 0..100); NaN for no values. */
export function percentile(values: readonly number[], p: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** The middle value; of an even number of values, the mean of the two in the middle. */
export function median(values: readonly number[]): number {
	if (values.length === 0 || values.length % 2 === 1) return percentile(values, 50);
	const sorted = [...values].sort((a, b) => a - b);
	const i = values.length / 2;
	return (sorted[i - 1] + sorted[i]) / 2;
}

/** Rounds for display: three significant digits, whole numbers above 1000. */
export function round(value: number): number {
	if (!Number.isFinite(value)) return value;
	const abs = Math.abs(value);
	if (abs >= 1000) return Math.round(value);
	if (abs === 0) return 0;
	const digits = Math.max(0, 2 - Math.floor(Math.log10(abs)));
	return Number(value.toFixed(Math.min(digits, 4)));
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Wall-clock time in ms with sub-millisecond resolution, comparable across processes on one machine. */
export function now(): number {
	return performance.timeOrigin + performance.now();
}
