import { z } from 'zod';
import './locale';

/** The six hostmanship principles (Jan Gunnarsson), by their contract ids. */
export const PRINCIPLE_IDS = [
	'serve',
	'seeTheWhole',
	'takeResponsibility',
	'consideration',
	'dialogue',
	'knowledge'
] as const;

/** Principle (hostmanship-principe): one of the six ids of the contract. */
export const Principle = z.enum(PRINCIPLE_IDS);
export type Principle = z.infer<typeof Principle>;

/** Dutch UI label and short meaning per principle (see DOMAIN.md). */
export const PRINCIPLES: Record<Principle, { label: string; meaning: string }> = {
	serve: { label: 'Dienen', meaning: 'Willen bijdragen aan het succes van de ander.' },
	seeTheWhole: {
		label: 'Het geheel zien',
		meaning: 'Jezelf zien door de ogen van de gast: je bent deel van de hele ervaring.'
	},
	takeResponsibility: {
		label: 'Verantwoordelijkheid nemen',
		meaning: 'Ingaan op de vraag en het probleem van de gast, wie het ook veroorzaakte.'
	},
	consideration: {
		label: 'Consideratie hebben',
		meaning: 'Je verplaatsen in de ander en handelen zonder oordeel, in diens belang.'
	},
	dialogue: {
		label: 'Dialoog voeren',
		meaning: 'Eerst begrijpen, dan begrepen worden; ook antwoord geven op niet-gestelde vragen.'
	},
	knowledge: {
		label: 'Kennis hebben',
		meaning: 'Vakkundig zijn in je rol en nieuwsgierig naar de gast.'
	}
};
