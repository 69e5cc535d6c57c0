import { z } from 'zod';
import { ChannelKind } from './channel';
import { longText, shortText } from './ids';

/** The KCC steering figures a pain point or ticket can carry (DOMAIN.md). */
export const METRICS = [
	'contacts',
	'firstTimeRight',
	'forwarded',
	'callbackFollowedUp',
	'dropOff',
	'websiteClicks',
	'satisfaction',
	'complaints',
	'compliments',
	'channelSwitches',
	'other'
] as const;
export const Metric = z.enum(METRICS);
export type Metric = z.infer<typeof Metric>;

/** Dutch label and unit per metric. */
export const METRIC_INFO: Record<Metric, { label: string; unit: string }> = {
	contacts: { label: 'Aantal klantcontacten', unit: 'contacten' },
	firstTimeRight: { label: 'In één keer goed afgehandeld', unit: '%' },
	forwarded: { label: 'Doorverbonden naar de tweede lijn', unit: '%' },
	callbackFollowedUp: { label: 'Terugbelnotities opgevolgd', unit: '%' },
	dropOff: { label: 'Afhakers', unit: '%' },
	websiteClicks: { label: 'Klikken nodig op de website', unit: 'klikken' },
	satisfaction: { label: 'Klanttevredenheid', unit: 'cijfer' },
	complaints: { label: 'Klachten', unit: 'klachten' },
	compliments: { label: 'Complimenten', unit: 'complimenten' },
	channelSwitches: { label: 'Kanaalwisselingen in de reis', unit: 'wisselingen' },
	other: { label: 'Ander cijfer', unit: '' }
};

const PERCENT_METRICS: ReadonlySet<Metric> = new Set([
	'firstTimeRight',
	'forwarded',
	'callbackFollowedUp',
	'dropOff'
]);

/** Evidence (onderbouwing): one KCC figure, always with its source and period. */
export const Evidence = z
	.object({
		metric: Metric,
		value: z.number().min(0),
		/** Where the figure comes from, e.g. "KCC-rapportage Q3" or "Klanttevredenheidsonderzoek". */
		source: shortText(200),
		/** The period the figure covers, e.g. "2026-Q3" or "jan-jun 2026". */
		period: shortText(100),
		/** The channel the figure is about, when it is about one channel. */
		channel: ChannelKind.optional(),
		/** Required for metric `other`: what was measured. */
		label: shortText(200).optional(),
		note: longText(1000).optional()
	})
	.superRefine((e, ctx) => {
		if (PERCENT_METRICS.has(e.metric) && e.value > 100) {
			ctx.addIssue({ code: 'custom', path: ['value'], message: 'Een percentage is hoogstens 100' });
		}
		if (e.metric === 'other' && !e.label) {
			ctx.addIssue({
				code: 'custom',
				path: ['label'],
				message: 'Zeg bij een ander cijfer wat er gemeten is'
			});
		}
	});
export type Evidence = z.infer<typeof Evidence>;
