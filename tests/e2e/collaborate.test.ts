import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

async function expectNoSeriousAxeViolations(page: Page) {
	const results = await new AxeBuilder({ page }).analyze();
	const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length}x)`)).toEqual([]);
}

test('a journey from a template is edited live in two browsers and survives a reload', async ({
	browser
}) => {
	const facilitator = await browser.newContext();
	const home = await facilitator.newPage();
	await home.goto('/');
	await expect(home.getByRole('heading', { level: 1 })).toBeVisible();
	await expectNoSeriousAxeViolations(home);

	// Create a journey from the "Verhuizing doorgeven" template; the facilitator lands on it.
	await home.getByRole('button', { name: 'Start met Verhuizing doorgeven' }).click();
	await expect(home).toHaveURL(/\/reis\/[^/?]+\?token=/);
	await expect(home.getByText('Verbonden')).toBeVisible();
	await expect(home.getByRole('heading', { level: 1, name: 'Verhuizing doorgeven' })).toBeVisible();
	const journeyId = new URL(home.url()).pathname.split('/').pop()!;

	// The editor link: taken from the API the way a facilitator would share it.
	const token = new URL(home.url()).searchParams.get('token')!;
	const snapshot = await (
		await home.request.get(`/api/journeys/${journeyId}`, { headers: { authorization: `Bearer ${token}` } })
	).json();
	expect(snapshot.steps.length).toBeGreaterThanOrEqual(12);

	// Two participants open the same journey through the editor link (a new journey, so we
	// post the template again to learn its editor token).
	const template = await (await home.request.get('/api/templates/verhuizing-doorgeven')).json();
	const created = await (await home.request.post('/api/journeys', { data: template })).json();
	const a = await (await browser.newContext()).newPage();
	const b = await (await browser.newContext()).newPage();
	await a.goto(created.links.editor);
	await b.goto(created.links.editor);
	await expect(a.getByText('Verbonden')).toBeVisible();
	await expect(b.getByText('Verbonden')).toBeVisible();
	await expectNoSeriousAxeViolations(a);

	// A adds a step; B sees it without reloading.
	const title = 'Krijgt een bevestiging per sms';
	await a.getByLabel('Wat doet of krijgt de inwoner?').fill(title);
	await a.getByLabel('Fase').selectOption({ index: 1 });
	await a.getByRole('button', { name: 'Stap toevoegen' }).click();
	await expect(b.getByRole('article', { name: new RegExp(title) })).toBeVisible();

	// B removes a step; A sees it disappear.
	const firstTitle = created && template.steps[0].title;
	b.once('dialog', (d) => d.accept());
	await b.getByRole('button', { name: `Verwijder stap ${firstTitle}` }).click();
	await expect(a.getByRole('article', { name: new RegExp(firstTitle) })).toHaveCount(0);

	// A viewer sees the change but gets no edit controls.
	const viewer = await (await browser.newContext()).newPage();
	await viewer.goto(created.links.viewer);
	await expect(viewer.getByRole('article', { name: new RegExp(title) })).toBeVisible();
	await expect(viewer.getByRole('button', { name: 'Stap toevoegen' })).toHaveCount(0);

	// Everything is stored: a fresh page load shows the edits.
	await b.reload();
	await expect(b.getByRole('article', { name: new RegExp(title) })).toBeVisible();
	await expect(b.getByRole('article', { name: new RegExp(firstTitle) })).toHaveCount(0);

	// The home page of the first browser remembers the journey it created.
	await home.goto('/');
	await expect(home.getByRole('link', { name: 'Verhuizing doorgeven' })).toBeVisible();
});

test('a link without a valid token shows a clear refusal', async ({ page }) => {
	const res = await page.goto('/reis/bestaatniet?token=fout');
	expect(res?.status()).toBe(404);
	await expect(page.getByRole('heading', { name: 'Niet gevonden' })).toBeVisible();
	await expectNoSeriousAxeViolations(page);
});
