import { DEFAULT_VOTE_BUDGET, MAX_VOTE_BUDGET, type Finding, type Step } from '$lib/model';

/**
 * The trainer session page's rules as pure functions (no DOM, no Svelte):
 * which step a person sees, how many findings are still hidden, which vote
 * budget a typed number means. `session-page.svelte.ts` carries them out;
 * `session-logic.test.ts` tests them.
 */

/** The longest finding text kept (characters; the Finding schema's limit in model/session.ts); longer text is cut. */
export const MAX_FINDING_LENGTH = 1000;
/** The longest name in a session (characters), as the name field allows. */
export const MAX_NAME_LENGTH = 40;

/**
 * The step a person sees: the trainer's (for the trainer, and for a participant
 * who follows), else the one the participant walked to; the trainer's step is
 * the first of the reis until the trainer moves.
 */
export function viewStepId(input: {
	isTrainer: boolean;
	following: boolean;
	trainerStepId: string | null;
	ownStepId: string | null;
}): string | null {
	const { isTrainer, following, trainerStepId, ownStepId } = input;
	return isTrainer || following ? trainerStepId : (ownStepId ?? trainerStepId);
}

/** The index of step `id` in the reis, or 0 when it is not there (a removed step shows the first). */
export function stepIndex(steps: readonly Pick<Step, 'id'>[], id: string | null): number {
	return Math.max(
		0,
		steps.findIndex((s) => s.id === id)
	);
}

/** How many findings at step `stepId` this person cannot see yet (others' findings before the reveal). */
export function hiddenCount(all: readonly Finding[], seen: readonly Finding[], stepId: string): number {
	return all.filter((f) => f.stepId === stepId).length - seen.filter((f) => f.stepId === stepId).length;
}

/**
 * The vote budget a session starts with from what the trainer typed: a whole
 * number from 1 to MAX_VOTE_BUDGET; empty or nonsense gives DEFAULT_VOTE_BUDGET.
 */
export function startBudget(input: string): number {
	return Math.min(MAX_VOTE_BUDGET, Math.max(1, Math.round(Number(input)) || DEFAULT_VOTE_BUDGET));
}

/** A new budget typed during the session, or null when it is outside 1 to MAX_VOTE_BUDGET (then nothing changes). */
export function runningBudget(input: string): number | null {
	const n = Math.round(Number(input));
	return n >= 1 && n <= MAX_VOTE_BUDGET ? n : null;
}

/** A finding's text as stored (trimmed, at most MAX_FINDING_LENGTH), or null when there is none. */
export function findingText(input: string): string | null {
	const text = input.trim();
	return text ? text.slice(0, MAX_FINDING_LENGTH) : null;
}

/** What the live region says after a vote: given, taken back, or refused (budget spent). */
export function voteMessage(ok: boolean, delta: 1 | -1): string {
	if (!ok) return 'Dat kan niet: uw stemmen zijn op.';
	return delta > 0 ? 'Stem gegeven.' : 'Stem teruggenomen.';
}
