import type { Journey } from '$lib/model';
import { pageAccess } from '$lib/server/auth/page-access';
import { services } from '$lib/server/services';
import type { LayoutServerLoad } from './$types';

/**
 * What every page of a journey needs: the role the link (or the page cookie)
 * gives and the journey as stored, for the first paint; the layout then keeps
 * one live connection for all of them (see +layout.svelte).
 */
export const load: LayoutServerLoad = async ({ params, url, cookies, request, setHeaders, route }) => {
	const { role, token } = await pageAccess(params.id, url, cookies, request);
	// The pages hold a capability token: never cache them anywhere.
	setHeaders({ 'cache-control': 'no-store' });
	const { journey } = await services().journeys.snapshot(params.id);
	if (route.id !== '/reis/[id]') return { id: params.id, role, token, journey, notes: null };
	// The map draws no note in its first paint (they show in the step panel): they follow in the
	// same response, streamed after the page. A streamed page is also not hashed for an ETag,
	// which Kit computes over the whole HTML of every other page and a no-store page cannot use.
	const { withoutNotes, notes } = splitNotes(journey);
	return { id: params.id, role, token, journey: withoutNotes, notes: Promise.resolve(notes) };
};

/** Per snapshot (they are cached per document version and never changed). */
const split = new WeakMap<Journey, { withoutNotes: Journey; notes: Record<string, string> }>();

/** The journey with every step's note empty, and the notes by step id (steps with a note only). */
function splitNotes(journey: Journey): { withoutNotes: Journey; notes: Record<string, string> } {
	let parts = split.get(journey);
	if (!parts) {
		const notes: Record<string, string> = {};
		for (const step of journey.steps) if (step.note) notes[step.id] = step.note;
		parts = { withoutNotes: { ...journey, steps: journey.steps.map((s) => ({ ...s, note: '' })) }, notes };
		split.set(journey, parts);
	}
	return parts;
}
