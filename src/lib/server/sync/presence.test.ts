import { describe, expect, it } from 'vitest';
import { boundPresence } from './presence';

const view = { x0: 0, y0: 0, x1: 10, y1: 10 };

describe('boundPresence: a presence state as its connection may announce it', () => {
	it('keeps a true state byte for byte (the same string)', () => {
		const state = JSON.stringify({ user: { name: 'Bas', color: '#123456' }, role: 'editor', pointer: null });
		expect(boundPresence(state, 'editor')).toBe(state);
		const summon = JSON.stringify({ role: 'facilitator', summon: { id: 'a', view, stepId: null } });
		expect(boundPresence(summon, 'facilitator')).toBe(summon);
	});

	it("sets the role to the connection's and drops a participant's summon", () => {
		const state = JSON.stringify({
			user: { name: 'Bas', color: '#123456' },
			role: 'facilitator',
			summon: { id: 'a', view, stepId: null }
		});
		expect(JSON.parse(boundPresence(state, 'editor'))).toEqual({
			user: { name: 'Bas', color: '#123456' },
			role: 'editor',
			summon: null
		});
	});

	it('sees keys spelt with \\u escapes, as JSON.parse does', () => {
		const state = '{"\\u0072ole":"facilitator","\\u0073ummon":{"id":"a","view":null,"stepId":"s1"}}';
		expect(JSON.parse(boundPresence(state, 'viewer'))).toEqual({ role: 'viewer', summon: null });
	});

	it('leaves what is not a JSON object to the clients’ own schema', () => {
		for (const state of ['"role"', '[1,"summon"]', '{"role":', 'null']) {
			expect(boundPresence(state, 'editor')).toBe(state);
		}
	});
});
