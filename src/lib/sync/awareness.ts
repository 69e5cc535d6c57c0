import { z } from 'zod';
import type { Awareness } from 'y-protocols/awareness';
import { ROLES } from './protocol';

const finite = z.number().finite();
/** A rectangle of the map in canvas units (x0, y0 top left; x1, y1 bottom right). */
export const ViewRect = z
	.object({ x0: finite, y0: finite, x1: finite, y1: finite })
	.refine((r) => r.x1 > r.x0 && r.y1 > r.y0);
export type ViewRect = z.infer<typeof ViewRect>;

/**
 * What each person shares through awareness: who they are (a name and colour
 * chosen on joining, no account), where their pointer is on the canvas, and
 * which card they are editing. Remote states are foreign input: parsed, and a
 * person without a valid `user` is left out; an odd optional field is dropped.
 * (`cursor` is not ours: the note editor's collaboration carets use it.)
 */
export const Presence = z.object({
	user: z.object({
		name: z.string().trim().min(1).max(40),
		color: z.string().regex(/^#[0-9a-fA-F]{6}$/)
	}),
	pointer: z.object({ x: z.number(), y: z.number() }).nullable().optional().catch(null),
	editing: z.string().max(100).nullable().optional().catch(null),
	/** The role this person opened the journey in, as they say (shown next to the name). */
	role: z.enum(ROLES).nullable().optional().catch(null),
	/** The part of the map in their view (canvas units), so others can follow it. */
	view: ViewRect.nullable().optional().catch(null),
	/**
	 * A facilitator's "breng iedereen hier": a new `id` each time it is pressed (a nonce), with
	 * the view to show, or a step to show. Peers act once per id, and only on a facilitator's.
	 */
	summon: z
		.object({
			id: z.string().min(1).max(40),
			view: ViewRect.nullable(),
			stepId: z.string().max(100).nullable()
		})
		.nullable()
		.optional()
		.catch(null)
});
export type Presence = z.infer<typeof Presence>;
/**
 * A peer: another person in the same journey, as their awareness state says
 * (name, colour, pointer, view), with their Yjs client id. "Peer" means only
 * this; a socket a server room sends to is a Subscriber (rooms.ts).
 */
export type Peer = Presence & { clientId: number };

/** Presence colours with enough contrast on white (WCAG 1.4.11). */
export const PRESENCE_COLORS = [
	'#0b6e4f',
	'#8a3ffc',
	'#b8470b',
	'#0f62fe',
	'#a2191f',
	'#6f5f00',
	'#005d5d',
	'#9f1853'
];

/** The other people present (not this client), by name; a state that does not validate is left out. */
export function peersOf(awareness: Awareness): Peer[] {
	const peers: Peer[] = [];
	for (const [clientId, state] of awareness.getStates()) {
		if (clientId === awareness.clientID) continue;
		const parsed = Presence.safeParse(state);
		if (parsed.success) peers.push({ ...parsed.data, clientId });
	}
	return peers.sort((a, b) => a.user.name.localeCompare(b.user.name, 'nl'));
}
