import type { z } from 'zod';

/**
 * The HTML limits of a form control as the zod schema of its field states them:
 * `maxlength`/`minlength` (characters) of a string, `min`/`max` of a number,
 * and `step: 1` for an integer. A limit the schema does not set is absent, so
 * the markup never repeats (and never contradicts) the model.
 */
export type FieldLimits = {
	maxlength?: number;
	minlength?: number;
	min?: number;
	max?: number;
	step?: number;
};

type Internals = { def: { type: string; innerType?: z.ZodType; in?: z.ZodType; getter?: () => z.ZodType } };

/** Wrappers that keep the inner field's limits: `.optional()`, `.default()`, `z.lazy`, a pipe's input. */
function unwrap(schema: z.ZodType): z.ZodType {
	let current = schema;
	// A schema may wrap another a few levels deep (optional(default(lazy(...)))); 20 is far beyond any real one.
	for (let depth = 0; depth < 20; depth += 1) {
		const def = (current as unknown as { _zod: Internals })._zod.def;
		const next = def.innerType ?? def.in ?? def.getter?.();
		if (!next) return current;
		current = next;
	}
	return current;
}

/** A bound zod sets for `.int()` alone (the safe-integer range) says nothing to a person. */
function meaningful(n: number | null | undefined): number | undefined {
	return typeof n === 'number' && Number.isFinite(n) && Math.abs(n) < Number.MAX_SAFE_INTEGER ? n : undefined;
}

/**
 * Reads the limits of one field from its zod 4 schema (e.g. `Step.shape.title`
 * gives `{ maxlength: 200, minlength: 1 }`, `Persona.shape.age` gives
 * `{ min: 0, max: 120, step: 1 }`). Anything else (an enum, an array, an
 * object) has no limits: `{}`.
 */
export function limitsOf(schema: z.ZodType): FieldLimits {
	const inner = unwrap(schema) as unknown as {
		_zod: Internals;
		minLength?: number | null;
		maxLength?: number | null;
		minValue?: number | null;
		maxValue?: number | null;
		isInt?: boolean;
	};
	const limits: FieldLimits = {};
	const type = inner._zod.def.type;
	if (type === 'string') {
		const maxlength = meaningful(inner.maxLength);
		const minlength = meaningful(inner.minLength);
		if (maxlength !== undefined) limits.maxlength = maxlength;
		if (minlength !== undefined && minlength > 0) limits.minlength = minlength;
	} else if (type === 'number') {
		const min = meaningful(inner.minValue);
		const max = meaningful(inner.maxValue);
		if (min !== undefined) limits.min = min;
		if (max !== undefined) limits.max = max;
		if (inner.isInt) limits.step = 1;
	}
	return limits;
}
