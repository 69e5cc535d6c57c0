import { z } from 'zod';
import { ChannelKind } from './channel';
import { Doenvermogen, Stress } from './doenvermogen';
import { Id, longText, shortText } from './ids';

export const DIGITAL_SKILLS = ['none', 'basic', 'good', 'strong'] as const;
/** Digitale vaardigheden. */
export const DigitalSkills = z.enum(DIGITAL_SKILLS);
export type DigitalSkills = z.infer<typeof DigitalSkills>;
export const DIGITAL_SKILLS_LABELS: Record<DigitalSkills, string> = {
	none: 'Geen: gebruikt geen computer of smartphone voor zaken',
	basic: 'Basis: appt en belt, loopt vast op formulieren en DigiD',
	good: 'Goed: regelt de meeste zaken online',
	strong: 'Sterk: regelt alles online, helpt anderen'
};

export const LITERACY_LEVELS = ['low', 'basic', 'good', 'strong'] as const;
/** Geletterdheid: reading and writing (in Dutch). */
export const Literacy = z.enum(LITERACY_LEVELS);
export type Literacy = z.infer<typeof Literacy>;
export const LITERACY_LABELS: Record<Literacy, string> = {
	low: 'Laaggeletterd: leest en schrijft moeizaam',
	basic: 'Basis: leest eenvoudige teksten (B1)',
	good: 'Goed: leest de meeste brieven zonder hulp',
	strong: 'Sterk: leest ook ambtelijke en juridische taal'
};

/**
 * Persona: a realistic, fictional resident. The reis is walked per persona;
 * journeys embed copies so a journey file is self-contained.
 */
export const Persona = z.object({
	/** Present in files of `personas/`; optional on copies embedded in a journey. */
	schemaVersion: z.number().int().positive().optional(),
	id: Id,
	name: shortText(80),
	age: z.number().int('Leeftijd is een heel getal').min(0).max(120),
	/** Short story of the persona's life right now: why this reis is hard or easy. */
	situation: longText(2000).default(''),
	quote: longText(500).default(''),
	goals: z.array(shortText(300)).max(20).default([]),
	preferredChannels: z.array(ChannelKind).max(12).default([]),
	digitalSkills: DigitalSkills,
	literacy: Literacy,
	doenvermogen: Doenvermogen,
	/** Stress lowers the effective capacity of every component (WRR). */
	stress: Stress.default(0)
});
export type Persona = z.infer<typeof Persona>;
