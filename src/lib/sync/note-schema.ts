import * as Y from 'yjs';

/**
 * The note's schema (notitie): what a step's `note` Y.XmlFragment may hold,
 * the ProseMirror node and mark names of Tiptap's StarterKit as the editor
 * (src/lib/notes/NoteEditor.svelte) configures it. The editor's binding
 * (y-tiptap) deletes, for everyone, any element or text it cannot turn into
 * its schema, and crashes on text placed straight in the fragment; so the
 * server refuses updates that put anything else in a note, and the editor
 * shows a note outside it read-only instead of binding to it.
 * Documented in docs/data-model.md ("A step's note").
 */

/** Block nodes: what the fragment itself and the containers below may hold. */
const BLOCKS = [
	'paragraph',
	'heading',
	'blockquote',
	'bulletList',
	'orderedList',
	'codeBlock',
	'horizontalRule'
] as const;

/** Text (a Y.XmlText) or a line break. */
const INLINE = ['#text', 'hardBreak'] as const;

/** Node name to the children it may hold; `#text` is a Y.XmlText. */
export const NOTE_NODES: Readonly<Record<string, readonly string[]>> = {
	paragraph: INLINE,
	heading: INLINE,
	codeBlock: ['#text'],
	blockquote: BLOCKS,
	bulletList: ['listItem'],
	orderedList: ['listItem'],
	listItem: BLOCKS,
	horizontalRule: [],
	hardBreak: []
};

/** What the note's fragment holds at its top level. */
export const NOTE_BLOCKS: readonly string[] = BLOCKS;

/** Formatting attributes of a Y.XmlText (ProseMirror marks). */
export const NOTE_MARKS: readonly string[] = ['bold', 'italic', 'strike', 'code', 'underline', 'link'];

/** y-tiptap names an overlapping mark `name--hash`; the name is the mark. */
function markName(key: string): string {
	const cut = key.indexOf('--');
	return cut === -1 ? key : key.slice(0, cut);
}

/** Whether `key` names a mark of the note's schema. */
export function isNoteMark(key: string): boolean {
	return NOTE_MARKS.includes(markName(key));
}

/**
 * Whether a child of type `child` (an element's node name, or `#text` for a
 * Y.XmlText) may sit in `parent` (a node name, or `#note` for the fragment).
 */
export function mayHold(parent: string, child: string): boolean {
	if (parent === '#note') return NOTE_BLOCKS.includes(child);
	return NOTE_NODES[parent]?.includes(child) ?? false;
}

/**
 * What in a note lies outside its schema, as a short Dutch reason with where,
 * or null when the editor can bind to it without changing it. `note` is the
 * value under the step's `note` key: a Y.XmlFragment within the schema
 * passes; a missing note (undefined) passes too (the app fills it in).
 */
export function noteOutsideSchema(note: unknown): string | null {
	if (note === undefined) return null;
	if (!(note instanceof Y.XmlFragment) || note instanceof Y.XmlElement) {
		return 'de notitie is geen opgemaakte tekst (Y.XmlFragment)';
	}
	const walk = (parent: string, children: unknown[], where: string): string | null => {
		for (const [i, child] of children.entries()) {
			const at = `${where}.${i}`;
			if (child instanceof Y.XmlText) {
				if (!mayHold(parent, '#text')) return `tekst buiten een alinea (${at})`;
				for (const op of child.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
					if (typeof op.insert !== 'string') return `een ingesloten object in de tekst (${at})`;
					const unknown = Object.keys(op.attributes ?? {}).find((k) => !isNoteMark(k));
					if (unknown) return `onbekende opmaak "${unknown}" (${at})`;
				}
			} else if (child instanceof Y.XmlElement) {
				if (!mayHold(parent, child.nodeName)) return `onbekend onderdeel "${child.nodeName}" (${at})`;
				const inner = walk(child.nodeName, child.toArray(), at);
				if (inner) return inner;
			} else {
				return `onbekend onderdeel (${at})`;
			}
		}
		return null;
	};
	return walk('#note', note.toArray(), 'note');
}
