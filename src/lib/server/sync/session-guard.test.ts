import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
	addFinding,
	castVote,
	goToStep,
	removeFinding,
	setPrompt,
	setRevealed,
	startSession,
	startTimer
} from '$lib/sync/trainer-session';
import { addStep } from '$lib/sync/journey-doc';
import { touchesTrainerSession } from './session-guard';

/** A server doc and a participant's doc in sync, with a running session started by the trainer. */
function setup() {
	const server = new Y.Doc();
	const trainer = new Y.Doc();
	startSession(trainer, { id: 'sessie-1', stepId: 'stap-1', now: 1_700_000_000_000 });
	setPrompt(trainer, 'stap-1', 'serve', 'Wie helpt hier wie?');
	addFinding(trainer, { id: 'bevinding-0', stepId: 'stap-1', principle: 'serve', text: 'Van de trainer' });
	Y.applyUpdate(server, Y.encodeStateAsUpdate(trainer));
	const participant = new Y.Doc();
	Y.applyUpdate(participant, Y.encodeStateAsUpdate(server));
	return { server, participant };
}

/** The update a change makes in `doc`, as it would arrive at the server. */
function updateOf(doc: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
	const before = Y.encodeStateVector(doc);
	change(doc);
	return Y.encodeStateAsUpdate(doc, before);
}

describe('touchesTrainerSession', () => {
	it('lets participants add, remove and vote on findings, and edit the map', () => {
		const { server, participant } = setup();
		const changes: ((doc: Y.Doc) => void)[] = [
			(doc) =>
				addFinding(doc, {
					id: 'bevinding-1',
					stepId: 'stap-1',
					principle: 'dialogue',
					text: 'Niemand legt uit'
				}),
			(doc) => expect(castVote(doc, 'stemmer-12345678', 'bevinding-1', 1)).toBe(true),
			(doc) => removeFinding(doc, 'bevinding-1'),
			(doc) =>
				addStep(doc, { id: 'stap-9', title: 'Belt de gemeente', stageId: 'f', channelId: 'k', order: 9 })
		];
		for (const change of changes) {
			const update = updateOf(participant, change);
			expect(touchesTrainerSession(server, update)).toBe(false);
			Y.applyUpdate(server, update);
		}
	});

	it("finds writes to the session's own fields and to the prompts, also when they replace a value", () => {
		const { server, participant } = setup();
		const changes: ((doc: Y.Doc) => void)[] = [
			(doc) => goToStep(doc, 'stap-2'),
			(doc) => setRevealed(doc, true),
			(doc) => startTimer(doc, 60, 1_700_000_000_000),
			(doc) => setPrompt(doc, 'stap-1', 'serve', 'Een andere vraag'),
			(doc) => setPrompt(doc, 'stap-2', 'knowledge', 'Een nieuwe vraag'),
			(doc) => doc.getMap('session').delete('status'),
			(doc) => doc.getMap('session').set('findings', new Y.Map())
		];
		for (const change of changes) {
			const copy = new Y.Doc();
			Y.applyUpdate(copy, Y.encodeStateAsUpdate(participant));
			expect(touchesTrainerSession(server, updateOf(copy, change))).toBe(true);
		}
	});

	it('lets a journey without a session be edited, also by a foreign client that writes other root types', () => {
		const server = new Y.Doc();
		const participant = new Y.Doc();
		const update = updateOf(participant, (doc) => {
			addStep(doc, { id: 'stap-1', title: 'Leest de brief', stageId: 'f', channelId: 'k' });
			doc.getMap('eigen-gegevens').set('bron', 'KCC-systeem');
		});
		expect(touchesTrainerSession(server, update)).toBe(false);
	});

	it('finds a session started by a participant on a journey without one', () => {
		const server = new Y.Doc();
		const participant = new Y.Doc();
		expect(
			touchesTrainerSession(
				server,
				updateOf(participant, (doc) => startSession(doc, { id: 'sessie-2', stepId: null, now: 1 }))
			)
		).toBe(true);
	});
});
