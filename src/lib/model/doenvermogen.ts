import { z } from 'zod';
import './locale';

/**
 * The four components of doenvermogen (WRR, "Weten is nog geen doen", 2017):
 * plan = een plan maken, act = in actie komen, persevere = volhouden,
 * cope = omgaan met verleidingen en tegenslag.
 */
export const COMPONENTS = ['plan', 'act', 'persevere', 'cope'] as const;
export type Component = (typeof COMPONENTS)[number];

export const COMPONENT_LABELS: Record<Component, string> = {
	plan: 'Een plan maken',
	act: 'In actie komen',
	persevere: 'Volhouden',
	cope: 'Omgaan met verleidingen en tegenslag'
};

const capacity = z
	.number()
	.int('Gebruik een heel getal van 1 tot en met 5')
	.min(1, 'Doenvermogen loopt van 1 (zwak) tot 5 (sterk)')
	.max(5, 'Doenvermogen loopt van 1 (zwak) tot 5 (sterk)');

const demand = z
	.number()
	.int('Gebruik een heel getal van 0 tot en met 5')
	.min(0, 'Wat een stap vraagt loopt van 0 (niets) tot 5 (heel veel)')
	.max(5, 'Wat een stap vraagt loopt van 0 (niets) tot 5 (heel veel)');

/** Doenvermogen of a persona: each component 1 (weak) to 5 (strong). */
export const Doenvermogen = z.object({
	plan: capacity,
	act: capacity,
	persevere: capacity,
	cope: capacity
});
export type Doenvermogen = z.infer<typeof Doenvermogen>;

/** What a step asks of each component: 0 (nothing) to 5 (a great deal). */
export const Demands = z.object({
	plan: demand.default(0),
	act: demand.default(0),
	persevere: demand.default(0),
	cope: demand.default(0)
});
export type Demands = z.infer<typeof Demands>;

/** Stress (spanning): 0 none, 1 some, 2 high, 3 acute. Lowers every component. */
export const Stress = z
	.number()
	.int('Gebruik een heel getal van 0 tot en met 3')
	.min(0, 'Stress loopt van 0 (geen) tot 3 (acuut)')
	.max(3, 'Stress loopt van 0 (geen) tot 3 (acuut)');
export type Stress = z.infer<typeof Stress>;

export const STRESS_LABELS = ['Geen stress', 'Wat stress', 'Veel stress', 'Acute stress'] as const;

/** Short component names for tight places (chart axes, table headers). */
export const COMPONENT_SHORT_LABELS: Record<Component, string> = {
	plan: 'Plannen',
	act: 'In actie komen',
	persevere: 'Volhouden',
	cope: 'Tegenslag'
};

/**
 * What a step asks of a component, per level 0 to 5, in plain Dutch (B1).
 * Shown next to the demand sliders so that a workshop group scores steps
 * the same way; index = level.
 */
export const DEMAND_GUIDANCE: Record<Component, readonly [string, string, string, string, string, string]> = {
	plan: [
		'Niets te regelen of uit te zoeken.',
		'Eén ding onthouden, bijvoorbeeld een datum.',
		'Een paar dingen in de goede volgorde doen.',
		'Zelf uitzoeken wat nodig is en gegevens verzamelen.',
		'Veel papieren verzamelen en een termijn halen.',
		'Heel veel documenten, meerdere termijnen en instanties tegelijk.'
	],
	act: [
		'De inwoner hoeft niets te doen.',
		'Iets lezen of een kort bericht bevestigen.',
		'Zelf contact opnemen of een eenvoudig formulier invullen.',
		'Een afspraak maken en ergens naartoe gaan of inloggen met DigiD.',
		'Een lang formulier invullen en stukken opsturen.',
		'Iets moeilijks of vervelends doen zonder hulp, terwijl het eng voelt.'
	],
	persevere: [
		'Het is meteen klaar.',
		'Een paar dagen wachten, met bericht.',
		'Een week of twee wachten, met af en toe nieuws.',
		'Weken wachten en zelf navragen hoe het staat.',
		'Lang wachten zonder nieuws en zelf blijven bellen.',
		'Maanden zonder nieuws, steeds opnieuw beginnen of alles opnieuw uitleggen.'
	],
	cope: [
		'Geen tegenslag en geen verleiding.',
		'Een kleine tegenvaller, zoals een korte wachtrij.',
		'Een fout herstellen of iets opnieuw moeten doen.',
		'Een onduidelijke of onvriendelijke brief, of geen antwoord krijgen.',
		'Een afwijzing of een boete, of geld dat niet komt.',
		'Een afwijzing die bestaanszekerheid raakt: huis, inkomen of zorg.'
	]
};

/** What a persona can do per component, per level 1 to 5 (index = level - 1), in plain Dutch. */
export const CAPACITY_GUIDANCE: Record<Component, readonly [string, string, string, string, string]> = {
	plan: [
		'Overziet nauwelijks wat er moet gebeuren.',
		'Kan één ding tegelijk regelen, met hulp.',
		'Regelt gewone zaken, raakt het overzicht kwijt bij veel papieren.',
		'Maakt zelf een plan en houdt een map bij.',
		'Regelt ingewikkelde zaken en termijnen zonder moeite.'
	],
	act: [
		'Komt bijna nooit zelf in actie; schuift alles voor zich uit.',
		'Komt in actie als iemand helpt of eraan herinnert.',
		'Komt in actie als het duidelijk en dichtbij is.',
		'Pakt de meeste dingen snel zelf op.',
		'Pakt alles direct op, ook wat vervelend is.'
	],
	persevere: [
		'Geeft het op bij de eerste vertraging.',
		'Houdt het kort vol, met aanmoediging.',
		'Houdt het een paar weken vol als er nieuws komt.',
		'Houdt lang vol en belt zelf na.',
		'Houdt alles vol, ook zonder nieuws.'
	],
	cope: [
		'Raakt van slag door elke tegenvaller.',
		'Kan een kleine tegenvaller aan, met steun.',
		'Kan tegenvallers aan, maar een afwijzing komt hard aan.',
		'Blijft rustig bij een afwijzing en zoekt een oplossing.',
		'Laat zich door tegenslag niet uit het veld slaan.'
	]
};
