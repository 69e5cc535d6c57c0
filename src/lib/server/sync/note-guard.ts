import * as Y from 'yjs';
import { KEYS } from '$lib/sync/doc-layout';
import { isNoteMark, mayHold } from '$lib/sync/note-schema';

/** Where an item sits, as far as the note's schema cares. */
type Place =
	| { kind: 'steps' } // the root map of steps: its entries are step maps
	| { kind: 'step' } // a step's map: its `note` key holds the note
	| { kind: 'note' } // the note's fragment
	| { kind: 'element'; name: string } // an element inside a note
	| { kind: 'text' } // a Y.XmlText inside a note
	| { kind: 'other' };

const OTHER: Place = { kind: 'other' };

/**
 * What an update would put in a step's note outside the note's schema
 * (src/lib/sync/note-schema.ts), as a short Dutch reason, or null. Refused:
 * a note that is not a Y.XmlFragment (a Y.Text, a map; a plain string is
 * still taken, the editor converts it without loss), an element the editor
 * does not know or in a place its schema does not allow (a table; text
 * straight in the fragment), embedded objects and unknown marks in text.
 * Deleting is always allowed, and so is resending what the room already
 * holds. Read from the update before it is applied,
 * against the room's doc, as the trainer-session guard does: an item names
 * its parent only when it has no neighbours, otherwise it shares its
 * neighbour's. An item whose place is not known yet (it waits for structs
 * still to come) passes: the editor shows such a note read-only anyway.
 */
export function notePartOutsideSchema(doc: Y.Doc, update: Uint8Array): string | null {
	const steps = doc.getMap<unknown>(KEYS.steps);
	const { structs } = Y.decodeUpdate(update);
	const inUpdate = new Map<string, Y.Item>();
	for (const struct of structs) if (struct instanceof Y.Item) inUpdate.set(key(struct.id), struct);

	const known = (id: Y.ID): Y.Item | null => {
		if (id.clock >= Y.getState(doc.store, id.client)) return null;
		const struct = Y.getItem(doc.store, id);
		return struct instanceof Y.Item ? struct : null;
	};

	/** The place of a type in the doc. */
	const placeOfType = (type: Y.AbstractType<unknown>, depth = 0): Place => {
		if (type === (steps as Y.AbstractType<unknown>)) return { kind: 'steps' };
		const item = type._item;
		if (!item || depth > 64) return OTHER;
		const parent = placeOfType(item.parent as Y.AbstractType<unknown>, depth + 1);
		return placeOfChild(parent, item.parentSub, type);
	};

	/** The place of a new type, given its parent's place and the key it sits under. */
	const placeOfChild = (parent: Place, sub: string | null, type: unknown): Place => {
		if (parent.kind === 'steps') return type instanceof Y.Map ? { kind: 'step' } : OTHER;
		if (parent.kind === 'step') {
			const isFragment = type instanceof Y.XmlFragment && !(type instanceof Y.XmlElement);
			return sub === KEYS.note && isFragment ? { kind: 'note' } : OTHER;
		}
		if ((parent.kind === 'note' || parent.kind === 'element') && sub === null) {
			if (type instanceof Y.XmlElement) return { kind: 'element', name: type.nodeName };
			if (type instanceof Y.XmlText) return { kind: 'text' };
		}
		return OTHER;
	};

	/** The parent place and key of an item in the update; null when it cannot be placed yet. */
	const parentOf = (item: Y.Item, seen = new Set<Y.Item>()): { place: Place; sub: string | null } | null => {
		if (seen.has(item)) return null;
		seen.add(item);
		const parent = item.parent as Y.AbstractType<unknown> | Y.ID | string | null;
		if (typeof parent === 'string') {
			return { place: parent === KEYS.steps ? { kind: 'steps' } : OTHER, sub: item.parentSub };
		}
		if (parent instanceof Y.AbstractType) return { place: placeOfType(parent), sub: item.parentSub };
		if (parent instanceof Y.ID) {
			const holder = known(parent);
			if (holder) {
				const type = holder.content instanceof Y.ContentType ? holder.content.type : null;
				return { place: type ? placeOfType(type) : OTHER, sub: item.parentSub };
			}
			const fresh = inUpdate.get(key(parent));
			if (!fresh) return null;
			const above = parentOf(fresh, seen);
			if (!above) return null;
			const type = fresh.content instanceof Y.ContentType ? fresh.content.type : null;
			return { place: placeOfChild(above.place, above.sub, type), sub: item.parentSub };
		}
		for (const id of [item.origin, item.rightOrigin]) {
			if (!id) continue;
			const neighbour = known(id);
			if (neighbour) {
				return {
					place: placeOfType(neighbour.parent as Y.AbstractType<unknown>),
					sub: neighbour.parentSub
				};
			}
			const fresh = inUpdate.get(key(id));
			if (fresh) return parentOf(fresh, seen);
		}
		return null;
	};

	for (const struct of structs) {
		if (!(struct instanceof Y.Item)) continue;
		// What the room already holds changes nothing: a client resends it after a reload
		// (its IndexedDB copy), and that must not be refused for what the room already shows.
		if (struct.id.clock + struct.length <= Y.getState(doc.store, struct.id.client)) continue;
		const content = struct.content;
		if (content instanceof Y.ContentDeleted) continue;
		const at = parentOf(struct);
		if (!at) continue;
		const { place, sub } = at;
		if (place.kind === 'step' && sub === KEYS.note) {
			const type = content instanceof Y.ContentType ? content.type : null;
			const isFragment = type instanceof Y.XmlFragment && !(type instanceof Y.XmlElement);
			const isString = content instanceof Y.ContentAny && content.arr.every((v) => typeof v === 'string');
			if (!isFragment && !isString) return 'een notitie moet opgemaakte tekst zijn (Y.XmlFragment)';
		} else if (place.kind === 'note' || place.kind === 'element') {
			// An element's attributes (heading level, link target) are its own business.
			if (place.kind === 'element' && sub !== null) continue;
			const type = content instanceof Y.ContentType ? content.type : null;
			const child = type instanceof Y.XmlElement ? type.nodeName : type instanceof Y.XmlText ? '#text' : null;
			const parentName = place.kind === 'note' ? '#note' : place.name;
			if (child === null || !mayHold(parentName, child)) {
				return child === '#text'
					? 'tekst in een notitie hoort in een alinea'
					: `een notitie kent geen onderdeel "${child ?? 'ander type'}" op deze plek`;
			}
		} else if (place.kind === 'text' && sub === null) {
			if (content instanceof Y.ContentString) continue;
			if (content instanceof Y.ContentFormat) {
				if (!isNoteMark(content.key)) return `een notitie kent geen opmaak "${content.key}"`;
				continue;
			}
			return 'een notitie bevat alleen tekst, geen ingesloten objecten';
		}
	}
	return null;
}

function key(id: Y.ID): string {
	return `${id.client}:${id.clock}`;
}
