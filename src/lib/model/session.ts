import { z } from 'zod';
import { Principle, type Principle as PrincipleId } from './hostmanship';
import { Id, longText } from './ids';

/**
 * The hostmanship trainer session (trainerssessie): a trainer walks the reis
 * step by step with a room of civil servants, who add findings per principle
 * and vote on them. It lives in the Y.Doc (`doc.getMap('session')`), so it is
 * live for everyone and survives a reload and a server restart. Everything in
 * it may come from a foreign client: it is read with safeParse, entry by entry.
 */

export const SESSION_STATUSES = ['running', 'ended'] as const;
export const SessionStatus = z.enum(SESSION_STATUSES);
export type SessionStatus = z.infer<typeof SessionStatus>;

export const DEFAULT_VOTE_BUDGET = 3;
export const MAX_VOTE_BUDGET = 20;
export const DEFAULT_TIMER_SECONDS = 300;

/** A person in a session: a random id kept in the browser's localStorage (there are no accounts). */
export const VoterId = z
	.string()
	.min(8)
	.max(64)
	.regex(/^[A-Za-z0-9_-]+$/);
export type VoterId = z.infer<typeof VoterId>;

/** A point in time as milliseconds since the epoch, as `Date.now()` gives it. */
const Timestamp = z.number().int().nonnegative().max(8.64e15);

/** The scalar fields of the session map. */
export const SessionMeta = z.object({
	/** A new id per started session, so a summary and a download name belong to one run. */
	id: Id,
	status: SessionStatus,
	startedAt: Timestamp,
	endedAt: Timestamp.optional(),
	/** The step the trainer is at ("we zijn bij stap 3"); everyone in follow mode sees it. */
	stepId: Id.nullable().default(null),
	/** Findings are written silently until the trainer reveals them to the room. */
	revealed: z.boolean().default(false),
	/** How many votes each person may spend in this session. */
	voteBudget: z.number().int().min(1).max(MAX_VOTE_BUDGET).default(DEFAULT_VOTE_BUDGET),
	/**
	 * When the countdown ends, as the trainer's `Date.now()` plus the duration. Each
	 * client counts down to it with its own clock: laptops whose clocks differ show
	 * the same end with that difference (usually under a second with NTP).
	 */
	timerEndsAt: Timestamp.nullable().default(null),
	/** The length of the countdown the trainer last chose, in seconds. */
	timerSeconds: z.number().int().min(10).max(3600).default(DEFAULT_TIMER_SECONDS)
});
export type SessionMeta = z.infer<typeof SessionMeta>;

/** Finding (bevinding): what a participant saw at a step, through one principle. */
export const Finding = z.object({
	id: Id,
	stepId: Id,
	principle: Principle,
	text: longText(1000).refine((t) => t.trim().length > 0, 'Schrijf wat u ziet'),
	/** Display name, or '' when added anonymously. */
	author: z.string().trim().max(80).default(''),
	/** The voter id of whoever added it, so they see their own finding before the reveal. */
	authorId: z.string().max(64).default(''),
	createdAt: Timestamp.default(0),
	/** Set once the trainer turned this finding into a pain point. */
	painPointId: Id.optional()
});
export type Finding = z.infer<typeof Finding>;

/** One person's votes: finding id to the number of votes they put on it. */
export const VoteAllocation = z.record(Id, z.number().int().min(0).max(MAX_VOTE_BUDGET));
export type VoteAllocation = z.infer<typeof VoteAllocation>;

/** A prompt question the trainer rewrote, for one step and principle. */
export const PromptText = z.string().trim().min(1).max(500);

/** TrainerSession (trainerssessie): the validated snapshot of the session map. */
export type TrainerSession = SessionMeta & {
	/** Key `stepId/principle` (a `/` never occurs in an id) to the trainer's question. */
	prompts: Record<string, string>;
	findings: Finding[];
	/** Voter id to that person's votes, each within the budget. */
	votes: Record<string, VoteAllocation>;
};

/** The key of a prompt override in the session's `prompts` map. */
export function promptKey(stepId: string, principle: PrincipleId): string {
	return `${stepId}/${principle}`;
}

/** Default prompt questions per principle, in plain Dutch (B1), for every step. */
export const DEFAULT_PROMPTS: Record<PrincipleId, string> = {
	serve: 'Helpen we de gast hier echt verder, of vooral onszelf?',
	seeTheWhole: 'Wat heeft de gast hiervoor al meegemaakt, en wat komt er daarna?',
	takeResponsibility: 'Wie lost het op als het hier misgaat? Wordt de gast doorgestuurd?',
	consideration: 'Hoe voelt de gast zich hier? Wat als die gestrest is of de taal slecht leest?',
	dialogue: 'Begrijpt de gast wat er van hem of haar verwacht wordt? Welke vraag stelt die niet?',
	knowledge: 'Weet de medewerker hier genoeg om de gast in één keer goed te helpen?'
};
