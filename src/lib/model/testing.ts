import { Journey } from './journey';

/**
 * Small builders for the journeys of unit tests, so each test file writes only
 * what its test is about. Test-only: no page or server module imports this.
 * Each builder returns raw input (before zod), like a JSON file would be;
 * `testJourney` parses it with the `Journey` schema (throws a ZodError on bad input).
 */

type Raw = Record<string, unknown>;

/** Fases from [id, name] pairs, in reis order. */
export function testStages(...pairs: [id: string, name: string][]): Raw[] {
	return pairs.map(([id, name]) => ({ id, name }));
}

/** The channel `web` (Website, kind website). */
export const WEBSITE = { id: 'web', name: 'Website', kind: 'website' } as const;
/** The channel `tel` (Telefoon, kind telefoon). */
export const TELEFOON = { id: 'tel', name: 'Telefoon', kind: 'telefoon' } as const;

/**
 * A persona: age 30, good digital skills and literacy, doenvermogen 3 on all
 * four parts (1..5), unless `fields` says otherwise.
 */
export function testPersona<F extends Raw>(id: string, name: string, fields: F = {} as F) {
	return {
		id,
		name,
		age: 30,
		digitalSkills: 'good',
		literacy: 'good',
		doenvermogen: { plan: 3, act: 3, persevere: 3, cope: 3 },
		...fields
	};
}

/** Raw journey input: schema version 1, id `j`, title `T`, and `fields` (a fresh copy each call). */
export function rawJourney(fields: Raw): Raw {
	return structuredClone({ schemaVersion: 1, id: 'j', title: 'T', ...fields });
}

/** `rawJourney(fields)` parsed by the Journey schema (defaults filled in). */
export function testJourney(fields: Raw): Journey {
	return Journey.parse(rawJourney(fields));
}
