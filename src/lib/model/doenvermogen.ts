import { z } from 'zod';

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
