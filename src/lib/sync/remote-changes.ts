import type * as Y from 'yjs';
import { ENTRY_KEYS, layout } from './doc-layout';

type Shared = Transaction['changed'] extends Map<infer T, unknown> ? T : never;
type Transaction = Y.Transaction;

/** What another person did to a step in one transaction (for "<naam> heeft stap 4 verplaatst"). */
export type StepChange = {
	kind: 'added' | 'removed' | 'moved' | 'renamed' | 'edited' | 'painPoint';
	stepId: string;
};

/**
 * The step-level changes of a transaction and the client ids that wrote it
 * (those whose clock advanced: a pure deletion writes no struct, so its
 * author is unknown and `authors` is empty). Pure over the transaction; the
 * journey page turns it into Dutch sentences with awareness names. The
 * doc's root types must exist before the update arrives (the connection reads
 * the layout at start), or `tr.changed` holds placeholders.
 */
export function stepChanges(tr: Y.Transaction): { authors: number[]; changes: StepChange[] } {
	const authors: number[] = [];
	for (const [client, clock] of tr.afterState) {
		if (clock > (tr.beforeState.get(client) ?? 0)) authors.push(client);
	}
	const l = layout(tr.doc);
	const changes: StepChange[] = [];
	const seen = new Set<string>();
	const add = (kind: StepChange['kind'], stepId: string) => {
		const key = `${kind}:${stepId}`;
		if (seen.has(key)) return;
		seen.add(key);
		changes.push({ kind, stepId });
	};
	// tr.changed is keyed by the untyped shared types; compared by identity.
	const steps = l.steps as unknown as Shared;
	const painPoints = l.painPoints as unknown as Shared;
	for (const [type, keys] of tr.changed) {
		if (type === steps) {
			for (const key of keys) if (key !== null) add(l.steps.has(key) ? 'added' : 'removed', key);
			continue;
		}
		if (type === painPoints) {
			for (const key of keys) {
				const stepId = key !== null ? l.painPoints.get(key)?.get(ENTRY_KEYS.stepId) : undefined;
				if (typeof stepId === 'string') add('painPoint', stepId);
			}
			continue;
		}
		const stepId = stepOf(type, steps);
		if (!stepId || seen.has(`added:${stepId}`)) continue;
		if (type._item?.parent === steps && keys.has(ENTRY_KEYS.title)) add('renamed', stepId);
		else if (type._item?.parent === steps && ['stageId', 'channelId', 'order'].some((k) => keys.has(k)))
			add('moved', stepId);
		else add('edited', stepId);
	}
	// A step added in the same transaction is one "added", not also an edit of it.
	return {
		authors,
		changes: changes.filter((c) => c.kind === 'added' || !seen.has(`added:${c.stepId}`))
	};
}

/** The id of the step a nested shared type belongs to (its note, emotions, …), or null. */
function stepOf(type: Shared, steps: Shared): string | null {
	let t: Shared | null = type;
	while (t?._item) {
		if (t._item.parent === steps) return t._item.parentSub;
		t = t._item.parent as Shared | null;
	}
	return null;
}
