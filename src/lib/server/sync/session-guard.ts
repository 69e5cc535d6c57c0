import * as Y from 'yjs';
import { KEYS } from '$lib/sync/doc-layout';
import { PROMPTS } from '$lib/sync/trainer-session';

/**
 * Whether an update writes or deletes the trainer's part of the session
 * (`doc.getMap('session')`, docs/hostmanship.md): its own fields (status, the
 * step, reveal, votes budget, timer), which nested maps it has, and the
 * trainer's prompts. Participants (editors) write only inside `findings` and
 * `votes`; the contract gives session control to the facilitator alone.
 *
 * Read from the update before it is applied, against the room's doc: an item
 * names its parent only when it has no neighbours; otherwise its parent is
 * that of the neighbour it was inserted next to (in the doc or in the update).
 */
export function touchesTrainerSession(doc: Y.Doc, update: Uint8Array): boolean {
	const session = doc.getMap<unknown>(KEYS.session);
	// Most journeys never hold a session: with nothing in the map (not even deleted entries), only
	// an item that names the map as its parent could reach it, and that name is in the bytes.
	if (
		session._map.size === 0 &&
		!Buffer.from(update.buffer, update.byteOffset, update.byteLength).includes(KEYS.session)
	) {
		return false;
	}
	const prompts = session.get(PROMPTS);
	// The types whose entries only the trainer writes (typed loosely: Y.Map's event type differs).
	const guarded = new Set<unknown>([session]);
	if (prompts instanceof Y.Map) guarded.add(prompts);
	const guardedIds = [session, prompts].flatMap((type) =>
		type instanceof Y.AbstractType && type._item ? [type._item.id] : []
	);
	const { structs, ds } = Y.decodeUpdate(update);
	const inUpdate = new Map<string, Y.Item>();
	for (const struct of structs) if (struct instanceof Y.Item) inUpdate.set(key(struct.id), struct);

	/** True when the type an item sits in is guarded; `seen` stops a crafted loop of neighbours. */
	const parentGuarded = (item: Y.Item, seen = new Set<Y.Item>()): boolean => {
		if (seen.has(item)) return false;
		seen.add(item);
		const parent = item.parent as Y.AbstractType<unknown> | Y.ID | string | null;
		if (typeof parent === 'string') return parent === KEYS.session;
		if (parent instanceof Y.AbstractType) return guarded.has(parent);
		if (parent instanceof Y.ID) return guardedIds.some((id) => Y.compareIDs(id, parent));
		for (const neighbour of [item.origin, item.rightOrigin]) {
			if (!neighbour) continue;
			const found = known(neighbour) ?? inUpdate.get(key(neighbour));
			if (found) return parentGuarded(found, seen);
		}
		return false;
	};
	const known = (id: Y.ID): Y.Item | null => {
		if (id.clock >= Y.getState(doc.store, id.client)) return null;
		const struct = Y.getItem(doc.store, id);
		return struct instanceof Y.Item ? struct : null;
	};

	for (const struct of structs) if (struct instanceof Y.Item && parentGuarded(struct)) return true;
	for (const [client, deletes] of ds.clients) {
		const end = Y.getState(doc.store, client);
		for (const { clock, len } of deletes) {
			for (let c = clock; c < Math.min(clock + len, end);) {
				const struct = Y.getItem(doc.store, Y.createID(client, c));
				if (struct instanceof Y.Item && parentGuarded(struct)) return true;
				c = struct.id.clock + struct.length;
			}
		}
	}
	return false;
}

function key(id: Y.ID): string {
	return `${id.client}:${id.clock}`;
}
