import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { Journey } from '$lib/model';
import { SESSION_KEYS, layout, sessionLayout } from './doc-layout';
import { readJourney, writeJourney } from './journey-doc';
import { LOCAL_ORIGIN } from './origins';
import { createPainPoint, deletePainPoint, updatePainPoint } from './pain-points';
import { ValidationError } from './write';
import {
	addFinding,
	castVote,
	convertFindings,
	endSession,
	goToStep,
	migrateSessionFields,
	readSession,
	setPrompt,
	setRevealed,
	startSession,
	startTimer,
	type SessionDocs
} from './trainer-session';

const journey = Journey.parse(JSON.parse(readFileSync('src/lib/export/golden/journey.json', 'utf8')));

function docWithJourney() {
	const doc = new Y.Doc();
	writeJourney(doc, journey);
	return doc;
}

/** A journey doc and its (empty) trainer session doc. */
function docsWithJourney(): SessionDocs {
	return { journey: docWithJourney(), session: new Y.Doc() };
}

function syncBoth(a: SessionDocs, b: SessionDocs) {
	sync(a.journey, b.journey);
	sync(a.session, b.session);
}

function sync(a: Y.Doc, b: Y.Doc) {
	Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
	Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe('pain point mutations', () => {
	it('creates, updates and deletes, each one transaction with the origin; principles a plain array', () => {
		const doc = docWithJourney();
		const origins: unknown[] = [];
		doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
		createPainPoint(
			doc,
			{
				id: 'nieuw',
				stepId: 'ophalen',
				principles: ['consideration'],
				severity: 2,
				evidence: [{ metric: 'satisfaction', value: 5.8, source: 'KTO', period: '2026-Q1' }]
			},
			LOCAL_ORIGIN
		);
		expect(layout(doc).painPoints.get('nieuw')?.get('principles')).toEqual(['consideration']);
		updatePainPoint(doc, 'nieuw', { status: 'confirmed', severity: 3 }, LOCAL_ORIGIN);
		const read = readJourney(doc, journey.id);
		expect(read.problems).toEqual([]);
		expect(read.journey.painPoints.find((p) => p.id === 'nieuw')).toMatchObject({
			status: 'confirmed',
			severity: 3,
			evidence: [{ metric: 'satisfaction', value: 5.8 }]
		});
		deletePainPoint(doc, 'alleen-online', LOCAL_ORIGIN);
		const after = readJourney(doc, journey.id);
		expect(after.problems).toEqual([]);
		expect(after.journey.tickets.every((t) => !t.painPointIds.includes('alleen-online'))).toBe(true);
		expect(origins).toEqual([LOCAL_ORIGIN, LOCAL_ORIGIN, LOCAL_ORIGIN]);
	});

	it('refuses an unknown principle or a missing step with its path, and writes nothing', () => {
		const doc = docWithJourney();
		const before = Y.encodeStateVector(doc);
		const issues = (fn: () => unknown) => {
			try {
				fn();
			} catch (e) {
				expect(e).toBeInstanceOf(ValidationError);
				return (e as ValidationError).issues.map((i) => i.path);
			}
			return [];
		};
		expect(
			issues(() =>
				createPainPoint(doc, { id: 'x', stepId: 'zoeken', principles: ['smile' as never], severity: 1 })
			)
		).toEqual(['principles.0']);
		expect(
			issues(() => createPainPoint(doc, { id: 'x', stepId: 'weg', principles: ['serve'], severity: 1 }))
		).toEqual(['stepId']);
		expect(issues(() => updatePainPoint(doc, 'wachtrij', { stepId: 'weg' }))).toEqual(['stepId']);
		expect(issues(() => updatePainPoint(doc, 'wachtrij', { principles: [] }))).toEqual(['principles']);
		expect(Y.encodeStateVector(doc)).toEqual(before);
	});
});

describe('trainer session', () => {
	it('starts, walks, times and ends a session that a second pair of docs sees the same', () => {
		const a = docsWithJourney();
		const b = { journey: new Y.Doc(), session: new Y.Doc() };
		syncBoth(a, b);
		expect(readSession(b).session).toBeNull();
		startSession(a, { id: 'sessie-1', stepId: 'zoeken', voteBudget: 2, now: 1000 }, LOCAL_ORIGIN);
		goToStep(a.session, 'afspraak');
		startTimer(a.session, 120, 5000);
		setPrompt(a.session, 'afspraak', 'dialogue', 'Snapt Ans de bevestiging?');
		syncBoth(a, b);
		const { session, problems } = readSession(b);
		expect(problems).toEqual([]);
		expect(session).toMatchObject({
			id: 'sessie-1',
			status: 'running',
			stepId: 'afspraak',
			voteBudget: 2,
			timerEndsAt: 125_000,
			timerSeconds: 120,
			revealed: false,
			prompts: { 'afspraak/dialogue': 'Snapt Ans de bevestiging?' }
		});
		endSession(b.session, 9000);
		syncBoth(a, b);
		expect(readSession(a).session).toMatchObject({
			status: 'ended',
			endedAt: 9000,
			timerEndsAt: null,
			revealed: true
		});
	});

	it("keeps the trainer's part out of the journey doc: participants write there only findings and votes", () => {
		const docs = docsWithJourney();
		const journeyBefore = Y.encodeStateVector(docs.journey);
		const written: string[] = [];
		docs.journey.on('afterTransaction', () => written.push('journey'));
		goToStep(docs.session, 'afspraak');
		setRevealed(docs.session, true);
		startTimer(docs.session, 60, 0);
		setPrompt(docs.session, 'zoeken', 'serve', 'Wie helpt hier?');
		endSession(docs.session, 1);
		expect(written).toEqual([]);
		expect(Y.encodeStateVector(docs.journey)).toEqual(journeyBefore);
		startSession(docs, { id: 's', stepId: 'zoeken', now: 0 });
		addFinding(docs.journey, { id: 'f1', stepId: 'zoeken', principle: 'serve', text: 'Geen hulp' });
		expect([...layout(docs.journey).session.keys()].sort()).toEqual(['findings', 'votes']);
		expect([...sessionLayout(docs.session).session.keys()]).toEqual(
			expect.arrayContaining(['id', 'status', 'stepId', 'prompts', 'voteBudget'])
		);
	});

	it('keeps each person within the vote budget, also with concurrent votes', () => {
		const a = docsWithJourney();
		startSession(a, { id: 's', stepId: 'zoeken', voteBudget: 2, now: 0 });
		addFinding(a.journey, { id: 'f1', stepId: 'zoeken', principle: 'dialogue', text: 'Onduidelijke lijst' });
		addFinding(a.journey, { id: 'f2', stepId: 'zoeken', principle: 'serve', text: 'Geen hulp' });
		const b = { journey: new Y.Doc(), session: new Y.Doc() };
		syncBoth(a, b);
		expect(castVote(a, 'voter-aaaa', 'f1', 1)).toBe(true);
		expect(castVote(a, 'voter-aaaa', 'f1', 1)).toBe(true);
		expect(castVote(a, 'voter-aaaa', 'f2', 1)).toBe(false);
		expect(castVote(a, 'voter-aaaa', 'f2', -1)).toBe(false);
		expect(castVote(a, 'voter-aaaa', 'onbekend', 1)).toBe(false);
		expect(castVote(b, 'voter-bbbb', 'f2', 1)).toBe(true);
		syncBoth(a, b);
		for (const docs of [a, b]) {
			expect(readSession(docs).session!.votes).toEqual({ 'voter-aaaa': { f1: 2 }, 'voter-bbbb': { f2: 1 } });
		}
		expect(castVote(a, 'voter-aaaa', 'f1', -1)).toBe(true);
		expect(readSession(a).session!.votes['voter-aaaa']).toEqual({ f1: 1 });
	});

	it('reads foreign entries safely: bad findings and votes over budget are left out or capped', () => {
		const docs = docsWithJourney();
		startSession(docs, { id: 's', stepId: 'zoeken', voteBudget: 3, now: 0 });
		addFinding(docs.journey, { id: 'goed', stepId: 'zoeken', principle: 'serve', text: 'Goed' });
		const shared = layout(docs.journey).session;
		const findings = shared.get('findings') as Y.Map<unknown>;
		const junk = new Y.Map<unknown>();
		junk.set('principle', 'smile');
		findings.set('raar', junk);
		(shared.get('votes') as Y.Map<unknown>).set('voter-evil', { goed: 20 });
		(shared.get('votes') as Y.Map<unknown>).set('x', { goed: 1 });
		const { session: read, problems } = readSession(docs);
		expect(read!.findings.map((f) => f.id)).toEqual(['goed']);
		expect(read!.votes).toEqual({ 'voter-evil': { goed: 3 } });
		expect(problems.map((p) => p.path).sort()).toEqual(['session.findings.raar', 'session.votes.x']);
		// What someone writes into the journey doc's session map beside the findings is never read.
		shared.set('stepId', 'ophalen');
		shared.set('status', 'ended');
		expect(readSession(docs).session).toMatchObject({ stepId: 'zoeken', status: 'running' });
		sessionLayout(docs.session).session.set('status', 'paused');
		expect(readSession(docs).session).toBeNull();
		expect(readSession(docs).problems[0].path).toBe('session.status');
	});

	it('turns chosen findings into pain points in one transaction, once', () => {
		const docs = docsWithJourney();
		const doc = docs.journey;
		startSession(docs, { id: 's', stepId: 'zoeken', now: 0 });
		addFinding(doc, {
			id: 'f1',
			stepId: 'ophalen',
			principle: 'consideration',
			text: ' Lange rij ',
			author: 'Bo'
		});
		addFinding(doc, { id: 'f2', stepId: 'zoeken', principle: 'serve', text: 'Anoniem' });
		setRevealed(docs.session, true);
		let n = 0;
		const transactions: unknown[] = [];
		doc.on('afterTransaction', (tr: Y.Transaction) => transactions.push(tr.origin));
		const made = convertFindings(
			docs,
			['f1', 'f2', 'f1', 'onbekend'],
			{ newId: () => `pp-${++n}` },
			LOCAL_ORIGIN
		);
		expect(transactions).toEqual([LOCAL_ORIGIN]);
		expect(made.map((p) => p.id)).toEqual(['pp-1', 'pp-2']);
		const { journey: read, problems } = readJourney(doc, journey.id);
		expect(problems).toEqual([]);
		expect(read.painPoints.find((p) => p.id === 'pp-1')).toMatchObject({
			stepId: 'ophalen',
			principles: ['consideration'],
			severity: 2,
			description: 'Lange rij',
			author: 'Bo',
			status: 'open'
		});
		expect(read.painPoints.find((p) => p.id === 'pp-2')?.author).toBe('Trainerssessie');
		expect(readSession(docs).session!.findings.map((f) => f.painPointId)).toEqual(['pp-1', 'pp-2']);
		expect(convertFindings(docs, ['f1'], { newId: () => 'again' })).toEqual([]);
	});
});

describe('moving an older session out of the journey doc', () => {
	/** A journey doc as it was before the session doc: every field in `getMap('session')`. */
	function olderJourney() {
		const journey = docWithJourney();
		const session = layout(journey).session;
		const prompts = new Y.Map<unknown>();
		journey.transact(() => {
			for (const [k, v] of Object.entries({ id: 'oud', status: 'running', startedAt: 5, stepId: 'afspraak' }))
				session.set(k, v);
			session.set('revealed', true);
			session.set('voteBudget', 4);
			session.set(SESSION_KEYS.prompts, prompts);
			prompts.set('afspraak/serve', 'Eigen vraag');
			session.set('findings', new Y.Map());
			session.set('votes', new Y.Map());
		});
		addFinding(journey, { id: 'f1', stepId: 'afspraak', principle: 'serve', text: 'Blijft staan' });
		return journey;
	}

	it("copies the trainer's fields and prompts into the session doc once, and leaves findings and votes", () => {
		const docs = { journey: olderJourney(), session: new Y.Doc() };
		expect(migrateSessionFields(docs, LOCAL_ORIGIN)).toBe(true);
		expect(readSession(docs)).toMatchObject({
			problems: [],
			session: {
				id: 'oud',
				stepId: 'afspraak',
				revealed: true,
				voteBudget: 4,
				prompts: { 'afspraak/serve': 'Eigen vraag' },
				findings: [{ id: 'f1' }]
			}
		});
		expect([...layout(docs.journey).session.keys()].sort()).toEqual(['findings', 'votes']);
		// Fields written into the journey doc afterwards (by anyone) are never taken over.
		layout(docs.journey).session.set('stepId', 'zoeken');
		expect(migrateSessionFields(docs)).toBe(false);
		expect(readSession(docs).session?.stepId).toBe('afspraak');
	});

	it('marks a journey without a session as done, so later fields in its journey doc are not taken over', () => {
		const docs = docsWithJourney();
		expect(migrateSessionFields(docs)).toBe(false);
		layout(docs.journey).session.set('id', 'gemaakt-door-een-deelnemer');
		layout(docs.journey).session.set('status', 'running');
		expect(migrateSessionFields(docs)).toBe(false);
		expect(readSession(docs).session).toBeNull();
	});
});
