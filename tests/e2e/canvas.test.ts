import { expect, test, type Page } from '@playwright/test';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { bigJourney } from '../helpers/journeys';
import { card, createJourney, expectNoSeriousAxeViolations, fixture, openLive, snapshot } from './helpers';

async function setName(page: Page, name: string) {
	await page.getByRole('button', { name: /^U bent / }).click();
	await page.getByLabel('Uw naam in deze sessie').fill(name);
	await page.getByRole('button', { name: 'Opslaan' }).click();
}

test('edits on the map reach the other editors live, with presence, pointers and undo', async ({
	browser,
	request
}) => {
	const created = await createJourney(request);
	const a = await (await browser.newContext()).newPage();
	const b = await (await browser.newContext()).newPage();
	await openLive(a, created.links.editor);
	await openLive(b, created.links.editor);
	await setName(a, 'Anna (KCC)');

	// Presence: B sees Anna among the people here, and her pointer on the map.
	await expect(b.getByRole('list', { name: 'Wie is er nu' }).getByText('Anna (KCC)')).toBeAttached();
	await expect(b.getByText('2 aanwezig')).toBeVisible();
	const box = (await a.getByRole('group', { name: 'Kaart van de klantreis' }).boundingBox())!;
	await a.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
	await a.mouse.move(box.x + box.width / 2 + 20, box.y + box.height / 2 + 10);
	await expect(b.locator('.pointer', { hasText: 'Anna (KCC)' })).toBeVisible();

	// Add: A adds a step in the second fase.
	await a.getByLabel('Wat doet of krijgt de inwoner?').fill('Leest de bevestigingsmail');
	await a.getByLabel('Fase', { exact: true }).selectOption({ label: 'Afspraak maken' });
	await a.getByRole('button', { name: 'Stap toevoegen' }).click();
	await expect(card(b, 'Leest de bevestigingsmail')).toBeVisible();

	// Move by dragging: A drags the new card to the balie row of the third fase.
	const moving = card(a, 'Leest de bevestigingsmail');
	const target = card(a, 'Haalt het paspoort op');
	const from = (await moving.boundingBox())!;
	const to = (await target.boundingBox())!;
	await a.mouse.move(from.x + 20, from.y + 20);
	await a.mouse.down();
	await a.mouse.move(from.x + 40, from.y + 40, { steps: 4 });
	await a.mouse.move(to.x + 20, to.y + 30, { steps: 8 });
	await a.mouse.up();
	await expect(card(b, 'Leest de bevestigingsmail')).toHaveAttribute(
		'aria-label',
		/Fase Ophalen, kanaal Balie/
	);

	// Rename: A opens the card and changes its title.
	await card(a, 'Leest de bevestigingsmail').click();
	await a.getByLabel('Titel').fill('Leest de bevestiging op de telefoon');
	await a.getByLabel('Titel').press('Tab');
	await expect(card(b, 'Leest de bevestiging op de telefoon')).toBeVisible();
	// B sees that Anna is editing that card.
	await expect(card(b, 'Leest de bevestiging op de telefoon')).toHaveAttribute(
		'aria-label',
		/Anna \(KCC\) bewerkt deze stap/
	);

	// Note: A writes in the shared note; B opens the same step and reads it.
	const note = a.getByRole('textbox', { name: 'Notitie' });
	await note.click();
	await a.keyboard.type('Ze snapt niet dat ze nog iets moet doen.');
	await card(b, 'Leest de bevestiging op de telefoon').click();
	await expect(b.getByRole('textbox', { name: 'Notitie' })).toContainText(
		'Ze snapt niet dat ze nog iets moet doen.'
	);
	await expect
		.poll(async () => (await snapshot(request, created)).steps.find((s) => s.title.startsWith('Leest'))?.note)
		.toBe('Ze snapt niet dat ze nog iets moet doen.');

	// Undo and redo of A's own rename, seen by B.
	await a.getByRole('button', { name: 'Sluiten' }).click();
	await a.getByRole('button', { name: 'Ongedaan maken' }).click();
	await expect(card(b, 'Leest de bevestigingsmail')).toBeVisible();
	await a.getByRole('button', { name: 'Opnieuw' }).click();
	await expect(card(b, 'Leest de bevestiging op de telefoon')).toBeVisible();
	await a.keyboard.press('Control+z');
	await expect(card(b, 'Leest de bevestigingsmail')).toBeVisible();

	await expectNoSeriousAxeViolations(a);
});

test('a viewer has no edit controls and cannot change the journey', async ({ browser, request }) => {
	const created = await createJourney(request);
	const viewer = await (await browser.newContext()).newPage();
	await openLive(viewer, created.links.viewer);
	await expect(viewer.getByText('U kijkt mee.')).toBeVisible();
	for (const name of ['Stap toevoegen', 'Ongedaan maken', 'Fases en kanalen', 'Delen']) {
		await expect(viewer.getByRole('button', { name })).toHaveCount(0);
	}
	const first = card(viewer, fixture.steps[0].title);
	await first.focus();
	await viewer.keyboard.press('Delete');
	await viewer.keyboard.press('Alt+ArrowRight');
	await first.click();
	await expect(viewer.getByLabel('Titel')).toHaveJSProperty('readOnly', true);
	const after = await snapshot(request, created);
	expect(after.steps.map((s) => [s.id, s.stageId, s.channelId])).toEqual(
		(fixture.steps as unknown as { id: string; stageId: string; channelId: string }[]).map((s) => [
			s.id,
			s.stageId,
			s.channelId
		])
	);
	await expectNoSeriousAxeViolations(viewer);
});

test('edits made offline are kept and arrive after reconnecting', async ({ browser, request }) => {
	const created = await createJourney(request);
	const offlineContext = await browser.newContext();
	const c = await offlineContext.newPage();
	const other = await (await browser.newContext()).newPage();
	await openLive(c, created.links.editor);
	await openLive(other, created.links.editor);

	await offlineContext.setOffline(true);
	await expect(
		c.getByRole('status').filter({ hasText: 'Offline: wijzigingen worden bewaard' })
	).toBeVisible();
	await c.getByLabel('Wat doet of krijgt de inwoner?').fill('Offline bedacht');
	await c.getByRole('button', { name: 'Stap toevoegen' }).click();
	await expect(card(c, 'Offline bedacht')).toBeVisible();
	await expect(card(other, 'Offline bedacht')).toHaveCount(0);

	await offlineContext.setOffline(false);
	await expect(c.getByRole('status').filter({ hasText: 'Verbonden' })).toBeVisible({ timeout: 45_000 });
	await expect(card(other, 'Offline bedacht')).toBeVisible({ timeout: 15_000 });
	await expect
		.poll(async () => (await snapshot(request, created)).steps.map((s) => s.title))
		.toContain('Offline bedacht');
});

test('keyboard only: add a step and move it to another cell', async ({ page, request }) => {
	const created = await createJourney(request);
	await openLive(page, created.links.editor);

	await page.getByLabel('Wat doet of krijgt de inwoner?').focus();
	await page.keyboard.type('Vraagt hulp bij de buurvrouw');
	await page.keyboard.press('Tab');
	await page.keyboard.press('ArrowDown'); // Fase: Afspraak maken
	await page.keyboard.press('Tab');
	await page.keyboard.press('Tab');
	await page.keyboard.press('Enter');
	const added = card(page, 'Vraagt hulp bij de buurvrouw');
	await expect(added).toHaveAttribute('aria-label', /Fase Afspraak maken, kanaal Website/);

	// Tab into the map, walk to the new card with the arrow keys, move it with Alt+arrows.
	await card(page, fixture.steps[0].title).focus();
	for (let i = 0; i < 6; i++) {
		if (await added.evaluate((el) => el === document.activeElement)) break;
		await page.keyboard.press('ArrowRight');
		if (await added.evaluate((el) => el === document.activeElement)) break;
		await page.keyboard.press('ArrowDown');
	}
	await expect(added).toBeFocused();
	await page.keyboard.press('Alt+ArrowDown');
	await expect(added).toHaveAttribute('aria-label', /Fase Afspraak maken, kanaal Balie/);
	await page.keyboard.press('Alt+ArrowRight');
	await expect(added).toHaveAttribute('aria-label', /Fase Ophalen, kanaal Balie/);
	await expect(added).toBeFocused();
	await page.keyboard.press('Enter');
	await expect(page.getByLabel('Titel')).toHaveValue('Vraagt hulp bij de buurvrouw');
	// The last move reaches the server a moment after the page shows it (under load, later).
	await expect
		.poll(async () =>
			(await snapshot(request, created)).steps.find((s) => s.title === 'Vraagt hulp bij de buurvrouw')
		)
		.toMatchObject({ stageId: 'ophalen', channelId: 'balie' });
});

test('the table view lists the same steps, live', async ({ browser, request }) => {
	const created = await createJourney(request);
	const page = await (await browser.newContext()).newPage();
	const other = await (await browser.newContext()).newPage();
	await openLive(page, created.links.viewer);
	await openLive(other, created.links.editor);
	await page.getByRole('button', { name: 'Tabelweergave' }).click();
	const table = page.getByRole('table', { name: 'Stappen van de klantreis, in volgorde' });
	const titles = async () => (await table.getByRole('rowheader').allInnerTexts()).map((t) => t.trim());
	expect(await titles()).toEqual(fixture.steps.map((s) => s.title));
	await other.getByLabel('Wat doet of krijgt de inwoner?').fill('Nieuwe stap uit de tabeltest');
	await other.getByRole('button', { name: 'Stap toevoegen' }).click();
	await expect(table.getByRole('rowheader', { name: 'Nieuwe stap uit de tabeltest' })).toBeVisible();
	expect(await titles()).toEqual((await snapshot(request, created)).steps.map((s) => s.title));
	await expectNoSeriousAxeViolations(page);
});

test('a step written by a third-party y-websocket client appears without a reload', async ({
	page,
	request,
	baseURL
}) => {
	const created = await createJourney(request);
	await openLive(page, created.links.viewer);
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`${baseURL!.replace('http', 'ws')}/sync`, created.id, doc, {
		params: { token: created.tokens.editor },
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	try {
		await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
		const step = new Y.Map<unknown>();
		for (const [k, v] of Object.entries({
			id: 'extern',
			title: 'Uit het KCC-systeem',
			stageId: 'ophalen',
			channelId: 'balie'
		})) {
			step.set(k, v);
		}
		doc.getMap('steps').set('extern', step);
		await expect(card(page, 'Uit het KCC-systeem')).toBeVisible();
	} finally {
		provider.destroy();
		doc.destroy();
	}
});

test('the map downloads as SVG and PNG', async ({ page, request }) => {
	const created = await createJourney(request);
	await openLive(page, created.links.viewer);
	// Downloads sit in the "Meer" menu of the compact toolbar.
	await page.getByRole('button', { name: 'Meer' }).click();
	const [svg] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Download SVG' }).click()
	]);
	expect(svg.suggestedFilename()).toBe('paspoort-aanvragen-testreis.svg');
	const text = await (
		await svg.createReadStream()
	)
		.toArray()
		.then((chunks) => Buffer.concat(chunks).toString('utf8'));
	expect(text).toContain('<svg');
	expect(text).toContain('Haalt het paspoort op');
	const [png] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Download PNG' }).click()
	]);
	expect(png.suggestedFilename()).toBe('paspoort-aanvragen-testreis.png');
	const bytes = await (await png.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks));
	expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
	expect(bytes.length).toBeGreaterThan(5000);
});

/** Cards whose box reaches into the visible map, and how many of those show no title. */
function cardsInView(page: Page) {
	return page.evaluate(() => {
		const view = document.querySelector('.viewport')!.getBoundingClientRect();
		let inView = 0;
		let untitled = 0;
		for (const el of document.querySelectorAll('[data-card]')) {
			const r = el.getBoundingClientRect();
			if (r.right <= view.left || r.left >= view.right || r.bottom <= view.top || r.top >= view.bottom)
				continue;
			inView++;
			if (!el.querySelector('.card-title')) untitled++;
		}
		return { inView, untitled };
	});
}

test('a 300-step journey opens as an overview, draws titles where it is zoomed in, and downloads whole', async ({
	page,
	request
}) => {
	const created = await createJourney(
		request,
		bigJourney({ stages: 8, channels: 10, steps: 300, tickets: 0 })
	);
	await openLive(page, created.links.viewer);
	// Every card is on the map and every title is in the page, for assistive technology.
	await expect(page.locator('[data-card]')).toHaveCount(300);
	await expect(
		page.getByRole('list', { name: 'Alle stappen in volgorde' }).getByRole('listitem')
	).toHaveCount(300);
	await expect(card(page, '300. ')).toHaveAttribute('aria-label', /Fase Fase 4, kanaal Kanaal 8/);
	// The whole map at once is too small to read: cards are drawn without their text.
	await expect(page.locator('.card-title')).toHaveCount(0);

	// Zoomed in to about 100%: every card in view shows its title, far fewer than all 300 do.
	const zoomIn = page.getByRole('button', { name: 'Inzoomen' });
	for (let i = 0; i < 9; i++) await zoomIn.click();
	await expect.poll(() => cardsInView(page)).toMatchObject({ untitled: 0 });
	expect((await cardsInView(page)).inView).toBeGreaterThan(3);
	expect(await page.locator('.card-title').count()).toBeLessThan(150);

	// Panning far down the map: the cards that come into view get their titles too.
	await page.locator('.viewport').scrollIntoViewIfNeeded();
	const box = (await page.locator('.viewport').boundingBox())!;
	const bottom = Math.min(box.y + box.height, page.viewportSize()!.height) - 20;
	const before = await page.locator('[data-card]').first().boundingBox();
	for (let i = 0; i < 3; i++) {
		// From the background: a drag that starts on a card would move the card.
		const start = await page.evaluate(
			({ left, right, y }) => {
				for (let x = left + 10; x < right; x += 10) {
					const el = document.elementFromPoint(x, y);
					if (el?.closest('.viewport') && !el.closest('[data-card]')) return x;
				}
				return null;
			},
			{ left: box.x, right: box.x + box.width, y: bottom }
		);
		expect(start).not.toBeNull();
		await page.mouse.move(start!, bottom);
		await page.mouse.down();
		await page.mouse.move(start!, box.y + 20, { steps: 10 });
		await page.mouse.up();
	}
	// More than a whole view further: all cards now in view were off screen before.
	expect((await page.locator('[data-card]').first().boundingBox())!.y).toBeLessThan(
		before!.y - (bottom - box.y)
	);
	await expect.poll(() => cardsInView(page)).toMatchObject({ untitled: 0 });
	expect((await cardsInView(page)).inView).toBeGreaterThan(3);

	// A download is the whole map with every title, whatever the zoom.
	await page.getByRole('button', { name: 'Passend maken' }).click();
	await expect(page.locator('.card-title')).toHaveCount(0);
	await page.getByRole('button', { name: 'Meer' }).click();
	const [svg] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Download SVG' }).click()
	]);
	const text = await (
		await svg.createReadStream()
	)
		.toArray()
		.then((chunks) => Buffer.concat(chunks).toString('utf8'));
	expect(text.match(/<text class="card-title/g)).toHaveLength(300);
	await expect(page.locator('.card-title')).toHaveCount(0);
});
