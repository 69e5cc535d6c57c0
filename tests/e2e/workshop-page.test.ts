import { expect, test, type Browser } from '@playwright/test';
import { readFileSync } from 'node:fs';
import {
	card,
	cardWidth,
	createJourney,
	expectNoSeriousAxeViolations,
	fixture,
	giveName,
	openLive
} from './helpers';

/** The 14-step template with four personas and pain points: the full chrome of the map page. */
const verhuizing = JSON.parse(readFileSync('journeys/verhuizing-doorgeven.json', 'utf8')) as {
	personas: { name: string }[];
	steps: { title: string }[];
};

/** A page of its own browser (own localStorage) at a size, opened live on a link. */
async function person(browser: Browser, link: string, viewport = { width: 1280, height: 720 }) {
	const context = await browser.newContext({ viewport });
	const page = await context.newPage();
	await openLive(page, link);
	return page;
}

test('at 1280×720 the chrome is one compact row and the map starts within 200 px', async ({
	browser,
	request
}) => {
	const created = await createJourney(request, verhuizing);
	const page = await person(browser, created.links.facilitator);
	await giveName(page, 'Fatima (KCC)');

	for (const persona of verhuizing.personas.slice(0, 4)) {
		await expect(page.getByRole('checkbox', { name: persona.name })).toBeChecked();
	}
	const filter = page.getByRole('button', { name: /^Filter op principe/ });
	await expect(filter).toBeVisible();
	const map = page.getByRole('region', { name: 'Kaart' });
	const top = (await map.boundingBox())!.y;
	expect(top).toBeLessThanOrEqual(200);

	// The secondary actions sit behind "Meer", a disclosure that works by keyboard.
	const more = page.getByRole('button', { name: 'Meer' });
	await more.focus();
	await page.keyboard.press('Enter');
	await expect(more).toHaveAttribute('aria-expanded', 'true');
	await expect(page.getByRole('link', { name: 'Hostmanship-overzicht' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Download PNG' })).toBeVisible();
	await page.keyboard.press('Tab');
	await page.keyboard.press('Escape');
	await expect(more).toHaveAttribute('aria-expanded', 'false');
	await expect(page.getByRole('link', { name: 'Hostmanship-overzicht' })).toHaveCount(0);
	await expect(more).toBeFocused();

	// The principle filter opens the same way and filters the map.
	await filter.click();
	await page.getByRole('checkbox', { name: 'Dienen' }).check();
	await page.keyboard.press('Escape');
	await expect(page.getByRole('button', { name: /^Filter op principe 1/ })).toBeVisible();

	// Presentation mode: the map region alone, full-screen, with a visible way out.
	await page.getByRole('button', { name: 'Presenteren' }).click();
	await expect
		.poll(() => page.evaluate(() => document.fullscreenElement?.getAttribute('aria-label') ?? null))
		.toBe('Kaart');
	const exit = page.getByRole('button', { name: 'Presentatie sluiten (Esc)' });
	await expect(exit).toBeVisible();
	const full = (await map.boundingBox())!;
	expect(full.y).toBe(0);
	expect(full.height).toBe(720);
	await exit.click();
	await expect.poll(() => page.evaluate(() => document.fullscreenElement === null)).toBe(true);
	await expect(exit).toHaveCount(0);
});

test('opened on 127.0.0.1 while the server listens only there, the share panel says links will not work elsewhere', async ({
	browser,
	request
}) => {
	const created = await createJourney(request);
	const page = await person(browser, created.links.facilitator);
	await page.getByRole('button', { name: 'Delen' }).click();
	const alert = page.getByRole('alert').filter({ hasText: 'Andere apparaten kunnen deze links niet openen' });
	await expect(alert).toBeVisible();
	await expect(alert).toContainText('HOST=0.0.0.0');
	await expect(alert).toContainText('ORIGIN');
	await expectNoSeriousAxeViolations(page);
});

test('the facilitator brings everyone to their view, and a participant follows the facilitator', async ({
	browser,
	request
}) => {
	const created = await createJourney(request);
	const title = fixture.steps[1].title;
	const fatima = await person(browser, created.links.facilitator);
	await giveName(fatima, 'Fatima');
	const bas = await person(browser, created.links.editor);
	await giveName(bas, 'Bas');

	// Roles are shown consistently: each sees the other's name with their role.
	await expect(bas.getByRole('button', { name: 'Fatima (Begeleider)' })).toBeVisible();
	await expect(fatima.getByRole('button', { name: 'Bas (Deelnemer)' })).toBeVisible();
	await expect(bas.getByText('Deelnemer (bewerken)')).toBeVisible();
	// Fatima has not moved her map yet, and can already be followed (her first view is shared).
	await bas.getByRole('button', { name: 'Fatima (Begeleider)' }).click();
	await expect(bas.getByRole('button', { name: 'Volg Fatima' })).toBeEnabled();
	await bas.getByRole('button', { name: 'Fatima (Begeleider)' }).click();
	await expect(bas.getByRole('button', { name: 'Volg Fatima' })).toHaveCount(0);

	// The facilitator zooms in; the participant still sees the whole map.
	const before = await cardWidth(bas, title);
	await fatima.getByRole('button', { name: 'Inzoomen' }).click();
	await fatima.getByRole('button', { name: 'Inzoomen' }).click();
	const zoomed = await cardWidth(fatima, title);
	expect(zoomed).toBeGreaterThan(before * 1.3);
	expect(await cardWidth(bas, title)).toBeCloseTo(before, 0);

	await fatima.getByRole('button', { name: 'Breng iedereen hier' }).click();
	await expect.poll(() => cardWidth(bas, title)).toBeGreaterThan(before * 1.3);
	expect(Math.abs((await cardWidth(bas, title)) - zoomed)).toBeLessThan(zoomed * 0.1);
	await expect(bas.getByRole('log', { name: 'Wijzigingen van anderen' })).toContainText(
		'Fatima heeft iedereen naar haar of zijn beeld gebracht'
	);

	// The participant follows the facilitator: her next view is his too, until he stops.
	await bas.getByRole('button', { name: 'Fatima (Begeleider)' }).click();
	await bas.getByRole('button', { name: 'Volg Fatima' }).click();
	await expect(bas.getByText('U volgt Fatima')).toBeVisible();
	await fatima.getByRole('button', { name: 'Passend maken' }).click();
	const fitted = await cardWidth(fatima, title);
	await expect.poll(() => cardWidth(bas, title)).toBeLessThan(zoomed * 0.9);
	expect(Math.abs((await cardWidth(bas, title)) - fitted)).toBeLessThan(fitted * 0.1);
	await bas.getByRole('button', { name: 'Stop met volgen' }).click();
	await expect(bas.getByText('U volgt Fatima')).toHaveCount(0);
	await fatima.getByRole('button', { name: 'Inzoomen' }).click();
	await expect.poll(() => cardWidth(fatima, title)).toBeGreaterThan(fitted * 1.1);
	expect(await cardWidth(bas, title)).toBeCloseTo(fitted, 0);

	// With a step open, the facilitator brings everyone to that step.
	await card(fatima, fixture.steps[2].title).click();
	await fatima.getByRole('button', { name: /^Breng iedereen naar stap \d+$/ }).click();
	await expect(bas.getByRole('log', { name: 'Wijzigingen van anderen' })).toContainText(
		/Fatima heeft iedereen naar stap \d+ gebracht/
	);
	await expect(card(bas, fixture.steps[2].title)).toBeInViewport();
	await expectNoSeriousAxeViolations(bas);
});

test('others’ changes are summarised politely, and focus stays on the map when a colleague deletes the focused card', async ({
	browser,
	request
}) => {
	const created = await createJourney(request);
	const [first, second, third] = fixture.steps.map((s) => s.title);
	const anna = await person(browser, created.links.editor);
	await giveName(anna, 'Anna');
	const bas = await person(browser, created.links.editor);
	await giveName(bas, 'Bas');

	// Anna moves step 1 one fase on; Bas hears it, by name.
	await card(anna, first).focus();
	await anna.keyboard.press('Alt+ArrowDown');
	const log = bas.getByRole('log', { name: 'Wijzigingen van anderen' });
	await expect(log).toContainText('Anna heeft stap 1 verplaatst.');

	// Bas is on step 2 when Anna deletes it: his focus goes to a neighbouring card, not to <body>.
	await card(bas, second).focus();
	await expect(card(bas, second)).toBeFocused();
	await card(anna, second).focus();
	await anna.keyboard.press('Delete');
	await expect(card(bas, second)).toHaveCount(0);
	const focused = () => bas.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '<body>');
	await expect.poll(focused).toMatch(new RegExp(`^\\d+ (${third}|${first})`));
	await expect(log).toContainText(/Anna heeft stap \d+ verwijderd\./);
	// The first sync is not news: nothing was "added" by anyone.
	await expect(log).not.toContainText('toegevoegd');
	await expect(log).toContainText('De stap waar u was is verwijderd');
});

test('Esc closes a side panel and focus returns to where it was', async ({ browser, request }) => {
	const created = await createJourney(request);
	const page = await person(browser, created.links.facilitator);
	const first = card(page, fixture.steps[0].title);
	await first.focus();
	await page.keyboard.press('Enter');
	const panel = page.getByRole('region', { name: 'Stap 1' });
	await expect(panel).toBeVisible();
	await page.getByLabel('Titel').focus();
	await page.keyboard.press('Escape');
	await expect(panel).toHaveCount(0);
	await expect(first).toBeFocused();

	const share = page.getByRole('button', { name: 'Delen' });
	await share.click();
	await expect(page.getByRole('region', { name: 'Delen' })).toBeVisible();
	await page
		.getByRole('button', { name: /^Kopieer link/ })
		.first()
		.focus();
	await page.keyboard.press('Escape');
	await expect(page.getByRole('region', { name: 'Delen' })).toHaveCount(0);
	await expect(share).toBeFocused();
});

test('Tab reaches the map on an empty journey', async ({ browser, request }) => {
	const created = await createJourney(request, { ...fixture, steps: [], painPoints: [], tickets: [] });
	const page = await person(browser, created.links.editor);
	const map = page.getByRole('group', { name: 'Kaart van de klantreis' });
	await page.locator('body').focus();
	for (let i = 0; i < 40; i++) {
		await page.keyboard.press('Tab');
		if (await map.evaluate((el) => el === document.activeElement)) break;
	}
	await expect(map).toBeFocused();
	await expect(map).toHaveAccessibleDescription(/nog geen stappen/);
});

test('on a 390×844 phone the steps per fase are on the first screen and a thumb can add and rate', async ({
	browser,
	request
}) => {
	const created = await createJourney(request);
	const context = await browser.newContext({
		viewport: { width: 390, height: 844 },
		isMobile: true,
		hasTouch: true
	});
	const phone = await context.newPage();
	await openLive(phone, created.links.editor);
	await giveName(phone, 'Sanne');

	// Nothing runs off the screen, and the first step is visible without scrolling.
	expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	await expect(phone.getByRole('heading', { name: 'Oriënteren' })).toBeVisible();
	const first = phone.getByRole('button', { name: `Stap 1: ${fixture.steps[0].title}` });
	const box = (await first.boundingBox())!;
	expect(box.y + box.height).toBeLessThanOrEqual(844);
	expect(box.height).toBeGreaterThanOrEqual(44);

	// Add a step in a fase with a thumb.
	const add = phone.getByRole('button', { name: 'Stap toevoegen in Oriënteren' });
	expect((await add.boundingBox())!.height).toBeGreaterThanOrEqual(44);
	await add.tap();
	await expect(phone.getByRole('region', { name: /^Stap \d+$/ })).toBeVisible();
	await phone.getByRole('button', { name: 'Sluiten' }).first().tap();
	await expect(phone.getByRole('button', { name: /^Stap \d+: Nieuwe stap/ })).toBeVisible();

	// Open the first step: the panel is a sheet over the page; set an emotion and add a pain point.
	await first.tap();
	const emotion = phone.getByLabel('Ans', { exact: true });
	expect((await emotion.boundingBox())!.height).toBeGreaterThanOrEqual(44);
	await emotion.selectOption({ label: 'Negatief' });
	const addPain = phone.getByRole('button', { name: 'Pijnpunt toevoegen' });
	expect((await addPain.boundingBox())!.height).toBeGreaterThanOrEqual(44);
	expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
	await expect
		.poll(async () => {
			const res = await request.get(`/api/journeys/${created.id}`, {
				headers: { authorization: `Bearer ${created.tokens.viewer}` }
			});
			const j = (await res.json()) as { steps: { id: string; emotions: Record<string, number> }[] };
			return j.steps.find((s) => s.id === fixture.steps[0].id)?.emotions;
		})
		.toMatchObject({ [(fixture as unknown as { personas: { id: string }[] }).personas[0].id]: -1 });
	await expectNoSeriousAxeViolations(phone);
});

test('every page passes axe 4.14 with label-content-name-mismatch (WCAG 2.5.3) switched on', async ({
	browser,
	request
}) => {
	// Eight pages, each fully analysed: more than the default minute on a shared machine.
	test.setTimeout(180_000);
	const created = await createJourney(request, verhuizing);
	const page = await person(browser, created.links.facilitator);
	await giveName(page, 'Fatima');
	const checks: [string, () => Promise<void>][] = [
		['home', () => page.goto('/').then(() => undefined)],
		['personas', () => page.goto('/personas').then(() => undefined)],
		['map', () => openLive(page, `/reis/${created.id}`)],
		['table', () => page.getByRole('button', { name: 'Tabelweergave' }).click()],
		...['overzicht', 'sessie', 'tickets', 'toets'].map(
			(sub) =>
				[sub, () => page.goto(`/reis/${created.id}/${sub}`).then(() => undefined)] as [
					string,
					() => Promise<void>
				]
		)
	];
	for (const [name, open] of checks) {
		await test.step(name, async () => {
			await open();
			await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
			await page.waitForLoadState('networkidle');
			await expectNoSeriousAxeViolations(page);
		});
	}
	// The map with a step panel and a card that has an afdeling, pain points and stuck personas.
	await openLive(page, `/reis/${created.id}`);
	const label = await card(page, verhuizing.steps[2].title).getAttribute('aria-label');
	expect(label).toMatch(new RegExp(`^\\d+ ${verhuizing.steps[2].title}\\. Fase `));
	await card(page, verhuizing.steps[2].title).click();
	await expectNoSeriousAxeViolations(page);
});
