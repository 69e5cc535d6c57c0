import { expect, test, type APIRequestContext } from '@playwright/test';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import * as Y from 'yjs';
import {
	card,
	createJourney,
	expectNoSeriousAxeViolations,
	openLive,
	reloadReady,
	snapshot,
	type Created
} from './helpers';

/**
 * Notes written by other programs. The server now refuses what lies outside
 * the note's schema, so these notes are put where an older server (or one
 * whose check a pending update slipped past) left them: straight in the
 * store, before the journey's room is loaded.
 */
function openStore() {
	return new Database(join(process.env.E2E_DATA_DIR!, 'klantreis.sqlite'));
}

/** How many updates the server has stored for the journey. */
function storedUpdates(created: Created): number {
	const db = openStore();
	try {
		return (
			db.prepare('SELECT COUNT(*) AS n FROM doc_updates WHERE journey_id = ?').get(created.id) as {
				n: number;
			}
		).n;
	} finally {
		db.close();
	}
}

function writeIntoStore(created: Created, change: (note: Y.XmlFragment, step: Y.Map<unknown>) => void) {
	const db = openStore();
	try {
		db.pragma('busy_timeout = 5000');
		const doc = new Y.Doc();
		const snap = db.prepare('SELECT state FROM doc_snapshots WHERE journey_id = ?').get(created.id) as {
			state: Buffer;
		};
		Y.applyUpdate(doc, snap.state);
		for (const row of db
			.prepare('SELECT data FROM doc_updates WHERE journey_id = ? ORDER BY seq')
			.all(created.id) as { data: Buffer }[])
			Y.applyUpdate(doc, row.data);
		const before = Y.encodeStateVector(doc);
		const step = doc.getMap<Y.Map<unknown>>('steps').get('zoeken')!;
		doc.transact(() => change(step.get('note') as Y.XmlFragment, step));
		db.prepare('INSERT INTO doc_updates (journey_id, data) VALUES (?, ?)').run(
			created.id,
			Buffer.from(Y.encodeStateAsUpdate(doc, before))
		);
	} finally {
		db.close();
	}
}

function paragraph(text: string) {
	const p = new Y.XmlElement('paragraph');
	p.insert(0, [new Y.XmlText(text)]);
	return p;
}

async function noteText(request: APIRequestContext, created: Created) {
	return (await snapshot(request, created)).steps.find((s) => s.id === 'zoeken')!.note;
}

test('a note with a table stays whole when an editor opens it, and is shown read-only', async ({
	page,
	request
}) => {
	const created = await createJourney(request);
	writeIntoStore(created, (note) => {
		const table = new Y.XmlElement('table');
		const row = new Y.XmlElement('tableRow');
		const cell = new Y.XmlElement('tableCell');
		cell.insert(0, [paragraph('Cel A1 uit het KCC-systeem')]);
		row.insert(0, [cell]);
		table.insert(0, [row]);
		note.insert(note.length, [paragraph('Boven de tabel'), table]);
	});
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await openLive(page, created.links.editor);
	await card(page, 'Zoekt wat ze mee moet nemen').click();
	await expect(page.getByText('door een ander programma geschreven')).toBeVisible();
	await expect(page.getByText(/Cel A1 uit het KCC-systeem/)).toBeVisible();
	await expect(page.getByRole('textbox', { name: 'Notitie' })).toHaveCount(0);
	await expectNoSeriousAxeViolations(page);
	// Nothing was deleted for anyone: the table's text is still in the journey.
	expect(await noteText(request, created)).toContain('Cel A1 uit het KCC-systeem');
	await reloadReady(page);
	await card(page, 'Zoekt wat ze mee moet nemen').click();
	await expect(page.getByText(/Cel A1 uit het KCC-systeem/)).toBeVisible();
	expect(await noteText(request, created)).toContain('Cel A1 uit het KCC-systeem');
	expect(errors).toEqual([]);

	// Converted once, on request: plain paragraphs the editor can bind to, the text kept.
	await page.getByRole('button', { name: 'Omzetten naar gewone tekst' }).click();
	const editor = page.getByRole('textbox', { name: 'Notitie' });
	await expect(editor).toContainText('Cel A1 uit het KCC-systeem');
	await editor.click();
	await editor.press('Control+End');
	await editor.pressSequentially(' en meer');
	await expect(editor).toContainText('Cel A1 uit het KCC-systeem en meer');
	await expect
		.poll(() => noteText(request, created), { timeout: 20_000 })
		.toContain('Cel A1 uit het KCC-systeem en meer');
});

test('text straight in the note fragment does not crash the editor and stays visible', async ({
	page,
	request
}) => {
	const created = await createJourney(request);
	writeIntoStore(created, (note) =>
		note.insert(note.length, [new Y.XmlText('Losse tekst van een koppeling')])
	);
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await openLive(page, created.links.editor);
	await card(page, 'Zoekt wat ze mee moet nemen').click();
	await expect(page.getByText('door een ander programma geschreven')).toBeVisible();
	await expect(page.getByText(/Losse tekst van een koppeling/)).toBeVisible();
	expect(errors).toEqual([]);
	expect(await noteText(request, created)).toContain('Losse tekst van een koppeling');
});

test('a note stored as Y.Text is shown, and neither opening nor the page replaces it', async ({
	page,
	request
}) => {
	const created = await createJourney(request);
	writeIntoStore(created, (_note, step) => {
		const text = new Y.Text();
		step.set('note', text);
		text.insert(0, 'Notitie als platte Y.Text');
	});
	await openLive(page, created.links.editor);
	await card(page, 'Zoekt wat ze mee moet nemen').click();
	await expect(page.getByText('Notitie als platte Y.Text')).toBeVisible();
	await expect(page.getByRole('textbox', { name: 'Notitie' })).toHaveCount(0);
	await reloadReady(page);
	await card(page, 'Zoekt wat ze mee moet nemen').click();
	await expect(page.getByText('Notitie als platte Y.Text')).toBeVisible();
	expect(await noteText(request, created)).toBe('Notitie als platte Y.Text');
});

test('opening an ordinary note as an editor writes nothing', async ({ page, request }) => {
	const created = await createJourney(request);
	const before = await noteText(request, created);
	writeIntoStore(created, (note) => {
		// Ends in a list: Tiptap's trailing node would add a paragraph here on open.
		const list = new Y.XmlElement('bulletList');
		const item = new Y.XmlElement('listItem');
		item.insert(0, [paragraph('Een punt')]);
		list.insert(0, [item]);
		note.insert(note.length, [list]);
	});
	await openLive(page, created.links.editor);
	const stored = storedUpdates(created);
	await card(page, 'Zoekt wat ze mee moet nemen').click();
	await expect(page.getByRole('textbox', { name: 'Notitie' })).toContainText('Een punt');
	await page.getByRole('button', { name: 'Sluiten' }).click();
	await card(page, 'Zoekt wat ze mee moet nemen').click();
	await expect(page.getByRole('textbox', { name: 'Notitie' })).toContainText('Een punt');
	expect(await noteText(request, created)).toBe(before ? `${before}\nEen punt` : 'Een punt');
	// The server stored no update from the page while the note was open.
	expect(storedUpdates(created)).toBe(stored);
});
