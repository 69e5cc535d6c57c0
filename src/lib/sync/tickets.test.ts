import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { Journey } from '$lib/model';
import { readJourney, writeJourney } from './journey-doc';
import { LOCAL_ORIGIN } from './origins';
import { addReply, createTicket, deleteTicket, updateTicket } from './tickets';

const journey = Journey.parse(JSON.parse(readFileSync('src/lib/export/golden/journey.json', 'utf8')));

function docWithJourney() {
	const doc = new Y.Doc();
	writeJourney(doc, journey);
	return doc;
}

describe('ticket mutations', () => {
	it('creates, updates and deletes a ticket in the doc, each as one transaction with the origin', () => {
		const doc = docWithJourney();
		const origins: unknown[] = [];
		doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));

		createTicket(
			doc,
			{ id: 'nieuw', painPointIds: ['alleen-online'], title: 'Ook telefonisch', department: 'KCC' },
			LOCAL_ORIGIN
		);
		let read = readJourney(doc, journey.id);
		expect(read.problems).toEqual([]);
		expect(read.journey.tickets.find((t) => t.id === 'nieuw')).toMatchObject({
			department: 'KCC',
			status: 'open',
			painPointIds: ['alleen-online']
		});

		updateTicket(doc, 'nieuw', { status: 'in-progress', dueDate: '2026-06-30' }, LOCAL_ORIGIN);
		read = readJourney(doc, journey.id);
		expect(read.journey.tickets.find((t) => t.id === 'nieuw')).toMatchObject({
			status: 'in-progress',
			dueDate: '2026-06-30'
		});

		deleteTicket(doc, 'nieuw', LOCAL_ORIGIN);
		expect(readJourney(doc, journey.id).journey.tickets.some((t) => t.id === 'nieuw')).toBe(false);
		expect(origins).toEqual([LOCAL_ORIGIN, LOCAL_ORIGIN, LOCAL_ORIGIN]);
	});

	it('refuses an invalid change and writes nothing', () => {
		const doc = docWithJourney();
		const before = Y.encodeStateVector(doc);
		expect(() => updateTicket(doc, 'bel-afspraak', { dueDate: '2026-02-30' })).toThrow();
		expect(() => createTicket(doc, { id: 'x', department: ' ', title: 'Leeg' })).toThrow();
		expect(Y.encodeStateVector(doc)).toEqual(before);
	});

	it('keeps both of two concurrent edits to different fields of one ticket', () => {
		const a = docWithJourney();
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		updateTicket(a, 'bel-afspraak', { status: 'done' });
		updateTicket(b, 'bel-afspraak', { owner: 'Team Balie' });
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		for (const doc of [a, b]) {
			expect(readJourney(doc, journey.id).journey.tickets.find((t) => t.id === 'bel-afspraak')).toMatchObject(
				{
					status: 'done',
					owner: 'Team Balie'
				}
			);
		}
	});

	it('keeps both of two concurrent replies, also on a thread a third party wrote as a plain array', () => {
		const a = docWithJourney();
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		const reply = (id: string, by: string) => ({
			id,
			at: '2026-03-01T09:30:00.000Z',
			by,
			text: `Antwoord ${id}`
		});
		// writeJourney stores the golden file's thread as a plain value: addReply must keep it.
		addReply(a, 'bel-afspraak', reply('r1', 'Burgerzaken'));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		addReply(a, 'bel-afspraak', reply('r2', 'Burgerzaken'));
		addReply(b, 'bel-afspraak', reply('r3', 'KCC'));
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		for (const doc of [a, b]) {
			const ticket = readJourney(doc, journey.id).journey.tickets.find((t) => t.id === 'bel-afspraak')!;
			expect(ticket.replies.map((r) => r.id).sort()).toEqual(['r1', 'r2', 'r3']);
		}
		// A status change leaves the thread alone.
		updateTicket(a, 'bel-afspraak', { status: 'done' });
		expect(
			readJourney(a, journey.id).journey.tickets.find((t) => t.id === 'bel-afspraak')!.replies
		).toHaveLength(3);
	});

	it('refuses an invalid reply and writes nothing; a missing ticket gives null', () => {
		const doc = docWithJourney();
		const before = Y.encodeStateVector(doc);
		expect(() => addReply(doc, 'bel-afspraak', { id: 'r', at: 'gisteren', by: 'KCC', text: 'x' })).toThrow();
		expect(() =>
			addReply(doc, 'bel-afspraak', { id: 'r', at: '2026-03-01T09:30:00Z', by: 'KCC', text: ' ' })
		).toThrow();
		expect(
			addReply(doc, 'bestaat-niet', { id: 'r', at: '2026-03-01T09:30:00Z', by: 'KCC', text: 'x' })
		).toBeNull();
		expect(Y.encodeStateVector(doc)).toEqual(before);
	});
});
