import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { Journey } from '$lib/model';
import { layout } from './doc-layout';
import { readJourney, writeJourney } from './journey-doc';
import { LOCAL_ORIGIN } from './origins';
import { createPainPoint, deletePainPoint, PainPointError, updatePainPoint } from './pain-points';
import {
	addFinding,
	castVote,
	convertFindings,
	endSession,
	goToStep,
	readSession,
	setPrompt,
	setRevealed,
	startSession,
	startTimer
} from './trainer-session';

const journey = Journey.parse(JSON.parse(readFileSync('src/lib/export/golden/journey.json', 'utf8')));

function docWithJourney() {
	const doc = new Y.Doc();
	writeJourney(doc, journey);
	return doc;
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
				expect(e).toBeInstanceOf(PainPointError);
				return (e as PainPointError).issues.map((i) => i.path);
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
	it('starts, walks, times and ends a session that a second doc sees the same', () => {
		const a = docWithJourney();
		const b = new Y.Doc();
		sync(a, b);
		expect(readSession(b).session).toBeNull();
		startSession(a, { id: 'sessie-1', stepId: 'zoeken', voteBudget: 2, now: 1000 }, LOCAL_ORIGIN);
		goToStep(a, 'afspraak');
		startTimer(a, 120, 5000);
		setPrompt(a, 'afspraak', 'dialogue', 'Snapt Ans de bevestiging?');
		sync(a, b);
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
		endSession(b, 9000);
		sync(a, b);
		expect(readSession(a).session).toMatchObject({
			status: 'ended',
			endedAt: 9000,
			timerEndsAt: null,
			revealed: true
		});
	});

	it('keeps each person within the vote budget, also with concurrent votes', () => {
		const a = docWithJourney();
		startSession(a, { id: 's', stepId: 'zoeken', voteBudget: 2, now: 0 });
		addFinding(a, { id: 'f1', stepId: 'zoeken', principle: 'dialogue', text: 'Onduidelijke lijst' });
		addFinding(a, { id: 'f2', stepId: 'zoeken', principle: 'serve', text: 'Geen hulp' });
		const b = new Y.Doc();
		sync(a, b);
		expect(castVote(a, 'voter-aaaa', 'f1', 1)).toBe(true);
		expect(castVote(a, 'voter-aaaa', 'f1', 1)).toBe(true);
		expect(castVote(a, 'voter-aaaa', 'f2', 1)).toBe(false);
		expect(castVote(a, 'voter-aaaa', 'f2', -1)).toBe(false);
		expect(castVote(a, 'voter-aaaa', 'onbekend', 1)).toBe(false);
		expect(castVote(b, 'voter-bbbb', 'f2', 1)).toBe(true);
		sync(a, b);
		for (const doc of [a, b]) {
			expect(readSession(doc).session!.votes).toEqual({ 'voter-aaaa': { f1: 2 }, 'voter-bbbb': { f2: 1 } });
		}
		expect(castVote(a, 'voter-aaaa', 'f1', -1)).toBe(true);
		expect(readSession(a).session!.votes['voter-aaaa']).toEqual({ f1: 1 });
	});

	it('reads foreign entries safely: bad findings and votes over budget are left out or capped', () => {
		const doc = docWithJourney();
		startSession(doc, { id: 's', stepId: 'zoeken', voteBudget: 3, now: 0 });
		addFinding(doc, { id: 'goed', stepId: 'zoeken', principle: 'serve', text: 'Goed' });
		const session = layout(doc).session;
		const findings = session.get('findings') as Y.Map<unknown>;
		const junk = new Y.Map<unknown>();
		junk.set('principle', 'smile');
		findings.set('raar', junk);
		(session.get('votes') as Y.Map<unknown>).set('voter-evil', { goed: 20 });
		(session.get('votes') as Y.Map<unknown>).set('x', { goed: 1 });
		const { session: read, problems } = readSession(doc);
		expect(read!.findings.map((f) => f.id)).toEqual(['goed']);
		expect(read!.votes).toEqual({ 'voter-evil': { goed: 3 } });
		expect(problems.map((p) => p.path).sort()).toEqual(['session.findings.raar', 'session.votes.x']);
		session.set('status', 'paused');
		expect(readSession(doc).session).toBeNull();
		expect(readSession(doc).problems[0].path).toBe('session.status');
	});

	it('turns chosen findings into pain points in one transaction, once', () => {
		const doc = docWithJourney();
		startSession(doc, { id: 's', stepId: 'zoeken', now: 0 });
		addFinding(doc, {
			id: 'f1',
			stepId: 'ophalen',
			principle: 'consideration',
			text: ' Lange rij ',
			author: 'Bo'
		});
		addFinding(doc, { id: 'f2', stepId: 'zoeken', principle: 'serve', text: 'Anoniem' });
		setRevealed(doc, true);
		let n = 0;
		const transactions: unknown[] = [];
		doc.on('afterTransaction', (tr: Y.Transaction) => transactions.push(tr.origin));
		const made = convertFindings(
			doc,
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
		expect(readSession(doc).session!.findings.map((f) => f.painPointId)).toEqual(['pp-1', 'pp-2']);
		expect(convertFindings(doc, ['f1'], { newId: () => 'again' })).toEqual([]);
	});
});
