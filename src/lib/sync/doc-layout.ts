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
export const META_KEYS = {
	title: 'title',
	description: 'description',
	organisation: 'organisation',
	schemaVersion: 'schemaVersion',
	basedOn: 'basedOn',
	figuresChangedAt: KEYS.figuresChangedAt
} as const;

/**
 * Keys inside an entry's Y.Map that the sync code reads or writes by name:
 * shared types and structures of their own, and the schema fields it follows
 * (references, order). An entry's fields are stored under their schema names
 * (the contract), so a writer that sets validated fields sets them by the
 * schema's keys; these are the names code here spells out.
 */
export const ENTRY_KEYS = {
	id: 'id',
	title: 'title',
	order: 'order',
	stageId: 'stageId',
	channelId: 'channelId',
	topics: 'topics',
	/** A step's rich-text note (Y.XmlFragment). */
	note: KEYS.note,
	/** A step's emotions per persona (Y.Map, or a plain object from a foreign client). */
	emotions: 'emotions',
	/** What a step asks of each doenvermogen component (Y.Map, or a plain object). */
	demands: 'demands',
	/** A ticket's reply thread (Y.Array of plain replies). */
	replies: 'replies',
	/** A pain point's (or finding's) step. */
	stepId: 'stepId',
	/** A ticket's pain points (a plain array). */
	painPointIds: 'painPointIds',
	/** A finding's pain point, once it was turned into one. */
	painPointId: 'painPointId'
} as const;

/**
 * Nested maps of the trainer session: `findings` and `votes` in the journey
 * doc's `session` map, `prompts` in the session doc's; `fromJourney` marks (in
 * the session doc's `migration` map) that an older journey's fields were moved.
 */
export const SESSION_KEYS = {
	findings: 'findings',
	votes: 'votes',
	prompts: 'prompts',
	fromJourney: 'fromJourney'
} as const;

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
