import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMPONENTS, parseJourney } from '$lib/model';
import {
	analyseJourney,
	analysePersona,
	analyseStep,
	effectiveCapacity,
	effectiveProfile,
	riskOf,
	type PersonaInput,
	type StepInput
} from './doenvermogen';

const sanne: PersonaInput = {
	id: 'sanne',
	name: 'Sanne Vermeulen',
	doenvermogen: { plan: 4, act: 3, persevere: 3, cope: 2 },
	stress: 3
};
const ingrid: PersonaInput = {
	id: 'ingrid',
	name: 'Ingrid de Boer',
	doenvermogen: { plan: 5, act: 4, persevere: 5, cope: 4 },
	stress: 0
};
const form: StepInput = {
	id: 'formulier',
	title: 'Vult het aanvraagformulier in',
	demands: { plan: 4, act: 4, persevere: 4, cope: 2 }
};
const letter: StepInput = {
	id: 'brief',
	title: 'Krijgt de bevestigingsbrief',
	demands: { plan: 0, act: 0, persevere: 0, cope: 0 }
};

describe('effective capacity', () => {
	it('is the capacity itself without stress', () => {
		for (const c of [1, 2, 3, 4, 5]) expect(effectiveCapacity(c, 0)).toBe(c);
	});
	it('loses one point per stress level, down to 0', () => {
		expect(effectiveCapacity(4, 1)).toBe(3);
		expect(effectiveCapacity(4, 3)).toBe(1);
		expect(effectiveCapacity(2, 3)).toBe(0);
		expect(effectiveProfile(sanne)).toEqual({ plan: 1, act: 0, persevere: 0, cope: 0 });
		expect(effectiveProfile(sanne, 1)).toEqual({ plan: 3, act: 2, persevere: 2, cope: 1 });
	});
});

describe('a step for a persona (worked examples)', () => {
	it('Sanne under acute stress gets stuck on the form, on every component it asks for', () => {
		const r = analyseStep(form, sanne);
		expect(r.stuck).toBe(true);
		expect(r.level).toBe('stuck');
		expect(r.stuckOn).toEqual(['plan', 'act', 'persevere', 'cope']);
		expect(r.gaps.plan).toEqual({
			component: 'plan',
			demand: 4,
			capacity: 4,
			effective: 1,
			gap: 3,
			stuck: true
		});
		expect(r.shortfall).toBe(3 + 4 + 4 + 2);
		expect(r.risk).toBe(1);
		expect(r.reasons[0]).toBe(
			'Loopt vast op ‘een plan maken’: de stap vraagt 4, Sanne kan nu 1. Door acute stress is dat 3 punten minder dan normaal.'
		);
	});

	it('the same Sanne without stress manages, some components only just', () => {
		const r = analyseStep(form, sanne, 0);
		expect(r.stuckOn).toEqual(['act', 'persevere']);
		const calm = analyseStep({ ...form, demands: { plan: 4, act: 2, persevere: 2, cope: 1 } }, sanne, 0);
		expect(calm.stuck).toBe(false);
		expect(calm.level).toBe('tight');
		expect(calm.risk).toBe(0.25);
		expect(calm.reasons).toEqual([
			'Net aan bij ‘een plan maken’: de stap vraagt 4 en Sanne kan precies 4. Bij een tegenvaller loopt Sanne hier vast.'
		]);
	});

	it('Ingrid gets through with room to spare', () => {
		const r = analyseStep({ ...form, demands: { plan: 3, act: 2, persevere: 3, cope: 1 } }, ingrid);
		expect(r).toMatchObject({ stuck: false, level: 'ok', risk: 0, shortfall: 0, stuckOn: [] });
		expect(r.reasons).toEqual(['Dit lukt Ingrid: op elk onderdeel is er minstens 2 punten over.']);
	});

	it('a step that asks nothing is never stuck, even at zero effective capacity', () => {
		const r = analyseStep(letter, sanne);
		expect(r).toMatchObject({ stuck: false, level: 'none', risk: 0 });
		expect(r.reasons).toEqual(['Deze stap vraagt niets van het doenvermogen van Sanne.']);
	});

	it('grades risk by the largest gap', () => {
		expect(riskOf([{ demand: 0, gap: 9 }])).toBe(0);
		expect(riskOf([{ demand: 2, gap: -1 }])).toBe(0);
		expect(riskOf([{ demand: 2, gap: 0 }])).toBe(0.25);
		expect(
			riskOf([
				{ demand: 2, gap: 1 },
				{ demand: 1, gap: -2 }
			])
		).toBe(0.5);
		expect(riskOf([{ demand: 5, gap: 2 }])).toBe(0.75);
		expect(riskOf([{ demand: 5, gap: 5 }])).toBe(1);
	});
});

describe('a whole reis', () => {
	const journey = {
		steps: [
			{ ...form, order: 2 },
			{ ...letter, order: 1 }
		],
		personas: [sanne, ingrid]
	};

	it('walks the steps in reis order and finds the first stuck step', () => {
		const a = analyseJourney(journey);
		expect(a.personas.map((p) => p.personaId)).toEqual(['sanne', 'ingrid']);
		const [s, i] = a.personas;
		expect(s.steps.map((r) => r.stepId)).toEqual(['brief', 'formulier']);
		expect(s).toMatchObject({ stuckCount: 1, stuckStepIds: ['formulier'], firstStuckStepId: 'formulier' });
		expect(s.summary).toBe('Sanne loopt vast bij 1 van de 2 stappen: ‘Vult het aanvraagformulier in’.');
		// Ingrid is tight on 'in actie komen' at the form (4 of 4): risk 0.25 there, 0 at the letter.
		expect(i).toMatchObject({ stuckCount: 0, firstStuckStepId: null, risk: 0.125 });
		expect(i.summary).toBe('Ingrid komt door de hele reis heen.');
		expect(a.steps).toEqual([
			{ stepId: 'brief', title: letter.title, stuckPersonaIds: [], risk: 0 },
			{ stepId: 'formulier', title: form.title, stuckPersonaIds: ['sanne'], risk: 1 }
		]);
	});

	it('takes a stress override per persona (the canvas slider)', () => {
		const a = analyseJourney(journey, { stress: { ingrid: 3 } });
		expect(a.personas[1].stress).toBe(3);
		expect(a.personas[1].stuckStepIds).toEqual(['formulier']);
		expect(analysePersona(journey.steps, sanne, 0).stress).toBe(0);
	});

	it('handles a reis without steps or personas', () => {
		expect(analyseJourney({ steps: [], personas: [] })).toEqual({ personas: [], steps: [], risk: 0 });
		expect(analysePersona([], sanne).summary).toBe('Deze reis heeft nog geen stappen.');
	});
});

const capacity = fc.integer({ min: 1, max: 5 });
const demand = fc.integer({ min: 0, max: 5 });
const stress = fc.integer({ min: 0, max: 3 });
const profile = fc.record({ plan: capacity, act: capacity, persevere: capacity, cope: capacity });
const demands = fc.record({ plan: demand, act: demand, persevere: demand, cope: demand });
const persona = fc
	.record({ doenvermogen: profile, stress })
	.map((p): PersonaInput => ({ id: 'p', name: 'Persona Test', ...p }));
const step = demands.map((d): StepInput => ({ id: 's', title: 'Stap', demands: d }));

describe('properties', () => {
	it('more stress never un-sticks a step, nor lowers its risk', () => {
		fc.assert(
			fc.property(step, persona, stress, stress, (st, p, a, b) => {
				const [low, high] = a <= b ? [a, b] : [b, a];
				const calm = analyseStep(st, p, low);
				const tense = analyseStep(st, p, high);
				if (calm.stuck) expect(tense.stuck).toBe(true);
				expect(tense.risk).toBeGreaterThanOrEqual(calm.risk);
				for (const c of calm.stuckOn) expect(tense.stuckOn).toContain(c);
			})
		);
	});

	it('more capacity never sticks a step', () => {
		fc.assert(
			fc.property(step, persona, profile, (st, p, extra) => {
				const stronger = {
					...p,
					doenvermogen: Object.fromEntries(
						COMPONENTS.map((c) => [c, Math.max(p.doenvermogen[c], extra[c])])
					) as PersonaInput['doenvermogen']
				};
				const before = analyseStep(st, p);
				const after = analyseStep(st, stronger);
				if (!before.stuck) expect(after.stuck).toBe(false);
				expect(after.risk).toBeLessThanOrEqual(before.risk);
			})
		);
	});

	it('a component with demand 0 never makes a persona stuck', () => {
		fc.assert(
			fc.property(step, persona, (st, p) => {
				const r = analyseStep(st, p);
				for (const c of COMPONENTS) if (st.demands[c] === 0) expect(r.stuckOn).not.toContain(c);
				if (COMPONENTS.every((c) => st.demands[c] === 0)) expect(r.stuck).toBe(false);
			})
		);
	});

	it('stress 0 lowers nothing, and stuck means a demand above the effective capacity', () => {
		fc.assert(
			fc.property(step, persona, (st, p) => {
				const r = analyseStep(st, p);
				if ((p.stress ?? 0) === 0)
					for (const c of COMPONENTS) expect(r.gaps[c].effective).toBe(p.doenvermogen[c]);
				expect(r.stuck).toBe(COMPONENTS.some((c) => st.demands[c] > r.gaps[c].effective));
				expect(r.stuck).toBe(r.risk >= 0.5);
				expect(r.reasons.length).toBeGreaterThan(0);
			})
		);
	});
});

describe('the sample journeys', () => {
	const journeys = readdirSync('journeys')
		.filter((f) => f.endsWith('.json'))
		.map((f) => parseJourney(JSON.parse(readFileSync(join('journeys', f), 'utf8'))))
		.flatMap((r) => (r.ok ? [r.value] : []));

	it('each has a persona that gets stuck and one that gets through', () => {
		expect(journeys.length).toBeGreaterThanOrEqual(4);
		for (const j of journeys) {
			const a = analyseJourney(j);
			expect(a.personas.some((p) => p.stuckCount > 0)).toBe(true);
			expect(a.personas.some((p) => p.stuckCount === 0)).toBe(true);
		}
	});

	it('Sanne gets stuck in bijzondere bijstand from the first step; Ingrid gets through', () => {
		const j = journeys.find((x) => x.id === 'bijzondere-bijstand-aanvragen')!;
		const a = analyseJourney(j);
		const byId = Object.fromEntries(a.personas.map((p) => [p.personaId, p]));
		expect(byId['sanne-alleenstaande-moeder'].firstStuckStepId).toBe(j.steps[0].id);
		expect(byId['ingrid-bijstand-goed-georganiseerd'].stuckCount).toBe(0);
	});
});
