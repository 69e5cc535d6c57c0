import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Evidence, PainPoint, Persona, Step, Ticket } from '$lib/model';
import { errorsAt } from './issues';
import { limitsOf } from './limits';

describe('limitsOf', () => {
	it('reads a string field’s length from the model', () => {
		expect(limitsOf(Step.shape.title)).toEqual({ maxlength: 200, minlength: 1 });
		expect(limitsOf(Ticket.shape.description)).toEqual({ maxlength: 10_000 });
		expect(limitsOf(PainPoint.shape.author)).toEqual({ maxlength: 80 });
		expect(limitsOf(Evidence.shape.period)).toEqual({ maxlength: 100, minlength: 1 });
	});

	it('reads a number field’s range and integer step', () => {
		expect(limitsOf(Persona.shape.age)).toEqual({ min: 0, max: 120, step: 1 });
		expect(limitsOf(Step.shape.waitDays)).toEqual({ min: 0, max: 730, step: 1 });
		expect(limitsOf(z.number().min(0.5).max(60))).toEqual({ min: 0.5, max: 60 });
	});

	it('looks through optional, default, lazy and pipe', () => {
		expect(limitsOf(z.string().max(5).optional().default('x'))).toEqual({ maxlength: 5 });
		expect(limitsOf(z.lazy(() => z.number().max(3)))).toEqual({ max: 3 });
		expect(limitsOf(z.string().max(9).pipe(z.string()))).toEqual({ maxlength: 9 });
	});

	it('gives no limits where the schema sets none', () => {
		expect(limitsOf(z.number().int())).toEqual({ step: 1 });
		expect(limitsOf(z.string())).toEqual({});
		expect(limitsOf(z.enum(['a', 'b']))).toEqual({});
		expect(limitsOf(Persona.shape.goals)).toEqual({});
	});
});

describe('errorsAt', () => {
	it('takes a field’s own issues and those below it, not a neighbour’s', () => {
		const issues = [
			{ path: 'goals.2', message: 'te lang' },
			{ path: 'goals', message: 'te veel' },
			{ path: 'goals.4', message: 'te lang' },
			{ path: 'goalsExtra', message: 'ander veld' }
		];
		expect(errorsAt(issues, 'goals')).toEqual(['te lang', 'te veel']);
		expect(errorsAt(issues, 'name')).toEqual([]);
	});
});
