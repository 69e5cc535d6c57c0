import { describe, expect, it } from 'vitest';
import { parsePersonaFile } from './journey';
import { PainPoint } from './pain-point';

describe('messages zod writes itself', () => {
	it('are Dutch for a persona file with a number where a name belongs', () => {
		const result = parsePersonaFile({ id: 'p', name: 42, age: 30 });
		expect(result.ok).toBe(false);
		const name = result.ok ? undefined : result.issues.find((i) => i.path === 'name');
		expect(name?.message).toBe('Ongeldige invoer: verwacht string, ontving getal');
	});

	it('are Dutch for an unknown hostmanship principle', () => {
		const result = PainPoint.safeParse({ id: 'a', stepId: 's', principles: ['glimlachen'], severity: 1 });
		expect(result.error?.issues[0].message).toMatch(/^Ongeldige optie: verwacht één van/);
	});

	it('leave our own messages alone', () => {
		const result = PainPoint.safeParse({ id: 'a', stepId: 's', principles: [], severity: 1 });
		expect(result.error?.issues[0].message).toBe('Kies minstens één hostmanship-principe');
	});
});
