import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../src/lib/sync/protocol';
import { closeCode, eventually, synced, type Client } from '../helpers/clients';
import { createJourney, getJourney, readFixture, useServer } from '../helpers/server';

const fixture = readFixture();
const live = useServer();
const client = live.client;

const step = (c: Client) => c.doc.getMap<Y.Map<unknown>>('steps').get('zoeken')!;
const note = (c: Client) => step(c).get('note') as Y.XmlFragment;

function paragraph(text: string) {
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText(text)]);
	return p;
}

describe("a step's note keeps to the note's schema", () => {
	const outside: [string, (c: Client) => void][] = [
		[
			'a table',
			(c) => {
				const table = new Y.XmlElement('table');
				table.insert(0, [new Y.XmlElement('tableRow')]);
				note(c).insert(note(c).length, [table]);
			}
		],
		['text outside a paragraph', (c) => note(c).insert(0, [new Y.XmlText('los')])],
		[
			'a Y.Text note',
			(c) => {
				const text = new Y.Text();
				step(c).set('note', text);
				text.insert(0, 'platte tekst');
			}
		]
	];
	for (const [what, write] of outside) {
		it(`refuses ${what} with 4400; others and the stored journey are unharmed`, async () => {
			const { id, tokens } = await createJourney(live.server, fixture);
			const writer = client(id, tokens.editor);
			const other = client(id, tokens.editor);
			await Promise.all([synced(writer), synced(other)]);
			const closed = closeCode(writer);
			const before = (await getJourney(live.server, id, tokens.viewer)).body.steps.find(
				(s: { id: string }) => s.id === 'zoeken'
			).note;
			write(writer);
			expect(await closed).toBe(CloseCode.InvalidMessage);
			// The other client's own edit still goes through, and it never saw the refused one.
			note(other).insert(note(other).length, [paragraph('Nog een regel')]);
			await eventually(async () => {
				const s = (await getJourney(live.server, id, tokens.viewer)).body.steps.find(
					(s: { id: string }) => s.id === 'zoeken'
				);
				return s.note === (before ? `${before}\nNog een regel` : 'Nog een regel');
			});
			expect(note(other).toString()).not.toMatch(/table|los|platte/);
		});
	}

	it('takes what the editor writes: paragraphs, lists, headings, marks', async () => {
		const { id, tokens } = await createJourney(live.server, fixture);
		const writer = client(id, tokens.editor);
		await synced(writer);
		const list = new Y.XmlElement('bulletList');
		const item = new Y.XmlElement('listItem');
		item.insert(0, [paragraph('Een punt')]);
		list.insert(0, [item]);
		const heading = new Y.XmlElement('heading');
		heading.setAttribute('level', '3');
		const text = new Y.XmlText();
		heading.insert(0, [text]);
		note(writer).insert(note(writer).length, [heading, list]);
		text.insert(0, 'Kop', { bold: true });
		await eventually(async () => {
			const s = (await getJourney(live.server, id, tokens.viewer)).body.steps.find(
				(s: { id: string }) => s.id === 'zoeken'
			);
			return typeof s.note === 'string' && s.note.endsWith('Kop\nEen punt');
		});
		expect(writer.provider.wsconnected).toBe(true);
	});
});
