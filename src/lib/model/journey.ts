import { z } from 'zod';
import { Channel } from './channel';
import { Id, longText, shortText } from './ids';
import { CURRENT_SCHEMA_VERSION, migrate } from './migrations';
import { PainPoint } from './pain-point';
import { Persona } from './persona';
import { Stage } from './stage';
import { Step } from './step';
import { Ticket } from './ticket';

export const SchemaVersion = z
	.number({ error: 'schemaVersion ontbreekt of is geen getal' })
	.int()
	.refine((v) => v === CURRENT_SCHEMA_VERSION, {
		message: `Deze versie van Klantreis leest schemaVersion ${CURRENT_SCHEMA_VERSION}`
	});

/** The collections of a journey: each entry's schema and the most a journey may hold. */
const collections = {
	stages: [Stage, 50],
	channels: [Channel, 50],
	personas: [Persona, 20],
	steps: [Step, 5000],
	painPoints: [PainPoint, 10_000],
	tickets: [Ticket, 10_000]
} as const;

type Collections = typeof collections;
type Entry<K extends keyof Collections> = z.infer<Collections[K][0]>;

/**
 * The journey's fields, each collection an array of `entry(schema)`: the
 * schemas themselves (Journey), or a pass-through for entries that were each
 * parsed already (JourneyOfParsedEntries). One list, so both hold the same limits.
 */
function journeyFieldsOf(entry: <K extends keyof Collections>(key: K) => z.ZodType<Entry<K>>) {
	const list = <K extends keyof Collections>(key: K) =>
		z.array(entry(key)).max(collections[key][1]).default([]);
	return {
		schemaVersion: SchemaVersion,
		id: Id,
		title: shortText(200),
		description: longText(5000).default(''),
		/** The gemeente or public body whose reis this is. */
		organisation: z.string().trim().max(200).default(''),
		/**
		 * Gebaseerd op: the id of the current (huidige) journey this one is the
		 * desired (gewenste) reis of; absent for an ordinary journey. The
		 * comparison (GET /api/journeys/:id/compare) reads it.
		 */
		basedOn: Id.optional(),
		stages: list('stages'),
		channels: list('channels'),
		personas: list('personas'),
		steps: list('steps'),
		painPoints: list('painPoints'),
		tickets: list('tickets')
	};
}

const journeyFields = journeyFieldsOf(
	(key) => collections[key][0] as unknown as z.ZodType<Entry<typeof key>>
);

type JourneyShape = z.infer<z.ZodObject<typeof journeyFields>>;

/** Every id unique within its collection, every reference resolving. */
function checkReferences(j: Omit<JourneyShape, 'id'>, ctx: z.RefinementCtx) {
	const unique = (key: 'stages' | 'channels' | 'personas' | 'steps' | 'painPoints' | 'tickets') => {
		const seen = new Set<string>();
		j[key].forEach((item, i) => {
			if (seen.has(item.id)) {
				ctx.addIssue({ code: 'custom', path: [key, i, 'id'], message: `Dubbel id "${item.id}"` });
			}
			seen.add(item.id);
		});
		return seen;
	};
	const stages = unique('stages');
	const channels = unique('channels');
	const personas = unique('personas');
	const steps = unique('steps');
	const painPoints = unique('painPoints');
	unique('tickets');
	j.steps.forEach((s, i) => {
		if (!stages.has(s.stageId)) {
			ctx.addIssue({
				code: 'custom',
				path: ['steps', i, 'stageId'],
				message: `Onbekende fase "${s.stageId}"`
			});
		}
		if (!channels.has(s.channelId)) {
			ctx.addIssue({
				code: 'custom',
				path: ['steps', i, 'channelId'],
				message: `Onbekend kanaal "${s.channelId}"`
			});
		}
		for (const personaId of Object.keys(s.emotions)) {
			if (!personas.has(personaId)) {
				ctx.addIssue({
					code: 'custom',
					path: ['steps', i, 'emotions', personaId],
					message: `Onbekende persona "${personaId}"`
				});
			}
		}
	});
	j.painPoints.forEach((p, i) => {
		if (!steps.has(p.stepId)) {
			ctx.addIssue({
				code: 'custom',
				path: ['painPoints', i, 'stepId'],
				message: `Onbekende stap "${p.stepId}"`
			});
		}
	});
	j.tickets.forEach((t, i) => {
		t.painPointIds.forEach((id, k) => {
			if (!painPoints.has(id)) {
				ctx.addIssue({
					code: 'custom',
					path: ['tickets', i, 'painPointIds', k],
					message: `Onbekend pijnpunt "${id}"`
				});
			}
		});
	});
}

/** Journey (klantreis): the whole, self-contained map, as in `journeys/` and the API. */
export const Journey = z.object(journeyFields).superRefine(checkReferences);
export type Journey = z.infer<typeof Journey>;

/**
 * The whole-journey rules (the limits on each collection, unique ids,
 * references that resolve) over entries that were each parsed with their own
 * schema already, as `readJourney` does: the entries pass through as they are
 * (the same objects), so a journey read after a one-step change costs one
 * step's parse, not every step's again. Gives what `Journey` gives for such entries.
 */
export const JourneyOfParsedEntries: z.ZodType<Journey> = z
	.object(journeyFieldsOf(<K extends keyof Collections>() => z.custom<Entry<K>>()))
	.superRefine(checkReferences);

/** A journey as POSTed: the id is optional, because the server mints a new one. */
export const JourneyInput = z.object({ ...journeyFields, id: Id.optional() }).superRefine(checkReferences);
export type JourneyInput = z.infer<typeof JourneyInput>;

/** One problem with its dotted path, as the API reports it (`steps.3.demands.plan`). */
export type Issue = { path: string; message: string };

export function toIssues(error: z.ZodError): Issue[] {
	return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

function parseWith<T>(schema: z.ZodType<T>, raw: unknown): ParseResult<T> {
	const result = schema.safeParse(migrate(raw));
	return result.success ? { ok: true, value: result.data } : { ok: false, issues: toIssues(result.error) };
}

/** Migrates and validates a journey document (a file or a stored copy). */
export function parseJourney(raw: unknown): ParseResult<Journey> {
	return parseWith(Journey, raw);
}

/** Migrates and validates a POST body. */
export function parseJourneyInput(raw: unknown): ParseResult<JourneyInput> {
	return parseWith(JourneyInput, raw);
}

/** Persona file (`personas/`): a persona that carries its schemaVersion. */
export const PersonaFile = Persona.extend({ schemaVersion: SchemaVersion });
export type PersonaFile = z.infer<typeof PersonaFile>;

export function parsePersonaFile(raw: unknown): ParseResult<PersonaFile> {
	return parseWith(PersonaFile, raw);
}
