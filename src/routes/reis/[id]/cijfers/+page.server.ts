import { fail } from '@sveltejs/kit';
import { coverage, stepFigures } from '$lib/analysis/contacts';
import { pageAccess } from '$lib/server/auth/page-access';
import { services } from '$lib/server/services';
import { addTopic, figuresChangedAt, setHumanAlternative } from '$lib/sync/figures';
import { SERVER_ORIGIN } from '$lib/sync/origins';
import type { Actions, PageServerLoad } from './$types';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The contact figures of a journey: import, figures per step, "klik, bel, kom" per fase. */
export const load: PageServerLoad = async ({ params, url, parent }) => {
	// Access, the token, the journey and the no-store header come from the journey layout.
	const { journey } = await parent();
	const s = services();
	const [figures, changedAt] = await Promise.all([
		s.store.contactFigures(params.id),
		s.rooms.withDoc(params.id, figuresChangedAt)
	]);
	const month = (key: string) => {
		const v = url.searchParams.get(key);
		return v && MONTH.test(v) ? v : null;
	};
	const period = { from: month('van'), to: month('tot') };
	return {
		period,
		months: [...new Set(figures.map((f) => f.month))].sort(),
		steps: stepFigures(journey, figures, period),
		coverage: coverage(journey),
		changedAt
	};
};

export const actions: Actions = {
	/** The team's answer for one fase: "wel" or "geen" human alternative, or back to "kaart". */
	dekking: async ({ params, url, cookies, request }) => {
		const { role } = await pageAccess(params.id, url, cookies, request);
		if (role === 'viewer') return fail(403, { error: 'Met een kijklink kunt u niets wijzigen.' });
		const form = await request.formData();
		const stageId = String(form.get('stageId') ?? '');
		const answer = String(form.get('antwoord') ?? 'kaart');
		const note = String(form.get('toelichting') ?? '').trim();
		if (note.length > 200) return fail(400, { error: 'De toelichting is langer dan 200 tekens.', stageId });
		const humanAlternative = answer === 'wel' ? true : answer === 'geen' ? false : null;
		await services().rooms.change(params.id, (doc) =>
			setHumanAlternative(doc, stageId, { humanAlternative, note: note || undefined }, SERVER_ORIGIN)
		);
		return { saved: stageId };
	},
	/** Lets a step cover an onderwerp the import could not place. */
	onderwerp: async ({ params, url, cookies, request }) => {
		const { role } = await pageAccess(params.id, url, cookies, request);
		if (role === 'viewer') return fail(403, { error: 'Met een kijklink kunt u niets wijzigen.' });
		const form = await request.formData();
		const stepId = String(form.get('stepId') ?? '');
		const topic = String(form.get('onderwerp') ?? '').trim();
		if (!stepId || !topic || topic.length > 120)
			return fail(400, { error: 'Kies een stap en een onderwerp (hoogstens 120 tekens).' });
		try {
			await services().rooms.change(params.id, (doc) => addTopic(doc, stepId, topic, SERVER_ORIGIN));
		} catch {
			return fail(400, { error: 'Deze stap heeft al 50 onderwerpen.' });
		}
		return { assigned: topic };
	}
};
