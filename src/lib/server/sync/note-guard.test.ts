import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { notePartOutsideSchema } from './note-guard';

/** A room doc with one step whose note holds one paragraph. */
function room() {
	const doc = new Y.Doc();
	const step = new Y.Map<unknown>();
	doc.getMap('steps').set('s1', step);
	step.set('id', 's1');
	const note = new Y.XmlFragment();
	step.set('note', note);
	const p = new Y.XmlElement('paragraph');
	note.insert(0, [p]);
	p.insert(0, [new Y.XmlText('Hallo')]);
	return doc;
}

/** The update a second client makes with `change` on a copy of the room. */
function edit(doc: Y.Doc, change: (copy: Y.Doc) => void): Uint8Array {
	const copy = new Y.Doc();
	Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
	const before = Y.encodeStateVector(copy);
	change(copy);
	return Y.encodeStateAsUpdate(copy, before);
}

const step = (d: Y.Doc) => d.getMap<Y.Map<unknown>>('steps').get('s1')!;
const note = (d: Y.Doc) => step(d).get('note') as Y.XmlFragment;

describe('notePartOutsideSchema', () => {
	it('lets the editor’s own writes through: text, marks, lists, headings, deletes', () => {
		const doc = room();
		const ok = [
			edit(doc, (d) =>
				((note(d).get(0) as Y.XmlElement).get(0) as Y.XmlText).insert(5, ' wereld', { bold: true })
			),
			edit(doc, (d) => {
				const list = new Y.XmlElement('bulletList');
				const item = new Y.XmlElement('listItem');
				const p = new Y.XmlElement('paragraph');
				p.insert(0, [new Y.XmlText('punt')]);
				item.insert(0, [p]);
				list.insert(0, [item]);
				const h = new Y.XmlElement('heading');
				h.setAttribute('level', '3');
				note(d).insert(1, [list, h]);
			}),
			edit(doc, (d) => note(d).delete(0, 1)),
			edit(doc, (d) => step(d).set('title', 'Nieuw')),
			edit(doc, (d) => {
				const s = new Y.Map<unknown>();
				d.getMap('steps').set('s2', s);
				s.set('note', new Y.XmlFragment());
			})
		];
		for (const update of ok) expect(notePartOutsideSchema(doc, update)).toBeNull();
	});

	it('refuses a table, text outside a paragraph, a Y.Text note, embeds and unknown marks', () => {
		const doc = room();
		const bad = [
			edit(doc, (d) => note(d).insert(1, [new Y.XmlElement('table')])),
			edit(doc, (d) => note(d).insert(0, [new Y.XmlText('los')])),
			edit(doc, (d) => {
				const text = new Y.Text();
				step(d).set('note', text);
				text.insert(0, 'tekst');
			}),
			edit(doc, (d) => ((note(d).get(0) as Y.XmlElement).get(0) as Y.XmlText).insertEmbed(0, { img: 'x' })),
			edit(doc, (d) =>
				((note(d).get(0) as Y.XmlElement).get(0) as Y.XmlText).format(0, 2, { highlight: true })
			),
			edit(doc, (d) => {
				// Nested in a new element of the same update: a table in a new blockquote.
				const quote = new Y.XmlElement('blockquote');
				quote.insert(0, [new Y.XmlElement('table')]);
				note(d).insert(1, [quote]);
			})
		];
		for (const update of bad) expect(notePartOutsideSchema(doc, update)).toMatch(/notitie/);
	});

	it('lets a client resend what the room already holds, foreign parts included', () => {
		const doc = room();
		// A table the room holds from before the check (or from the store).
		doc.transact(() => note(doc).insert(1, [new Y.XmlElement('table')]));
		// A reloaded page sends its whole IndexedDB copy, and one new paragraph.
		const copy = new Y.Doc();
		Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
		expect(notePartOutsideSchema(doc, Y.encodeStateAsUpdate(copy))).toBeNull();
		const p = new Y.XmlElement('paragraph');
		note(copy).insert(0, [p]);
		expect(notePartOutsideSchema(doc, Y.encodeStateAsUpdate(copy))).toBeNull();
		note(copy).insert(0, [new Y.XmlElement('table')]);
		expect(notePartOutsideSchema(doc, Y.encodeStateAsUpdate(copy))).toMatch(/table/);
	});
});
