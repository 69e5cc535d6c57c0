import { z } from 'zod';
import { Evidence } from './evidence';
import { Principle } from './hostmanship';
import { Id, longText } from './ids';

export const SEVERITY_LABELS = ['', 'Hinderlijk', 'Ernstig', 'Blokkerend'] as const;

/** Where a pain point stands: flagged, confirmed by figures or the vakafdeling, solved, or dropped. */
export const PAIN_POINT_STATUSES = ['open', 'confirmed', 'resolved', 'dismissed'] as const;
export const PainPointStatus = z.enum(PAIN_POINT_STATUSES);
export type PainPointStatus = z.infer<typeof PainPointStatus>;
export const PAIN_POINT_STATUS_LABELS: Record<PainPointStatus, string> = {
	open: 'Open',
	confirmed: 'Bevestigd',
	resolved: 'Opgelost',
	dismissed: 'Vervallen'
};

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
	author: z.string().trim().max(80).default(''),
	/**
	 * Optional, and absent means `open`: files and exports written before the field
	 * existed stay byte-for-byte the same. Read it through `painPointStatus`.
	 */
	status: PainPointStatus.optional()
});
export type PainPoint = z.infer<typeof PainPoint>;

/** The status of a pain point; one without a status is open. */
export function painPointStatus(p: Pick<PainPoint, 'status'>): PainPointStatus {
	return p.status ?? 'open';
}
