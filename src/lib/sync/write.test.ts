import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { Journey, MAX_REPLIES, type Persona } from '$lib/model';
import { markFiguresChanged, addTopic, setHumanAlternative } from './figures';
import {
	addLane,
	addStep,
	noteFragment,
	putPersona,
	readJourney,
	renameLane,
	setChannelKind,
	setDemand,
	setEmotion,
	setMeta,
	setNoteText,
	setPersonaStress,
	updateStep,
	writeJourney
} from './journey-doc';
import { LOCAL_ORIGIN } from './origins';
import { createPainPoint, updatePainPoint } from './pain-points';
import { addReply, createTicket, updateTicket } from './tickets';
import {
	addFinding,
	setPrompt,
	setVoteBudget,
	startSession,
	startTimer,
	type SessionDocs
} from './trainer-session';
import { ValidationError, write } from './write';

const journey = Journey.parse(JSON.parse(readFileSync('src/lib/export/golden/journey.json', 'utf8')));
const [stage] = journey.stages;
const [channel] = journey.channels;
const [persona] = journey.personas;
const [step] = journey.steps;
const [painPoint] = journey.painPoints;
const [ticket] = journey.tickets;

function journeyDoc(): Y.Doc {
	const doc = new Y.Doc();
	writeJourney(doc, journey);
	return doc;
}

/**
 * Calls an invalid write and checks that it throws a ValidationError naming
 * `path`, and that the doc is exactly as before (no update at all).
 */
function expectRefused(doc: Y.Doc, path: string, fn: () => unknown): void {
	const updates: Uint8Array[] = [];
	const listen = (u: Uint8Array) => updates.push(u);
	doc.on('update', listen);
	const before = Y.encodeStateVector(doc);
	let error: unknown = null;
	try {
		fn();
	} catch (e) {
		error = e;
	}
	doc.off('update', listen);
	expect(error).toBeInstanceOf(ValidationError);
	expect((error as ValidationError).issues.map((i) => i.path)).toContain(path);
	expect(updates).toEqual([]);
	expect(Y.encodeStateVector(doc)).toEqual(before);
}

describe('every writer refuses an invalid value and changes nothing', () => {
	it('writeJourney', () => {
		const doc = new Y.Doc();
		expectRefused(doc, 'title', () => writeJourney(doc, { ...journey, title: '' }, LOCAL_ORIGIN));
	});

	it('addStep: a bad field, an unknown fase, an id in use', () => {
		const doc = journeyDoc();
		const base = { id: 'nieuw', title: 'Nieuw', stageId: stage.id, channelId: channel.id };
		expectRefused(doc, 'demands.plan', () =>
			addStep(doc, { ...base, demands: { plan: 9, act: 0, persevere: 0, cope: 0 } }, LOCAL_ORIGIN)
		);
		expectRefused(doc, 'stageId', () => addStep(doc, { ...base, stageId: 'nergens' }, LOCAL_ORIGIN));
		expectRefused(doc, 'id', () => addStep(doc, { ...base, id: step.id }, LOCAL_ORIGIN));
	});

	it('updateStep (wrote any value before)', () => {
		const doc = journeyDoc();
		expectRefused(doc, 'title', () => updateStep(doc, step.id, { title: '' }, LOCAL_ORIGIN));
		expectRefused(doc, 'waitDays', () => updateStep(doc, step.id, { waitDays: -3 }, LOCAL_ORIGIN));
		expectRefused(doc, 'channelId', () => updateStep(doc, step.id, { channelId: 'nergens' }, LOCAL_ORIGIN));
		expectRefused(doc, 'order', () => updateStep(doc, step.id, { order: Number.NaN }, LOCAL_ORIGIN));
	});

	it('setDemand (wrote any number before)', () => {
		const doc = journeyDoc();
		expectRefused(doc, 'demands.plan', () => setDemand(doc, step.id, 'plan', 7, LOCAL_ORIGIN));
		expectRefused(doc, 'demands.cope', () => setDemand(doc, step.id, 'cope', 1.5, LOCAL_ORIGIN));
	});

	it('setEmotion: out of range, or a persona not on the journey', () => {
		const doc = journeyDoc();
		expectRefused(doc, `emotions.${persona.id}`, () => setEmotion(doc, step.id, persona.id, 3, LOCAL_ORIGIN));
		expectRefused(doc, 'emotions.onbekend', () => setEmotion(doc, step.id, 'onbekend', 1, LOCAL_ORIGIN));
	});

	it('setNoteText: past the schema length', () => {
		const doc = journeyDoc();
		const fragment = noteFragment(doc, step.id)!;
		expectRefused(doc, 'note', () => setNoteText(fragment, 'x'.repeat(20_001), LOCAL_ORIGIN));
	});

	it('addLane (wrote any entry before): an empty name, an unknown kind, an id in use', () => {
		const doc = journeyDoc();
		expectRefused(doc, 'name', () =>
			addLane(doc, 'stages', { id: 'nieuw', name: '' }, undefined, LOCAL_ORIGIN)
		);
		expectRefused(doc, 'kind', () =>
			addLane(doc, 'channels', { id: 'fax', name: 'Fax', kind: 'fax' }, undefined, LOCAL_ORIGIN)
		);
		expectRefused(doc, 'id', () =>
			addLane(doc, 'stages', { id: stage.id, name: 'Dubbel' }, undefined, LOCAL_ORIGIN)
		);
	});

	it('renameLane and setChannelKind', () => {
		const doc = journeyDoc();
		expectRefused(doc, 'name', () => renameLane(doc, 'stages', stage.id, 'x'.repeat(500), LOCAL_ORIGIN));
		expectRefused(doc, 'kind', () => setChannelKind(doc, channel.id, 'postduif', LOCAL_ORIGIN));
	});

	it('putPersona (wrote any object before)', () => {
		const doc = journeyDoc();
		const bad = { ...persona, doenvermogen: { ...persona.doenvermogen, plan: 0 } } as Persona;
		expectRefused(doc, 'doenvermogen.plan', () => putPersona(doc, bad, LOCAL_ORIGIN));
		expectRefused(doc, 'name', () => putPersona(doc, { ...persona, id: 'nieuw', name: '' }, LOCAL_ORIGIN));
	});

	it('setPersonaStress (wrote any number before)', () => {
		const doc = journeyDoc();
		expectRefused(doc, 'stress', () => setPersonaStress(doc, persona.id, 4, LOCAL_ORIGIN));
		expectRefused(doc, 'stress', () => setPersonaStress(doc, persona.id, -1, LOCAL_ORIGIN));
	});

	it('setMeta (wrote any text before)', () => {
		const doc = journeyDoc();
		expectRefused(doc, 'title', () => setMeta(doc, { title: '   ' }, LOCAL_ORIGIN));
		expectRefused(doc, 'organisation', () => setMeta(doc, { organisation: 'x'.repeat(201) }, LOCAL_ORIGIN));
	});

	it('pain points', () => {
		const doc = journeyDoc();
		expectRefused(doc, 'principles', () =>
			createPainPoint(doc, { id: 'nieuw', stepId: step.id, principles: [], severity: 2 }, LOCAL_ORIGIN)
		);
		expectRefused(doc, 'severity', () =>
			updatePainPoint(doc, painPoint.id, { severity: 5 as 1 }, LOCAL_ORIGIN)
		);
	});

	it('tickets and replies', () => {
		const doc = journeyDoc();
		expectRefused(doc, 'department', () =>
			createTicket(doc, { id: 'nieuw', department: ' ', title: 'Leeg' }, LOCAL_ORIGIN)
		);
		expectRefused(doc, 'id', () =>
			createTicket(doc, { id: ticket.id, department: 'KCC', title: 'Dubbel' }, LOCAL_ORIGIN)
		);
		expectRefused(doc, 'dueDate', () =>
			updateTicket(doc, ticket.id, { dueDate: '2026-02-30' }, LOCAL_ORIGIN)
		);
		expectRefused(doc, 'replies.at', () =>
			addReply(doc, ticket.id, { id: 'r', at: 'gisteren', by: 'KCC', text: 'x' }, LOCAL_ORIGIN)
		);
		// The reply past a full thread: written, it would leave the whole ticket out of snapshots.
		const at = '2026-03-01T09:30:00Z';
		const replies = Array.from({ length: MAX_REPLIES }, (_, i) => ({
			id: `r${i}`,
			at,
			by: 'KCC',
			text: 'x'
		}));
		const full = new Y.Doc();
		writeJourney(full, { ...journey, tickets: [{ ...ticket, replies }] });
		expectRefused(full, 'replies', () =>
			addReply(full, ticket.id, { id: 'r-meer', at, by: 'KCC', text: 'x' }, LOCAL_ORIGIN)
		);
		expect(readJourney(full, journey.id).journey.tickets[0].replies).toHaveLength(MAX_REPLIES);
	});

	it('figures: the stamp, an onderwerp, the human alternative', () => {
		const doc = journeyDoc();
		expectRefused(doc, 'figuresChangedAt', () => markFiguresChanged(doc, -1, LOCAL_ORIGIN));
		expectRefused(doc, `topics.${step.topics.length}`, () =>
			addTopic(doc, step.id, 'x'.repeat(121), LOCAL_ORIGIN)
		);
		expectRefused(doc, 'humanAlternativeNote', () =>
			setHumanAlternative(doc, stage.id, { humanAlternative: true, note: 'x'.repeat(201) }, LOCAL_ORIGIN)
		);
	});

	it('the trainer session', () => {
		const docs: SessionDocs = { journey: journeyDoc(), session: new Y.Doc() };
		startSession(docs, { id: 'sessie', stepId: step.id, now: 1 }, LOCAL_ORIGIN);
		expectRefused(docs.session, 'session.voteBudget', () => setVoteBudget(docs.session, 0, LOCAL_ORIGIN));
		expectRefused(docs.session, 'session.timerSeconds', () => startTimer(docs.session, -5, 2, LOCAL_ORIGIN));
		expectRefused(docs.session, `session.prompts.${step.id}/serve`, () =>
			setPrompt(docs.session, step.id, 'serve', 'x'.repeat(2_000), LOCAL_ORIGIN)
		);
		expectRefused(docs.journey, 'text', () =>
			addFinding(docs.journey, { id: 'f', stepId: step.id, principle: 'serve', text: '' }, LOCAL_ORIGIN)
		);
	});
});

describe('write', () => {
	it('writes in one transaction with the origin it is given', () => {
		const doc = new Y.Doc();
		const origins: unknown[] = [];
		doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
		write(doc, LOCAL_ORIGIN, () => {
			doc.getMap('a').set('x', 1);
			doc.getMap('a').set('y', 2);
		});
		expect(origins).toEqual([LOCAL_ORIGIN]);
	});

	it('a ValidationError names every path, as a REST 400 does', () => {
		const error = new ValidationError([
			{ path: 'demands.plan', message: 'te hoog' },
			{ path: 'title', message: 'leeg' }
		]);
		expect(error.message).toBe('demands.plan: te hoog; title: leeg');
		expect(error.name).toBe('ValidationError');
	});
});
