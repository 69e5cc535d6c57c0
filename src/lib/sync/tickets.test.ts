import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { Journey } from '$lib/model';
import { readJourney, writeJourney } from './journey-doc';
import { LOCAL_ORIGIN } from './origins';
import { createTicket, deleteTicket, updateTicket } from './tickets';

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
});
