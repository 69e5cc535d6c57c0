import { fail, redirect } from '@sveltejs/kit';
import { parseJourneyInput } from '$lib/model';
import { services } from '$lib/server/services';
import { blankJourney, templateSummaries } from '$lib/server/templates';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => ({ templates: await templateSummaries() });

export const actions: Actions = {
	/** Creates a journey from a template (or a blank one) and opens it as facilitator. */
	create: async ({ request, getClientAddress }) => {
		const s = services();
		if (!s.creations.take(getClientAddress())) {
			return fail(429, {
				message: 'Te veel nieuwe klantreizen in korte tijd. Probeer het over een minuut opnieuw.'
			});
		}
		const form = await request.formData();
		const templateId = String(form.get('template') ?? '');
		const raw = templateId === 'leeg' ? blankJourney() : await s.store.getTemplate(templateId);
		if (!raw) return fail(404, { message: 'Dit sjabloon bestaat niet (meer).' });
		const parsed = parseJourneyInput(raw);
		if (!parsed.ok) return fail(400, { message: 'Dit sjabloon is niet geldig.' });
		const created = await s.journeys.create(parsed.value);
		if (form.get('js') === '1') return { created, title: parsed.value.title };
		redirect(303, created.links.facilitator);
	}
};
