import { describe, expect, it } from 'vitest';
import { DEFAULT_VOTE_BUDGET, MAX_VOTE_BUDGET, Finding } from '$lib/model';
import {
	MAX_FINDING_LENGTH,
	findingText,
	hiddenCount,
	runningBudget,
	startBudget,
	stepIndex,
	viewStepId,
	voteMessage
} from './session-logic';

const finding = (id: string, stepId: string) =>
	Finding.parse({ id, stepId, principle: 'serve', text: 'Te lang wachten' });

describe('which step a person sees', () => {
	const base = { trainerStepId: 't', ownStepId: 'o' };
	it('the trainer and a following participant see the trainer’s step', () => {
		expect(viewStepId({ ...base, isTrainer: true, following: false })).toBe('t');
		expect(viewStepId({ ...base, isTrainer: false, following: true })).toBe('t');
	});

	it('a participant looking around sees their own step, or the trainer’s before walking', () => {
		expect(viewStepId({ ...base, isTrainer: false, following: false })).toBe('o');
		expect(viewStepId({ ...base, ownStepId: null, isTrainer: false, following: false })).toBe('t');
	});

	it('a step that is gone shows the first step', () => {
		const steps = [{ id: 'a' }, { id: 'b' }];
		expect(stepIndex(steps, 'b')).toBe(1);
		expect(stepIndex(steps, 'weg')).toBe(0);
		expect(stepIndex(steps, null)).toBe(0);
	});
});

describe('findings and votes', () => {
	it('counts the findings at a step this person cannot see yet', () => {
		const all = [finding('1', 'a'), finding('2', 'a'), finding('3', 'b')];
		expect(hiddenCount(all, [all[0]], 'a')).toBe(1);
		expect(hiddenCount(all, all, 'a')).toBe(0);
		expect(hiddenCount(all, [], 'b')).toBe(1);
	});

	it('keeps a finding’s text trimmed and cut, and refuses an empty one', () => {
		expect(findingText('  Te lang wachten \n')).toBe('Te lang wachten');
		expect(findingText('x'.repeat(MAX_FINDING_LENGTH + 5))).toHaveLength(MAX_FINDING_LENGTH);
		expect(findingText('   ')).toBeNull();
	});

	it('says whether a vote was given, taken back or refused', () => {
		expect(voteMessage(true, 1)).toBe('Stem gegeven.');
		expect(voteMessage(true, -1)).toBe('Stem teruggenomen.');
		expect(voteMessage(false, 1)).toBe('Dat kan niet: uw stemmen zijn op.');
	});
});

describe('the vote budget the trainer types', () => {
	it('starts with a whole number from 1 to the maximum, the default for nonsense', () => {
		expect(startBudget('5')).toBe(5);
		expect(startBudget('2.6')).toBe(3);
		expect(startBudget('0')).toBe(DEFAULT_VOTE_BUDGET);
		expect(startBudget('')).toBe(DEFAULT_VOTE_BUDGET);
		expect(startBudget('abc')).toBe(DEFAULT_VOTE_BUDGET);
		expect(startBudget('-4')).toBe(1);
		expect(startBudget('999')).toBe(MAX_VOTE_BUDGET);
	});

	it('changes a running session only to a budget within the limits', () => {
		expect(runningBudget('7')).toBe(7);
		expect(runningBudget('0')).toBeNull();
		expect(runningBudget(String(MAX_VOTE_BUDGET + 1))).toBeNull();
		expect(runningBudget('')).toBeNull();
	});
});
