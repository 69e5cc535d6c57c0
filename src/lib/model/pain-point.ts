import { z } from 'zod';
import { Evidence } from './evidence';
import { Principle } from './hostmanship';
import { Id, longText } from './ids';

export const SEVERITY_LABELS = ['', 'Hinderlijk', 'Ernstig', 'Blokkerend'] as const;

/** PainPoint (pijnpunt): a problem at a step, tagged with the principles it violates. */
export const PainPoint = z.object({
	id: Id,
	stepId: Id,
	principles: z
		.array(Principle)
		.min(1, 'Kies minstens één hostmanship-principe')
		.max(6)
		.refine((p) => new Set(p).size === p.length, 'Elk principe hoogstens één keer'),
	severity: z
		.number()
		.int()
		.min(1, 'Ernst loopt van 1 tot en met 3')
		.max(3, 'Ernst loopt van 1 tot en met 3'),
	description: longText(5000).default(''),
	evidence: z.array(Evidence).max(50).default([]),
	/** Display name of whoever flagged it (no account, free text). */
	author: z.string().trim().max(80).default('')
});
export type PainPoint = z.infer<typeof PainPoint>;
