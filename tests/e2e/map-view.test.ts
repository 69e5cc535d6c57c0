import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { card, createJourney, openLive, smallestTitle, zoom } from './helpers';

/** The map as a projector and a laptop show it: reis order, the walk, fit, exports (#13). */

const verhuizing = JSON.parse(readFileSync('journeys/verhuizing-doorgeven.json', 'utf8')) as {
	title: string;
	organisation: string;
	personas: { name: string }[];
	steps: { id: string; title: string; stageId: string }[];
};

/** A blank journey with three fases and steps A, B, C, one in each. */
const blank = {
	schemaVersion: 1,
	title: 'Lege reis',
	description: '',
	organisation: 'Gemeente Test',
	stages: [
		{ id: 'een', name: 'Eerste fase' },
		{ id: 'twee', name: 'Tweede fase' },
		{ id: 'drie', name: 'Derde fase' }
	],
	channels: [
		{ id: 'web', name: 'Website', kind: 'website' },
		{ id: 'tel', name: 'Telefoon', kind: 'telefoon' }
	],
	personas: [],
	steps: [
		{ id: 'a', stageId: 'een', channelId: 'web', title: 'Stap A', order: 1 },
		{ id: 'b', stageId: 'twee', channelId: 'web', title: 'Stap B', order: 2 },
		{ id: 'c', stageId: 'drie', channelId: 'web', title: 'Stap C', order: 3 }
	],
	painPoints: [],
	tickets: []
};

/** Step number of each card by title, as its accessible name says ("Stap 2: …"). */
async function numbers(page: Page) {
	const names = await page
		.locator('[data-card]')
		.evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')!));
	return Object.fromEntries(
		names.map((n) => {
			const m = /^(\d+) (.+?)\. Fase/.exec(n)!;
			return [m[2], Number(m[1])];
		})
	);
}

/** The reis line as "from>to" step ids, in drawing order. */
function line(page: Page) {
	return page
		.locator('path.reis')
		.evaluateAll((els) => els.map((el) => `${el.getAttribute('data-from')}>${el.getAttribute('data-to')}`));
}

test('the reis follows its fases: Alt+→ moves A into the last fase and every page renumbers at once', async ({
	browser,
	request
}) => {
	const created = await createJourney(request, blank);
	const facilitator = await browser.newPage();
	const editor = await browser.newPage();
	await openLive(facilitator, created.links.facilitator);
	await openLive(editor, created.links.editor);
	await expect.poll(() => numbers(editor)).toEqual({ 'Stap A': 1, 'Stap B': 2, 'Stap C': 3 });

	const a = card(facilitator, 'Stap A');
	await a.focus();
	await facilitator.keyboard.press('Alt+ArrowRight');
	await expect(a).toHaveAttribute('aria-label', /Fase Tweede fase/);
	await facilitator.keyboard.press('Alt+ArrowRight');
	await expect(a).toHaveAttribute('aria-label', /^2 Stap A\. Fase Derde fase/);
	await expect(a).toBeFocused();

	// A came into the last fase from the left, so it goes before C: B, A, C, for everyone.
	for (const page of [facilitator, editor]) {
		await expect.poll(() => numbers(page)).toEqual({ 'Stap B': 1, 'Stap A': 2, 'Stap C': 3 });
		await expect.poll(() => line(page)).toEqual(['b>a', 'a>c']);
	}

	// The table lists the same order.
	await editor.getByRole('button', { name: 'Tabelweergave' }).click();
	const rows = editor.getByRole('table').getByRole('row');
	await expect(rows.nth(1)).toContainText('Stap B');
	await expect(rows.nth(2)).toContainText('Stap A');
	await expect(rows.nth(3)).toContainText('Stap C');
	await editor.getByRole('button', { name: 'Kaart' }).click();

	// A step added in the first fase is step 1, not the last number.
	await facilitator.getByLabel('Wat doet of krijgt de inwoner?').fill('Nieuw in fase een');
	await facilitator.getByLabel('Fase', { exact: true }).selectOption({ label: 'Eerste fase' });
	await facilitator.getByRole('button', { name: 'Stap toevoegen' }).click();
	await expect
		.poll(() => numbers(editor))
		.toEqual({ 'Nieuw in fase een': 1, 'Stap B': 2, 'Stap A': 3, 'Stap C': 4 });

	// Moving a whole fase renumbers too: the third fase to the front.
	// "Fases en kanalen" sits behind "Meer".
	await facilitator.getByRole('button', { name: 'Meer' }).click();
	await facilitator.getByRole('button', { name: 'Fases en kanalen' }).click();
	await facilitator.getByRole('button', { name: 'Fase Derde fase naar links' }).click();
	await facilitator.getByRole('button', { name: 'Fase Derde fase naar links' }).click();
	await expect
		.poll(() => numbers(editor))
		.toEqual({ 'Stap A': 1, 'Stap C': 2, 'Nieuw in fase een': 3, 'Stap B': 4 });
	await facilitator.close();
	await editor.close();
});

test('"Loop de reis als…" walks by keyboard without errors, centring and highlighting the step', async ({
	page,
	request
}) => {
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	page.on('console', (m) => {
		if (m.type() === 'error') errors.push(m.text());
	});
	await page.setViewportSize({ width: 1280, height: 800 });
	const created = await createJourney(request, verhuizing);
	await openLive(page, created.links.facilitator);

	await page.getByRole('button', { name: 'Loop de reis als…' }).click();
	await expect(page.getByText(`Stap 1 van ${verhuizing.steps.length}`)).toBeVisible();
	const next = page.getByRole('button', { name: 'Volgende stap' });
	await next.focus();
	await page.keyboard.press('Enter');
	await page.keyboard.press('Enter');
	await page.keyboard.press('ArrowRight');
	await expect(page.getByText(`Stap 4 van ${verhuizing.steps.length}`)).toBeVisible();
	await page.keyboard.press('ArrowLeft');
	await expect(page.getByText(`Stap 3 van ${verhuizing.steps.length}`)).toBeVisible();

	// The third step is highlighted on the map and sits in the middle of it.
	const current = page.locator('[data-card][aria-pressed="true"]');
	await expect(current).toHaveCount(1);
	await expect(current).toHaveAttribute('aria-label', /^3 /);
	await expect
		.poll(async () => {
			const box = (await current.boundingBox())!;
			const view = (await page.locator('.viewport').boundingBox())!;
			return Math.hypot(
				box.x + box.width / 2 - (view.x + view.width / 2),
				box.y + box.height / 2 - (view.y + view.height / 2)
			);
		})
		.toBeLessThan(4);

	// On to the last step and one press beyond: "Volgende stap" says it cannot go on and keeps
	// keyboard focus (a disabled button dropped it to <body>).
	const total = verhuizing.steps.length;
	for (let i = 3; i < total; i++) await page.keyboard.press('Enter');
	await expect(page.getByText(`Stap ${total} van ${total}`)).toBeVisible();
	await expect(next).toBeFocused();
	await expect(next).toHaveAttribute('aria-disabled', 'true');
	await page.keyboard.press('Enter');
	await expect(page.getByText(`Stap ${total} van ${total}`)).toBeVisible();
	await expect(next).toBeFocused();
	expect(errors).toEqual([]);
});

test('fit fills the canvas with readable titles on a projector, and refits on resize until someone zooms', async ({
	page,
	request
}) => {
	await page.setViewportSize({ width: 1920, height: 1080 });
	const created = await createJourney(request, verhuizing);
	await openLive(page, created.links.facilitator);
	await page.getByRole('button', { name: 'Passend maken' }).click();

	await expect(page.locator('text.card-title')).toHaveCount(verhuizing.steps.length);
	expect(await smallestTitle(page)).toBeGreaterThanOrEqual(12);
	// The whole grid is in view, so no minimap covers a card.
	await expect(page.locator('svg.minimap')).toHaveCount(0);
	// The map fills the canvas across or down (it was about half).
	const view = (await page.locator('.viewport').boundingBox())!;
	const grid = (await page.locator('svg.map').boundingBox())!;
	expect(Math.max(grid.width / view.width, Math.min(1, grid.height / view.height))).toBeGreaterThan(0.85);

	// Every title stays inside its card.
	const overflow = await page.locator('[data-card]').evaluateAll((cards) =>
		cards.flatMap((c) => {
			const box = c.querySelector('.card-box')!.getBoundingClientRect();
			const title = c.querySelector('.card-title')!.getBoundingClientRect();
			return title.right > box.right + 0.5 || title.bottom > box.bottom + 0.5
				? [c.getAttribute('aria-label')]
				: [];
		})
	);
	expect(overflow).toEqual([]);

	// A smaller window: the map refits.
	const before = await zoom(page);
	await page.setViewportSize({ width: 1280, height: 720 });
	await expect.poll(() => zoom(page)).toBeLessThan(before * 0.8);
	const small = (await page.locator('.viewport').boundingBox())!;
	await expect
		.poll(async () => (await page.locator('svg.map').boundingBox())!.width)
		.toBeLessThanOrEqual(small.width);

	// A new fase: the map refits to show it.
	await page.getByRole('button', { name: 'Meer' }).click();
	await page.getByRole('button', { name: 'Fases en kanalen' }).click();
	await page.getByLabel('Nieuwe fase').fill('Evaluatie');
	await page.getByRole('button', { name: 'Fase toevoegen' }).click();
	const evaluatie = page.locator('text', { hasText: 'Evaluatie' });
	await expect(evaluatie).toBeVisible();
	await expect
		.poll(async () => {
			const r = (await evaluatie.boundingBox())!;
			const v = (await page.locator('.viewport').boundingBox())!;
			return r.x + r.width <= v.x + v.width;
		})
		.toBe(true);

	// Once someone zooms, a resize leaves the view alone.
	await page.getByRole('button', { name: 'Inzoomen' }).click();
	await expect(page.locator('svg.minimap')).toHaveCount(1);
	const zoomed = await zoom(page);
	const width = await page.locator('.viewport').evaluate((el) => el.clientWidth);
	await page.setViewportSize({ width: 1600, height: 900 });
	await expect.poll(() => page.locator('.viewport').evaluate((el) => el.clientWidth)).not.toBe(width);
	// Two frames: the resize observer and the effect after it have run.
	await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
	expect(await zoom(page)).toBeCloseTo(zoomed, 3);
});

test('exports carry title, organisation, date and legend; print shows the whole map without controls', async ({
	page,
	request
}) => {
	await page.setViewportSize({ width: 1280, height: 720 });
	const created = await createJourney(request, verhuizing);
	await openLive(page, created.links.facilitator);

	// The downloads sit behind "Meer".
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
	expect(text).toContain(verhuizing.title);
	expect(text).toContain(verhuizing.organisation);
	expect(text).toMatch(
		/\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}/
	);
	for (const words of [
		"Persona's (emotiecurve):",
		'Emotie:',
		'Doenvermogen:',
		'loopt vast',
		'pijnpunten (aantal)'
	])
		expect(text).toContain(words.replace("'", '&apos;'));
	for (const persona of verhuizing.personas.slice(0, 4)) expect(text).toContain(persona.name);
	// Every title is in the download, also those the zoomed-out map draws as lines.
	for (const step of verhuizing.steps) expect(text).toContain(step.title.split(' ')[0]);

	const [png] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: 'Download PNG' }).click()
	]);
	await png.saveAs(test.info().outputPath('kaart.png'));
	if (process.env.EXPORT_PNG) await png.saveAs(process.env.EXPORT_PNG);

	// Print: the framed map in place of the live one; no minimap, no controls.
	await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
	await page.emulateMedia({ media: 'print' });
	await expect(page.locator('.print-map svg')).toBeVisible();
	await expect(page.locator('.print-map')).toContainText(verhuizing.title);
	await expect(page.locator('.viewport')).toBeHidden();
	await expect(page.getByRole('button', { name: 'Passend maken' })).toBeHidden();
	await expect(page.locator('.print-map')).toContainText('Emotie:');
	// Only the map: the site's header, footer and skip link stay off the paper, and no other
	// text shows (what is left is 1 px: the screen readers' live regions).
	for (const chrome of ['.app-header', '.app-footer', '.skip-link'])
		await expect(page.locator(chrome)).toBeHidden();
	const outside = await page.evaluate(() => {
		const found: string[] = [];
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		while (walker.nextNode()) {
			const text = walker.currentNode.textContent?.trim();
			const el = walker.currentNode.parentElement;
			if (!text || !el || el.closest('.print-map') || !el.checkVisibility()) continue;
			const box = el.getBoundingClientRect();
			if (box.width > 1 && box.height > 1) found.push(text.slice(0, 40));
		}
		return found;
	});
	expect(outside).toEqual([]);
	// On one A3 landscape page (the page's @page rule): 420 × 297 mm is 1190.55 × 841.89 pt.
	const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
	const pages = [...pdf.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)];
	expect(pages.map(([, w, h]) => [Math.round(Number(w)), Math.round(Number(h))])).toEqual([[1191, 842]]);
	if (process.env.PRINT_PDF) await page.pdf({ path: process.env.PRINT_PDF, preferCSSPageSize: true });
	await page.emulateMedia({ media: 'screen' });
	await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
	await expect(page.locator('.print-map')).toHaveCount(0);
});
