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
import { ENTRY_KEYS, SESSION_KEYS, layout, sessionLayout } from './doc-layout';
import { toPlain } from './journey-doc';
import type { Origin } from './origins';
import { createPainPoint } from './pain-points';
import { toYMap, validate, write } from './write';

/**
 * The trainer session (trainerssessie, docs/hostmanship.md) lives in two
 * documents. The session's own document (room `<id>/sessie`) holds the
 * trainer's part: the scalar fields (SessionMeta) at the top of
 * `getMap('session')` and the nested map `prompts` (`stepId/principle` to the
 * trainer's own question); only the facilitator's connection may write it, so
 * a participant cannot move the room on or hide the findings, whatever bytes
 * they send. The journey's document holds what participants write, in
 * `getMap('session')`: `findings` maps a finding id to a Y.Map; `votes` maps a
 * voter id to that person's plain allocation, which only that person writes,
 * so concurrent votes never overwrite each other. Every mutation is one
 * transaction per document with the caller's origin. Reading validates entry
 * by entry (foreign input).
 */

/** The two documents of a trainer session. */
export type SessionDocs = {
	/** The journey's own doc: findings and votes (participants write here). */
	journey: Y.Doc;
	/** The session doc: the trainer's fields and prompts (the facilitator alone writes here). */
	session: Y.Doc;
};

const { findings: FINDINGS, votes: VOTES, prompts: PROMPTS } = SESSION_KEYS;
const META_KEYS = Object.keys(SessionMeta.shape) as (keyof SessionMeta)[];

/** A nested map of `parent`, made when missing (or when a foreign client wrote something else there). */
function nested(parent: Y.Map<unknown>, key: string): Y.Map<unknown> {
	const value = parent.get(key);
	if (value instanceof Y.Map) return value as Y.Map<unknown>;
	const map = new Y.Map<unknown>();
	parent.set(key, map);
	return map;
}

function readNested(parent: Y.Map<unknown>, key: string): Y.Map<unknown> | null {
	const value = parent.get(key);
	return value instanceof Y.Map ? (value as Y.Map<unknown>) : null;
}

/** Reads the session; null when none was ever started (or its fields do not validate). */
export function readSession(docs: SessionDocs): { session: TrainerSession | null; problems: Issue[] } {
	const map = sessionLayout(docs.session).session;
	const shared = layout(docs.journey).session;
	const problems: Issue[] = [];
	if (!map.has(ENTRY_KEYS.id)) return { session: null, problems };
	const raw: Record<string, unknown> = {};
	for (const key of META_KEYS) if (map.get(key) !== undefined) raw[key] = map.get(key);
	const meta = SessionMeta.safeParse(raw);
	if (!meta.success) {
		for (const i of toIssues(meta.error)) problems.push({ ...i, path: `session.${i.path}` });
		return { session: null, problems };
	}

	const findings: Finding[] = [];
	const findingMap = readNested(shared, FINDINGS);
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
	const voteMap = readNested(shared, VOTES);
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
	const promptMap = readNested(map, PROMPTS);
	for (const [key, value] of promptMap?.entries() ?? []) {
		const parsed = PromptText.safeParse(value);
		if (parsed.success && key.includes('/')) prompts[key] = parsed.data;
		else problems.push({ path: `session.prompts.${key}`, message: 'Geen geldige vraag' });
	}

	return { session: { ...meta.data, findings, votes, prompts }, problems };
}

/** Sets fields of the session, each validated against SessionMeta first (a ValidationError, nothing written). */
function setMeta(control: Y.Doc, changes: Partial<SessionMeta>, origin: Origin | undefined): void {
	const valid = validate(SessionMeta.partial(), changes, 'session');
	const map = sessionLayout(control).session;
	write(control, origin, () => {
		for (const key of Object.keys(changes) as (keyof SessionMeta)[]) {
			const value = valid[key];
			if (value === undefined) map.delete(key);
			else map.set(key, value);
		}
	});
}

/**
 * Starts a new session at `stepId`, replacing any earlier one (its findings,
 * votes and prompts go; pain points made from them stay). Writes both docs:
 * the facilitator's connection may write either.
 */
export function startSession(
	docs: SessionDocs,
	input: { id: string; stepId: string | null; voteBudget?: number; now: number },
	origin?: Origin
): SessionMeta {
	const meta = validate(SessionMeta, {
		id: input.id,
		status: 'running',
		startedAt: input.now,
		stepId: input.stepId,
		voteBudget: input.voteBudget
	});
	const session = sessionLayout(docs.session).session;
	write(docs.session, origin, () => {
		for (const key of [...session.keys()]) session.delete(key);
		for (const [key, value] of Object.entries(meta)) if (value !== undefined) session.set(key, value);
		session.set(PROMPTS, new Y.Map<unknown>());
	});
	const shared = layout(docs.journey).session;
	write(docs.journey, origin, () => {
		for (const key of [FINDINGS, VOTES]) shared.set(key, new Y.Map<unknown>());
	});
	return meta;
}

/** The trainer walks to a step; everyone in follow mode goes along. `control` is the session doc. */
export function goToStep(control: Y.Doc, stepId: string, origin?: Origin): void {
	setMeta(control, { stepId }, origin);
}

export function setRevealed(control: Y.Doc, revealed: boolean, origin?: Origin): void {
	setMeta(control, { revealed }, origin);
}

export function setVoteBudget(control: Y.Doc, voteBudget: number, origin?: Origin): void {
	setMeta(control, { voteBudget }, origin);
}

/** Starts the shared countdown: the end is this client's clock plus the duration. */
export function startTimer(control: Y.Doc, seconds: number, now: number, origin?: Origin): void {
	const timerSeconds = validate(SessionMeta.shape.timerSeconds, seconds, 'session.timerSeconds');
	setMeta(control, { timerSeconds, timerEndsAt: now + timerSeconds * 1000 }, origin);
}

export function stopTimer(control: Y.Doc, origin?: Origin): void {
	setMeta(control, { timerEndsAt: null }, origin);
}

/** Sets the trainer's own question for a step and principle; null or '' restores the default. */
export function setPrompt(
	control: Y.Doc,
	stepId: string,
	principle: Principle,
	text: string | null,
	origin?: Origin
): void {
	const key = promptKey(stepId, principle);
	const value = text?.trim() ? validate(PromptText, text, `session.${PROMPTS}.${key}`) : null;
	write(control, origin, () => {
		const prompts = nested(sessionLayout(control).session, PROMPTS);
		if (value === null) prompts.delete(key);
		else prompts.set(key, value);
	});
}

/** Adds a finding; throws a ValidationError (with paths) and writes nothing when it is not valid. */
export function addFinding(
	journey: Y.Doc,
	input: Pick<Finding, 'id' | 'stepId' | 'principle' | 'text'> & Partial<Finding>,
	origin?: Origin
): Finding {
	const finding = validate(Finding, input);
	write(journey, origin, () => nested(layout(journey).session, FINDINGS).set(finding.id, toYMap(finding)));
	return finding;
}

export function removeFinding(journey: Y.Doc, id: string, origin?: Origin): void {
	const findings = readNested(layout(journey).session, FINDINGS);
	if (findings?.has(id)) write(journey, origin, () => findings.delete(id));
}

/**
 * Adds (delta 1) or takes back (delta -1) one vote of `voterId` on a finding.
 * Refused (returns false, writes nothing) when it would go below zero or over
 * the budget, when the finding is unknown, or when the session is not running.
 */
export function castVote(
	docs: SessionDocs,
	voterId: string,
	findingId: string,
	delta: 1 | -1,
	origin?: Origin
): boolean {
	const { session } = readSession(docs);
	if (!session || session.status !== 'running' || !VoterId.safeParse(voterId).success) return false;
	if (!session.findings.some((f) => f.id === findingId)) return false;
	const mine = { ...(session.votes[voterId] ?? {}) };
	const next = (mine[findingId] ?? 0) + delta;
	const used = Object.values(mine).reduce((a, b) => a + b, 0) + delta;
	if (next < 0 || used > session.voteBudget) return false;
	if (next === 0) delete mine[findingId];
	else mine[findingId] = next;
	const allocation = validate(VoteAllocation, mine, `session.${VOTES}.${voterId}`);
	write(docs.journey, origin, () => nested(layout(docs.journey).session, VOTES).set(voterId, allocation));
	return true;
}

export function endSession(control: Y.Doc, now: number, origin?: Origin): void {
	setMeta(control, { status: 'ended', endedAt: now, timerEndsAt: null, revealed: true }, origin);
}

/**
 * Turns findings into pain points (one per finding, on the finding's step,
 * tagged with its principle) and marks each finding with its pain point, all
 * in one transaction. Findings already turned, unknown, or on a step that is
 * gone are skipped. Returns the pain points made.
 */
export function convertFindings(
	docs: SessionDocs,
	findingIds: string[],
	options: { newId: () => string; severity?: 1 | 2 | 3 },
	origin?: Origin
): PainPoint[] {
	const { session } = readSession(docs);
	if (!session) return [];
	const doc = docs.journey;
	const findings = readNested(layout(doc).session, FINDINGS);
	const steps = layout(doc).steps;
	const made: PainPoint[] = [];
	write(doc, origin, () => {
		for (const id of findingIds) {
			const finding = session.findings.find((f) => f.id === id);
			const map = findings?.get(id);
			if (!finding || !steps.has(finding.stepId) || !(map instanceof Y.Map)) continue;
			if (map.get(ENTRY_KEYS.painPointId) !== undefined) continue; // Already turned, maybe earlier in this list.
			const painPoint = createPainPoint(doc, {
				id: options.newId(),
				stepId: finding.stepId,
				principles: [finding.principle],
				severity: options.severity ?? 2,
				description: finding.text.trim(),
				author: finding.author || 'Trainerssessie',
				status: 'open'
			});
			map.set(ENTRY_KEYS.painPointId, painPoint.id);
			made.push(painPoint);
		}
	});
	return made;
}

/**
 * Moves the trainer's part of a session out of an older journey doc (which
 * kept it in `getMap('session')` beside the findings and votes) into the
 * session doc, once: the session doc then carries a mark, so fields written
 * into the journey doc later (by anyone) are never taken over. The old fields
 * and prompts are removed from the journey doc. Run by the server when it
 * loads a session room. Returns true when it moved anything.
 */
export function migrateSessionFields(docs: SessionDocs, origin?: Origin): boolean {
	const { session, migration } = sessionLayout(docs.session);
	if (migration.get(SESSION_KEYS.fromJourney) === true) return false;
	const old = layout(docs.journey).session;
	const fields = [...META_KEYS, PROMPTS].filter((key) => old.get(key) !== undefined);
	const move = fields.length > 0 && session.size === 0;
	write(docs.session, origin, () => {
		if (move) {
			for (const key of META_KEYS) if (old.get(key) !== undefined) session.set(key, old.get(key));
			const prompts = new Y.Map<unknown>();
			for (const [key, value] of readNested(old, PROMPTS)?.entries() ?? []) prompts.set(key, value);
			session.set(PROMPTS, prompts);
		}
		migration.set(SESSION_KEYS.fromJourney, true);
	});
	if (fields.length > 0) write(docs.journey, origin, () => fields.forEach((key) => old.delete(key)));
	return move;
}
