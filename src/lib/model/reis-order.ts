/**
 * The order of the reis (volgorde van de reis): the one rule by which step
 * numbers, the reis line, the emotion curves, the walk, the table and every
 * analysis and export put steps in a row. Pure; imports nothing.
 *
 * A step's place is its fase (the index of its `stageId` in the journey's
 * `stages`) first, then its `order` within that fase. `order` is therefore a
 * position *within the fase*: moving a card to another fase renumbers it at
 * once, and a step added anywhere lands in its own fase, not at the end of
 * the whole reis.
 */

type Orderable = { id: string; stageId: string; order?: number };

/**
 * Steps in reis order: by fase index, then `order` (missing counts as 0),
 * then id (so two steps with the same order keep one stable place on every
 * client). A step whose fase is not in `stages` goes after every fase.
 * Returns a new array; `steps` is left as it is.
 */
export function sortByReis<T extends Orderable>(steps: readonly T[], stages: readonly { id: string }[]): T[] {
	const faseIndex = new Map(stages.map((s, i) => [s.id, i]));
	const fase = (step: T) => faseIndex.get(step.stageId) ?? stages.length;
	return [...steps].sort(
		(a, b) => fase(a) - fase(b) || (a.order ?? 0) - (b.order ?? 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
	);
}

/**
 * The `order` that puts a step at `slot` among the steps of one cell (fase ×
 * kanaal), between its neighbours, without renumbering anyone else.
 *
 * - `faseSteps`: the other steps of the target fase, in reis order (the step
 *   being moved left out);
 * - `cellSteps`: those of them in the target kanaal, in reis order;
 * - `slot`: 0 = above the first card of the cell, `cellSteps.length` = below the last;
 * - `empty`: where an empty cell puts the step within its fase: `'start'`
 *   (before every step of the fase, e.g. a card moved in from the fase on
 *   the left) or `'end'` (after them: a new step, or a card from the right).
 */
export function orderForSlot(
	faseSteps: readonly Orderable[],
	cellSteps: readonly Orderable[],
	slot: number,
	empty: 'start' | 'end' = 'end'
): number {
	const order = (s: Orderable) => s.order ?? 0;
	const before = cellSteps[slot - 1];
	const after = cellSteps[slot];
	if (before && after) return (order(before) + order(after)) / 2;
	if (before) {
		const i = faseSteps.findIndex((s) => s.id === before.id);
		const next = faseSteps[i + 1];
		return next ? (order(before) + order(next)) / 2 : order(before) + 1;
	}
	if (after) {
		const i = faseSteps.findIndex((s) => s.id === after.id);
		const prev = i > 0 ? faseSteps[i - 1] : undefined;
		return prev ? (order(prev) + order(after)) / 2 : order(after) - 1;
	}
	if (faseSteps.length === 0) return 1;
	return empty === 'start' ? order(faseSteps[0]) - 1 : order(faseSteps[faseSteps.length - 1]) + 1;
}
