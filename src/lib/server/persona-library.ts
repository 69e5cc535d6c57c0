import { CURRENT_SCHEMA_VERSION, parsePersonaFile, type Issue, type PersonaFile } from '$lib/model';
import { services } from '$lib/server/services';

/**
 * The persona library of this instance: read, create, replace, duplicate,
 * delete. Shared by the page's form actions and the JSON API, so both
 * validate with the same schema (parsePersonaFile, the personas/ format)
 * and mint ids the same way. Anyone who can reach the instance may write
 * the library, as anyone may create a journey: there are no accounts.
 */

export type LibraryResult =
	| { ok: true; persona: PersonaFile }
	| { ok: false; status: 400 | 404 | 409; error: string; issues?: Issue[] };

/**
 * Every persona in the library that validates, by id. A stored row that does
 * not (written by an older version, or by hand in the database) is left out
 * and reported in the server log with its id and paths, never served: the
 * API's answer and the pages stay valid against the schema.
 */
export async function listLibrary(): Promise<PersonaFile[]> {
	return (await services().store.listPersonas()).flatMap((raw) => {
		const result = parsePersonaFile(raw);
		if (result.ok) return [result.value];
		const id = isObject(raw) && typeof raw.id === 'string' ? raw.id : '(zonder id)';
		const problems = result.issues.map((i) => `${i.path || '(geheel)'}: ${i.message}`).join('; ');
		console.warn(
			`[klantreis] persona ${JSON.stringify(id)} in de bibliotheek is ongeldig en overgeslagen: ${problems}`
		);
		return [];
	});
}

export async function getLibraryPersona(id: string): Promise<PersonaFile | null> {
	const raw = await services().store.getPersona(id);
	if (raw === null) return null;
	const result = parsePersonaFile(raw);
	return result.ok ? result.value : null;
}

/** A readable id from a name ("Sanne Vermeulen" -> "sanne-vermeulen"), unique in the library. */
export async function mintPersonaId(name: string): Promise<string> {
	const base =
		name
			.normalize('NFKD')
			.replace(/[\u0300-\u036f]/g, '')
			.toLowerCase()
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, 60) || 'persona';
	const store = services().store;
	if ((await store.getPersona(base)) === null) return base;
	for (let n = 2; ; n++) {
		const id = `${base}-${n}`;
		if ((await store.getPersona(id)) === null) return id;
	}
}

function isObject(raw: unknown): raw is Record<string, unknown> {
	return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

function invalid(issues: Issue[]): LibraryResult {
	return { ok: false, status: 400, error: 'De persona klopt niet', issues };
}

/**
 * Adds a persona in the personas/ file format. Without an id the server
 * mints one from the name; an id that is already in the library is a 409,
 * so an import never overwrites someone else's persona unnoticed.
 */
export async function createPersona(raw: unknown): Promise<LibraryResult> {
	if (!isObject(raw)) return invalid([{ path: '', message: 'Een persona is een JSON-object' }]);
	const candidate =
		raw.id === undefined || raw.id === ''
			? { ...raw, id: await mintPersonaId(typeof raw.name === 'string' ? raw.name : '') }
			: raw;
	const result = parsePersonaFile(candidate);
	if (!result.ok) return invalid(result.issues);
	const store = services().store;
	if ((await store.getPersona(result.value.id)) !== null) {
		return {
			ok: false,
			status: 409,
			error: `Er is al een persona met id "${result.value.id}". Kies een ander id, of pas de bestaande aan.`
		};
	}
	await store.putPersona(result.value.id, result.value);
	return { ok: true, persona: result.value };
}

/** Replaces the persona with this id; the body's id, if any, must be the same. */
export async function replacePersona(id: string, raw: unknown): Promise<LibraryResult> {
	const store = services().store;
	if ((await store.getPersona(id)) === null)
		return { ok: false, status: 404, error: 'Deze persona bestaat niet' };
	if (!isObject(raw)) return invalid([{ path: '', message: 'Een persona is een JSON-object' }]);
	if (raw.id !== undefined && raw.id !== id) {
		return invalid([{ path: 'id', message: `Het id in de inhoud hoort "${id}" te zijn` }]);
	}
	const result = parsePersonaFile({ ...raw, id });
	if (!result.ok) return invalid(result.issues);
	await store.putPersona(id, result.value);
	return { ok: true, persona: result.value };
}

/** A copy under a new id, named "... (kopie)". */
export async function duplicatePersona(id: string): Promise<LibraryResult> {
	const original = await getLibraryPersona(id);
	if (!original) return { ok: false, status: 404, error: 'Deze persona bestaat niet' };
	const name = `${original.name} (kopie)`.slice(0, 80);
	return createPersona({ ...original, id: await mintPersonaId(`${original.id}-kopie`), name });
}

export async function deletePersona(id: string): Promise<boolean> {
	return services().store.deletePersona(id);
}

/** The persona exactly in the personas/ file format: schemaVersion first, tab-indented, final newline. */
export function personaFileText(persona: PersonaFile): string {
	const { schemaVersion: _v, ...rest } = persona;
	return `${JSON.stringify({ schemaVersion: CURRENT_SCHEMA_VERSION, ...rest }, null, '\t')}\n`;
}
