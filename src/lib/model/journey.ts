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

const journeyFields = {
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
	stages: z.array(Stage).max(50).default([]),
	channels: z.array(Channel).max(50).default([]),
	personas: z.array(Persona).max(20).default([]),
	steps: z.array(Step).max(5000).default([]),
	painPoints: z.array(PainPoint).max(10_000).default([]),
	tickets: z.array(Ticket).max(10_000).default([])
};

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
