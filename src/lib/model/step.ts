import { z } from 'zod';
import { Demands } from './doenvermogen';
import { Id, longText, shortText } from './ids';

/** Emotion of a persona at a step: -2 (very negative) to 2 (very positive). */
export const Emotion = z
	.number()
	.int('Gebruik een heel getal van -2 tot en met 2')
	.min(-2, 'Emotie loopt van -2 (heel negatief) tot 2 (heel positief)')
	.max(2, 'Emotie loopt van -2 (heel negatief) tot 2 (heel positief)');
export type Emotion = z.infer<typeof Emotion>;

function count(what: string, max: number) {
	return z
		.number()
		.int(`${what}: gebruik een heel getal`)
		.min(0, `${what} kan niet negatief zijn`)
		.max(max, `${what}: hoogstens ${max}`);
}

export const EMOTION_LABELS: Record<string, string> = {
	'-2': 'Heel negatief',
	'-1': 'Negatief',
	'0': 'Neutraal',
	'1': 'Positief',
	'2': 'Heel positief'
};

/**
 * The title a card gets when it is made on the map (double-click on a cell):
 * the schema needs a title, but this one stands for "none yet", so the step
 * panel shows it as a placeholder and starts the field empty.
 */
export const NEW_STEP_TITLE = 'Nieuwe stap';

/**
 * Step (contactmoment): a card at (fase, kanaal). Only id, title, stageId and
 * channelId are required, so a foreign client can add a step with just those;
 * the rest gets defaults.
 */
export const Step = z.object({
	id: Id,
	stageId: Id,
	channelId: Id,
	title: shortText(200),
	/** Plain text; paragraphs separated by a line break. In the Y.Doc a Y.XmlFragment. */
	note: longText(20_000).default(''),
	/** Position along the reis; any finite number, so a step can go between two others. */
	order: z.number().default(0),
	/** Owning afdeling of this contactmoment, free text. */
	owner: z.string().trim().max(120).default(''),
	emotions: z
		.record(
			Id,
			z.lazy(() => Emotion)
		)
		.default({}),
	demands: Demands.default({ plan: 0, act: 0, persevere: 0, cope: 0 }),
	/**
	 * Handelingen: how many separate things the resident must do in this step
	 * (fill in, upload, sign, call). The doenvermogentoets lists them; each one
	 * is a moment to drop out.
	 */
	actions: count('Aantal handelingen', 100).default(0),
	/** Termijnen: deadlines the resident must meet here; they ask for planning. */
	deadlines: count('Aantal termijnen', 20).default(0),
	/** Wachttijd in days before the resident hears something; a long silence asks for perseverance. */
	waitDays: count('Wachttijd in dagen', 730).default(0),
	/**
	 * Onderwerpen (KCC vraagcategorieën) this step covers: an imported contact counts
	 * at every step whose topics hold its onderwerp, compared trimmed and
	 * case-insensitively (CONTRACT.md, "Contact figures").
	 */
	topics: z.array(shortText(120)).max(50, 'Hoogstens 50 onderwerpen per stap').default([])
});
export type Step = z.infer<typeof Step>;
