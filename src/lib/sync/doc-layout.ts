import type * as Y from 'yjs';

/**
 * The only file that knows the Y keys of the contract's Y.Doc layout.
 * Everything else asks for the shared types through these functions.
 */
export const KEYS = {
	meta: 'meta',
	stages: 'stages',
	channels: 'channels',
	steps: 'steps',
	personas: 'personas',
	painPoints: 'painPoints',
	tickets: 'tickets',
	/**
	 * The trainer session (hostmanship); an extension of the contract's layout, see
	 * docs/hostmanship.md. In the journey doc it holds what participants write
	 * (`findings`, `votes`); the trainer's own part is in the session doc (sessionLayout).
	 */
	session: 'session',
	/**
	 * In `meta`: when the journey's contact figures last changed (ms since the epoch).
	 * The figures live in the database, not the doc; this tells open pages to fetch them again.
	 */
	figuresChangedAt: 'figuresChangedAt',
	/** In the session doc: set once the server has moved an older journey's session fields in. */
	migration: 'migration',
	/** Inside a step's Y.Map: the rich-text note. */
	note: 'note'
} as const;

/**
 * Keys inside `meta` beyond the contract's title, description, organisation
 * and schemaVersion. `basedOn`: the id of the current journey a gewenste reis
 * was copied from (a string; absent on an ordinary journey).
 */
export const META_KEYS = { basedOn: 'basedOn' } as const;

export type EntityMap = Y.Map<unknown>;

export function layout(doc: Y.Doc) {
	return {
		meta: doc.getMap<unknown>(KEYS.meta),
		stages: doc.getArray<EntityMap>(KEYS.stages),
		channels: doc.getArray<EntityMap>(KEYS.channels),
		steps: doc.getMap<EntityMap>(KEYS.steps),
		personas: doc.getMap<EntityMap>(KEYS.personas),
		painPoints: doc.getMap<EntityMap>(KEYS.painPoints),
		tickets: doc.getMap<EntityMap>(KEYS.tickets),
		session: doc.getMap<unknown>(KEYS.session)
	};
}
export type Layout = ReturnType<typeof layout>;

/**
 * The trainer session's own document (one per journey, room `<id>/sessie`),
 * which only the facilitator writes: `session` holds the session's fields
 * (SessionMeta) and the nested map `prompts`.
 */
export function sessionLayout(doc: Y.Doc) {
	return {
		session: doc.getMap<unknown>(KEYS.session),
		migration: doc.getMap<unknown>(KEYS.migration)
	};
}
