import { z } from 'zod';
import type { Awareness } from 'y-protocols/awareness';

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
	editing: z.string().max(100).nullable().optional().catch(null)
});
export type Presence = z.infer<typeof Presence>;
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

export function peersOf(awareness: Awareness): Peer[] {
	const peers: Peer[] = [];
	for (const [clientId, state] of awareness.getStates()) {
		if (clientId === awareness.clientID) continue;
		const parsed = Presence.safeParse(state);
		if (parsed.success) peers.push({ ...parsed.data, clientId });
	}
	return peers.sort((a, b) => a.user.name.localeCompare(b.user.name, 'nl'));
}
