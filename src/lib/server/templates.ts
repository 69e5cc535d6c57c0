import { Journey } from '$lib/model';
import { services } from './services';

export type TemplateSummary = {
	id: string;
	title: string;
	description: string;
	organisation: string;
	stages: number;
	channels: number;
	steps: number;
	personas: number;
};

export async function templateSummaries(): Promise<TemplateSummary[]> {
	return (await services().store.listTemplates()).flatMap((raw) => {
		const parsed = Journey.safeParse(raw);
		if (!parsed.success) return [];
		const j = parsed.data;
		return [
			{
				id: j.id,
				title: j.title,
				description: j.description,
				organisation: j.organisation,
				stages: j.stages.length,
				channels: j.channels.length,
				steps: j.steps.length,
				personas: j.personas.length
			}
		];
	});
}

/** A new, empty journey with the usual fases and kanalen, for teams that start from scratch. */
export function blankJourney() {
	return {
		schemaVersion: 1,
		title: 'Nieuwe klantreis',
		description: '',
		organisation: '',
		stages: [
			{ id: 'orienteren', name: 'Oriënteren' },
			{ id: 'aanvragen', name: 'Aanvragen' },
			{ id: 'wachten', name: 'Wachten' },
			{ id: 'besluit', name: 'Besluit' },
			{ id: 'nazorg', name: 'Nazorg' }
		],
		channels: [
			{ id: 'website', name: 'Website', kind: 'website' },
			{ id: 'telefoon', name: 'Telefoon (KCC)', kind: 'telefoon' },
			{ id: 'balie', name: 'Balie', kind: 'balie' },
			{ id: 'brief', name: 'Brief', kind: 'brief' }
		]
	};
}
