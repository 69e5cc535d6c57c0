import * as Y from 'yjs';
import {
	Finding,
	PromptText,
	SessionMeta,
	VoteAllocation,
	VoterId,
	promptKey,
	toIssues,
	type Issue,
	type PainPoint,
	type Principle,
	type TrainerSession
} from '$lib/model';
import { layout } from './doc-layout';
import { toPlain } from './journey-doc';
import { createPainPoint } from './pain-points';

/**
 * The trainer session in the Y.Doc (`doc.getMap('session')`, see
 * docs/hostmanship.md): scalar fields at the top, and three nested maps.
 * `findings` maps a finding id to a Y.Map; `votes` maps a voter id to that
 * person's plain allocation, which only that person writes, so concurrent
 * votes never overwrite each other; `prompts` maps `stepId/principle` to the
 * trainer's own question. Every mutation is one transaction with the
 * caller's origin. Reading validates entry by entry (foreign input).
 */

/** The nested maps; participants write in the first two, only the trainer in `prompts` (see session-guard.ts). */
export const FINDINGS = 'findings';
export const VOTES = 'votes';
export const PROMPTS = 'prompts';
const META_KEYS = Object.keys(SessionMeta.shape) as (keyof SessionMeta)[];

function nested(doc: Y.Doc, key: string): Y.Map<unknown> {
	const session = layout(doc).session;
	const value = session.get(key);
	if (value instanceof Y.Map) return value as Y.Map<unknown>;
	// Missing, or a foreign client wrote something else: replace it with an empty map.
	const map = new Y.Map<unknown>();
	session.set(key, map);
	return map;
}

function readNested(doc: Y.Doc, key: string): Y.Map<unknown> | null {
	const value = layout(doc).session.get(key);
	return value instanceof Y.Map ? (value as Y.Map<unknown>) : null;
}

/** Reads the session; null when none was ever started (or its fields do not validate). */
export function readSession(doc: Y.Doc): { session: TrainerSession | null; problems: Issue[] } {
	const map = layout(doc).session;
	const problems: Issue[] = [];
	if (!map.has('id')) return { session: null, problems };
	const raw: Record<string, unknown> = {};
	for (const key of META_KEYS) if (map.get(key) !== undefined) raw[key] = map.get(key);
	const meta = SessionMeta.safeParse(raw);
	if (!meta.success) {
		for (const i of toIssues(meta.error)) problems.push({ ...i, path: `session.${i.path}` });
		return { session: null, problems };
	}

	const findings: Finding[] = [];
	const findingMap = readNested(doc, FINDINGS);
	for (const key of [...(findingMap?.keys() ?? [])].sort()) {
		const plain = toPlain(findingMap!.get(key));
		const parsed = Finding.safeParse(plain);
		if (!parsed.success || parsed.data.id !== key) {
			problems.push({ path: `session.findings.${key}`, message: 'Geen geldige bevinding' });
			continue;
		}
		findings.push(parsed.data);
	}
	findings.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
	const findingIds = new Set(findings.map((f) => f.id));

	const votes: Record<string, VoteAllocation> = {};
	const voteMap = readNested(doc, VOTES);
	for (const voter of [...(voteMap?.keys() ?? [])].sort()) {
		const parsed = VoteAllocation.safeParse(toPlain(voteMap!.get(voter)));
		if (!VoterId.safeParse(voter).success || !parsed.success) {
			problems.push({ path: `session.votes.${voter}`, message: 'Geen geldige stemmen' });
			continue;
		}
		// Votes on a removed finding fall away; above the budget, the surplus is not counted.
		let left = meta.data.voteBudget;
		const allocation: VoteAllocation = {};
		for (const findingId of Object.keys(parsed.data).sort()) {
			const n = Math.min(parsed.data[findingId], left);
			if (!findingIds.has(findingId) || n <= 0) continue;
			allocation[findingId] = n;
			left -= n;
		}
		votes[voter] = allocation;
	}

	const prompts: Record<string, string> = {};
	const promptMap = readNested(doc, PROMPTS);
	for (const [key, value] of promptMap?.entries() ?? []) {
		const parsed = PromptText.safeParse(value);
		if (parsed.success && key.includes('/')) prompts[key] = parsed.data;
		else problems.push({ path: `session.prompts.${key}`, message: 'Geen geldige vraag' });
	}

	return { session: { ...meta.data, findings, votes, prompts }, problems };
}

function setMeta(doc: Y.Doc, changes: Partial<SessionMeta>, origin: unknown): void {
	const map = layout(doc).session;
	doc.transact(() => {
		for (const [key, value] of Object.entries(changes)) {
			if (value === undefined) map.delete(key);
			else map.set(key, value);
		}
	}, origin);
}

/**
 * Starts a new session at `stepId`, replacing any earlier one (its findings,
 * votes and prompts go; pain points made from them stay).
 */
export function startSession(
	doc: Y.Doc,
	input: { id: string; stepId: string | null; voteBudget?: number; now: number },
	origin?: unknown
): SessionMeta {
	const meta = SessionMeta.parse({
		id: input.id,
		status: 'running',
		startedAt: input.now,
		stepId: input.stepId,
		voteBudget: input.voteBudget
	});
	const session = layout(doc).session;
	doc.transact(() => {
		for (const key of [...session.keys()]) session.delete(key);
		for (const [key, value] of Object.entries(meta)) if (value !== undefined) session.set(key, value);
		for (const key of [FINDINGS, VOTES, PROMPTS]) session.set(key, new Y.Map<unknown>());
	}, origin);
	return meta;
}

/** The trainer walks to a step; everyone in follow mode goes along. */
export function goToStep(doc: Y.Doc, stepId: string, origin?: unknown): void {
	setMeta(doc, { stepId }, origin);
}

export function setRevealed(doc: Y.Doc, revealed: boolean, origin?: unknown): void {
	setMeta(doc, { revealed }, origin);
}

export function setVoteBudget(doc: Y.Doc, voteBudget: number, origin?: unknown): void {
	setMeta(doc, { voteBudget: SessionMeta.shape.voteBudget.parse(voteBudget) }, origin);
}

/** Starts the shared countdown: the end is this client's clock plus the duration. */
export function startTimer(doc: Y.Doc, seconds: number, now: number, origin?: unknown): void {
	const timerSeconds = SessionMeta.shape.timerSeconds.parse(seconds);
	setMeta(doc, { timerSeconds, timerEndsAt: now + timerSeconds * 1000 }, origin);
}

export function stopTimer(doc: Y.Doc, origin?: unknown): void {
	setMeta(doc, { timerEndsAt: null }, origin);
}

/** Sets the trainer's own question for a step and principle; null or '' restores the default. */
export function setPrompt(
	doc: Y.Doc,
	stepId: string,
	principle: Principle,
	text: string | null,
	origin?: unknown
): void {
	const key = promptKey(stepId, principle);
	const value = text?.trim() ? PromptText.parse(text) : null;
	doc.transact(() => {
		const prompts = nested(doc, PROMPTS);
		if (value === null) prompts.delete(key);
		else prompts.set(key, value);
	}, origin);
}

/** Adds a finding; throws (a ZodError with paths) and writes nothing when it is not valid. */
export function addFinding(
	doc: Y.Doc,
	input: Pick<Finding, 'id' | 'stepId' | 'principle' | 'text'> & Partial<Finding>,
	origin?: unknown
): Finding {
	const finding = Finding.parse(input);
	doc.transact(() => {
		const map = new Y.Map<unknown>();
		for (const [key, value] of Object.entries(finding)) if (value !== undefined) map.set(key, value);
		nested(doc, FINDINGS).set(finding.id, map);
	}, origin);
	return finding;
}

export function removeFinding(doc: Y.Doc, id: string, origin?: unknown): void {
	const findings = readNested(doc, FINDINGS);
	if (findings?.has(id)) doc.transact(() => findings.delete(id), origin);
}

/**
 * Adds (delta 1) or takes back (delta -1) one vote of `voterId` on a finding.
 * Refused (returns false, writes nothing) when it would go below zero or over
 * the budget, when the finding is unknown, or when the session is not running.
 */
export function castVote(
	doc: Y.Doc,
	voterId: string,
	findingId: string,
	delta: 1 | -1,
	origin?: unknown
): boolean {
	const { session } = readSession(doc);
	if (!session || session.status !== 'running' || !VoterId.safeParse(voterId).success) return false;
	if (!session.findings.some((f) => f.id === findingId)) return false;
	const mine = { ...(session.votes[voterId] ?? {}) };
	const next = (mine[findingId] ?? 0) + delta;
	const used = Object.values(mine).reduce((a, b) => a + b, 0) + delta;
	if (next < 0 || used > session.voteBudget) return false;
	if (next === 0) delete mine[findingId];
	else mine[findingId] = next;
	doc.transact(() => nested(doc, VOTES).set(voterId, mine), origin);
	return true;
}

export function endSession(doc: Y.Doc, now: number, origin?: unknown): void {
	setMeta(doc, { status: 'ended', endedAt: now, timerEndsAt: null, revealed: true }, origin);
}

/**
 * Turns findings into pain points (one per finding, on the finding's step,
 * tagged with its principle) and marks each finding with its pain point, all
 * in one transaction. Findings already turned, unknown, or on a step that is
 * gone are skipped. Returns the pain points made.
 */
export function convertFindings(
	doc: Y.Doc,
	findingIds: string[],
	options: { newId: () => string; severity?: 1 | 2 | 3 },
	origin?: unknown
): PainPoint[] {
	const { session } = readSession(doc);
	if (!session) return [];
	const findings = readNested(doc, FINDINGS);
	const steps = layout(doc).steps;
	const made: PainPoint[] = [];
	doc.transact(() => {
		for (const id of findingIds) {
			const finding = session.findings.find((f) => f.id === id);
			const map = findings?.get(id);
			if (!finding || !steps.has(finding.stepId) || !(map instanceof Y.Map)) continue;
			if (map.get('painPointId') !== undefined) continue; // Already turned, maybe earlier in this list.
			const painPoint = createPainPoint(doc, {
				id: options.newId(),
				stepId: finding.stepId,
				principles: [finding.principle],
				severity: options.severity ?? 2,
				description: finding.text.trim(),
				author: finding.author || 'Trainerssessie',
				status: 'open'
			});
			map.set('painPointId', painPoint.id);
			made.push(painPoint);
		}
	}, origin);
	return made;
}
