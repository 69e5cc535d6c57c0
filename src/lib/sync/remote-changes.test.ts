import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { layout } from './doc-layout';
import { stepChanges, type StepChange } from './remote-changes';

/** Two docs: `a` writes, `b` receives the update as a remote client would. */
function pair() {
	const a = new Y.Doc();
	const b = new Y.Doc();
	// As in the app (the session reads the layout first): the root types exist before updates arrive.
	layout(b);
	const seen: { authors: number[]; changes: StepChange[] }[] = [];
	b.on('afterTransaction', (tr: Y.Transaction) => {
		if (tr.origin === 'remote') seen.push(stepChanges(tr));
	});
	a.on('update', (u: Uint8Array) => Y.applyUpdate(b, u, 'remote'));
	return { a, b, seen };
}

function addStep(doc: Y.Doc, id: string) {
	const m = new Y.Map<unknown>();
	m.set('id', id);
	m.set('title', 'Belt het KCC');
	m.set('stageId', 's1');
	m.set('order', 1);
	layout(doc).steps.set(id, m);
}

describe('stepChanges', () => {
	it('names the author and the kind of change of each step', () => {
		const { a, seen } = pair();
		addStep(a, 'x');
		expect(seen.at(-1)).toEqual({ authors: [a.clientID], changes: [{ kind: 'added', stepId: 'x' }] });

		a.transact(() => layout(a).steps.get('x')!.set('stageId', 's2'));
		expect(seen.at(-1)!.changes).toEqual([{ kind: 'moved', stepId: 'x' }]);

		a.transact(() => layout(a).steps.get('x')!.set('title', 'Mailt'));
		expect(seen.at(-1)!.changes).toEqual([{ kind: 'renamed', stepId: 'x' }]);

		a.transact(() => {
			const emotions = new Y.Map<number>();
			layout(a).steps.get('x')!.set('emotions', emotions);
		});
		a.transact(() => (layout(a).steps.get('x')!.get('emotions') as Y.Map<number>).set('p1', -2));
		expect(seen.at(-1)!.changes).toEqual([{ kind: 'edited', stepId: 'x' }]);

		a.transact(() => {
			const p = new Y.Map<unknown>();
			p.set('stepId', 'x');
			layout(a).painPoints.set('pp', p);
		});
		expect(seen.at(-1)!.changes).toEqual([{ kind: 'painPoint', stepId: 'x' }]);

		a.transact(() => layout(a).steps.delete('x'));
		expect(seen.at(-1)).toEqual({ authors: [], changes: [{ kind: 'removed', stepId: 'x' }] });
	});
});
