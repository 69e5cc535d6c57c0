import { expect, test } from '@playwright/test';
import {
	card,
	expectNoSeriousAxeViolations,
	openLive,
	gotoReady,
	reloadReady,
	waitForHydration
} from './helpers';

test('a journey from a template is edited live in two browsers and survives a reload', async ({
	browser
}) => {
	// Four browsers and three axe runs: about 33 s with a CPU burner on one core, so 60 s left too
	// little room on a busier machine (two full suites at once timed it out).
	test.setTimeout(120_000);
	const facilitator = await browser.newContext();
	const home = await facilitator.newPage();
	await gotoReady(home, '/');
	await expect(home.getByRole('heading', { level: 1 })).toBeVisible();
	await expectNoSeriousAxeViolations(home);

	// Create a journey from the "Verhuizing doorgeven" template; the facilitator lands on it.
	await home.getByRole('button', { name: 'Start met Verhuizing doorgeven' }).click();
	await expect(home.getByRole('heading', { level: 1, name: 'Verhuizing doorgeven' })).toBeVisible();
	await expect(home.getByRole('status').filter({ hasText: 'Verbonden' })).toBeVisible();
	// The capability token leaves the address bar once the page has read it; a reload still works.
	await expect(home).toHaveURL(/\/reis\/[A-Za-z0-9]+$/);
	await reloadReady(home);
	await expect(home.getByRole('status').filter({ hasText: 'Verbonden' })).toBeVisible();

	// The facilitator shares the editor link (the share panel shows all three and a QR code).
	await home.getByRole('button', { name: 'Delen' }).click();
	await expect(home.getByRole('img', { name: 'QR-code van de deelnemerslink' })).toBeVisible();
	const editorLink = await home.getByLabel('Link voor Deelnemer (bewerken)').inputValue();
	const viewerLink = await home.getByLabel('Link voor Kijker (alleen lezen)').inputValue();
	await expectNoSeriousAxeViolations(home);

	// Two participants open the editor link, each in their own browser.
	const a = await (await browser.newContext()).newPage();
	const b = await (await browser.newContext()).newPage();
	await openLive(a, editorLink);
	await openLive(b, editorLink);
	await expectNoSeriousAxeViolations(a);

	// A adds a step; B sees it without reloading.
	const title = 'Krijgt een bevestiging per sms';
	await a.getByLabel('Wat doet of krijgt de inwoner?').fill(title);
	await a.getByLabel('Fase', { exact: true }).selectOption({ index: 1 });
	await a.getByRole('button', { name: 'Stap toevoegen' }).click();
	await expect(card(b, title)).toBeVisible();

	// B removes the first step with the keyboard; A sees it disappear.
	const first = b.getByRole('button', { name: /^1 / });
	const firstLabel = (await first.getAttribute('aria-label'))!;
	const firstTitle = firstLabel.replace(/^1 /, '').split('. Fase')[0];
	await first.focus();
	await b.keyboard.press('Delete');
	await expect(card(a, firstTitle)).toHaveCount(0);

	// A viewer sees the changes but gets no edit controls.
	const viewer = await (await browser.newContext()).newPage();
	await openLive(viewer, viewerLink);
	await expect(card(viewer, title)).toBeVisible();
	await expect(viewer.getByRole('button', { name: 'Stap toevoegen' })).toHaveCount(0);

	// Everything is stored: a fresh page load shows the edits.
	await reloadReady(b);
	await expect(card(b, title)).toBeVisible();
	await expect(card(b, firstTitle)).toHaveCount(0);

	// The home page of the first browser remembers the journey it created.
	await gotoReady(home, '/');
	await expect(home.getByRole('link', { name: 'Verhuizing doorgeven' })).toBeVisible();
});

test('a link without a valid token shows a clear refusal', async ({ page }) => {
	const res = await page.goto('/reis/bestaatniet?token=fout');
	await waitForHydration(page);
	expect(res?.status()).toBe(404);
	await expect(page.getByRole('heading', { name: 'Niet gevonden' })).toBeVisible();
	await expectNoSeriousAxeViolations(page);
});
