import { fail, redirect } from '@sveltejs/kit';
import { COMPONENTS, CURRENT_SCHEMA_VERSION, type Issue } from '$lib/model';
import { services } from '$lib/server/services';
import {
	createPersona,
	deletePersona,
	duplicatePersona,
	getLibraryPersona,
	listLibrary,
	replacePersona
} from '$lib/server/persona-library';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ url }) => {
	const editId = url.searchParams.get('bewerk');
	return {
		personas: await listLibrary(),
		editing: editId ? await getLibraryPersona(editId) : null,
		saved: url.searchParams.get('opgeslagen'),
		deleted: url.searchParams.get('verwijderd')
	};
};

/** The form's raw values, echoed back on an error so nothing typed is lost. */
export type PersonaFormValues = Record<string, string | string[]>;

function text(form: FormData, key: string): string {
	return String(form.get(key) ?? '');
}

function integer(value: string): number | undefined {
	return value.trim() === '' ? undefined : Number(value);
}

/** The form as a persona in the personas/ format; the schema does the checking. */
function personaFromForm(form: FormData) {
	const doenvermogen = Object.fromEntries(COMPONENTS.map((c) => [c, integer(text(form, c))]));
	return {
		schemaVersion: CURRENT_SCHEMA_VERSION,
		id: text(form, 'id') || undefined,
		name: text(form, 'name'),
		age: integer(text(form, 'age')),
		situation: text(form, 'situation').replace(/\r\n?/g, '\n'),
		quote: text(form, 'quote'),
		goals: text(form, 'goals')
			.split(/\r\n?|\n/)
			.map((g) => g.trim())
			.filter(Boolean),
		preferredChannels: form.getAll('preferredChannels').map(String),
		digitalSkills: text(form, 'digitalSkills'),
		literacy: text(form, 'literacy'),
		doenvermogen,
		stress: integer(text(form, 'stress'))
	};
}

function valuesOf(form: FormData): PersonaFormValues {
	const out: PersonaFormValues = {};
	for (const key of new Set(form.keys())) {
		const all = form.getAll(key).map(String);
		out[key] = key === 'preferredChannels' ? all : (all[0] ?? '');
	}
	return out;
}

const TOO_MANY = 'Te veel nieuwe persona’s in korte tijd. Probeer het over een minuut opnieuw.';

export const actions: Actions = {
	/** Creates a persona, or replaces the one whose id the form carries. */
	save: async ({ request, getClientAddress }) => {
		const form = await request.formData();
		const raw = personaFromForm(form);
		const issues: Issue[] = [];
		if (raw.age === undefined) issues.push({ path: 'age', message: 'Vul een leeftijd in' });
		for (const c of COMPONENTS) {
			if (raw.doenvermogen[c] === undefined)
				issues.push({ path: `doenvermogen.${c}`, message: 'Kies een waarde' });
		}
		if (issues.length > 0) return fail(400, { values: valuesOf(form), issues });
		if (!raw.id && !services().creations.take(getClientAddress())) {
			return fail(429, { values: valuesOf(form), issues: [{ path: '', message: TOO_MANY }] });
		}
		const result = raw.id ? await replacePersona(raw.id, raw) : await createPersona(raw);
		if (!result.ok) {
			return fail(result.status, {
				values: valuesOf(form),
				issues: result.issues ?? [{ path: '', message: result.error }]
			});
		}
		redirect(
			303,
			`/personas?opgeslagen=${encodeURIComponent(result.persona.id)}#persona-${result.persona.id}`
		);
	},

	duplicate: async ({ request, getClientAddress }) => {
		const form = await request.formData();
		if (!services().creations.take(getClientAddress())) return fail(429, { message: TOO_MANY });
		const result = await duplicatePersona(text(form, 'id'));
		if (!result.ok) return fail(result.status, { message: result.error });
		redirect(
			303,
			`/personas?opgeslagen=${encodeURIComponent(result.persona.id)}#persona-${result.persona.id}`
		);
	},

	delete: async ({ request }) => {
		const form = await request.formData();
		const id = text(form, 'id');
		const persona = await getLibraryPersona(id);
		if (!(await deletePersona(id))) return fail(404, { message: 'Deze persona bestaat niet (meer).' });
		redirect(303, `/personas?verwijderd=${encodeURIComponent(persona?.name ?? id)}`);
	},

	/** Imports a persona file (the personas/ format). */
	import: async ({ request, getClientAddress }) => {
		const form = await request.formData();
		const file = form.get('file');
		if (!(file instanceof File) || file.size === 0) {
			return fail(400, { importIssues: [{ path: '', message: 'Kies een JSON-bestand met een persona' }] });
		}
		if (file.size > services().config.limits.maxBodyBytes) {
			return fail(413, { importIssues: [{ path: '', message: 'Dit bestand is te groot voor een persona' }] });
		}
		if (!services().creations.take(getClientAddress())) {
			return fail(429, { importIssues: [{ path: '', message: TOO_MANY }] });
		}
		let raw: unknown;
		try {
			raw = JSON.parse(await file.text());
		} catch {
			return fail(400, { importIssues: [{ path: '', message: 'Dit bestand is geen geldige JSON' }] });
		}
		const result = await createPersona(raw);
		if (!result.ok) {
			return fail(result.status, { importIssues: result.issues ?? [{ path: '', message: result.error }] });
		}
		redirect(
			303,
			`/personas?opgeslagen=${encodeURIComponent(result.persona.id)}#persona-${result.persona.id}`
		);
	}
};
