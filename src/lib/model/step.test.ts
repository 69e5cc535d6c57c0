import { describe, expect, it } from 'vitest';
import { toIssues } from './journey';
import { Step } from './step';

const minimal = { id: 's1', stageId: 'f1', channelId: 'k1', title: 'Vult het formulier in' };

describe('Step: what a step asks besides doenvermogen', () => {
	it('defaults actions, deadlines and waiting time to 0, so older files stay valid', () => {
		expect(Step.parse(minimal)).toMatchObject({ actions: 0, deadlines: 0, waitDays: 0 });
	});

	it('keeps given counts', () => {
		expect(Step.parse({ ...minimal, actions: 3, deadlines: 1, waitDays: 42 })).toMatchObject({
			actions: 3,
			deadlines: 1,
			waitDays: 42
		});
	});

	it.each([
		['actions', -1],
		['deadlines', 1.5],
		['waitDays', 1000]
	])('refuses %s = %s with its path', (field, value) => {
		const result = Step.safeParse({ ...minimal, [field]: value });
		expect(result.success).toBe(false);
		if (!result.success) expect(toIssues(result.error).map((i) => i.path)).toEqual([field]);
	});
});
