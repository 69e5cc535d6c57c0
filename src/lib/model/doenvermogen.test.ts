import { describe, expect, it } from 'vitest';
import { CAPACITY_GUIDANCE, COMPONENTS, COMPONENT_SHORT_LABELS, DEMAND_GUIDANCE } from './doenvermogen';

describe('doenvermogen guidance', () => {
	it('has a plain Dutch text for every demand level 0 to 5 and every capacity level 1 to 5', () => {
		for (const c of COMPONENTS) {
			expect(DEMAND_GUIDANCE[c]).toHaveLength(6);
			expect(CAPACITY_GUIDANCE[c]).toHaveLength(5);
			expect(COMPONENT_SHORT_LABELS[c]).toBeTruthy();
			for (const text of [...DEMAND_GUIDANCE[c], ...CAPACITY_GUIDANCE[c]]) {
				expect(text).toMatch(/^[A-Z].*\.$/);
				// B1: short sentences.
				expect(text.split(' ').length).toBeLessThanOrEqual(16);
			}
			expect(new Set(DEMAND_GUIDANCE[c]).size).toBe(6);
		}
		expect(DEMAND_GUIDANCE.plan[0]).toBe('Niets te regelen of uit te zoeken.');
	});
});
