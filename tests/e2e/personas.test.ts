import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { gotoReady } from './helpers';
import { expect, test, type Page } from '@playwright/test';

async function expectNoSeriousAxeViolations(page: Page) {
	const results = await new AxeBuilder({ page }).analyze();
	const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length}x)`)).toEqual([]);
}

test('a persona is created, exported, duplicated and deleted in the library', async ({ page }) => {
	await gotoReady(page, '/personas');
	await expect(page.getByRole('heading', { level: 1, name: 'Persona’s' })).toBeVisible();
	// The seeded library, with a card per persona.
	await expect(page.getByRole('article', { name: 'Sanne Vermeulen' })).toBeVisible();
	await expectNoSeriousAxeViolations(page);

	const form = page.getByRole('form', { name: 'Nieuwe persona maken' });
	await expect(form.getByText('vul nooit gegevens van een echte inwoner in').first()).toBeVisible();
	await form.getByLabel('Naam', { exact: true }).fill('Lotte de Wit');
	await form.getByLabel('Leeftijd', { exact: true }).fill('29');
	await form.getByLabel('Uitspraak', { exact: true }).fill('Ik kom er wel, als iemand me even helpt.');
	await form.getByLabel('Doelen', { exact: true }).fill('Huurtoeslag aanvragen\nEen rustig overzicht');
	await form.getByRole('checkbox', { name: 'WhatsApp' }).check();
	await form.getByLabel('Digitale vaardigheden', { exact: true }).selectOption('basic');
	await form.getByLabel('Lezen en schrijven', { exact: true }).selectOption('low');
	await form.getByLabel('Een plan maken', { exact: true }).selectOption('2');
	await form.getByLabel('In actie komen', { exact: true }).selectOption('3');
	await form.getByLabel('Volhouden', { exact: true }).selectOption('2');
	await form.getByLabel('Omgaan met verleidingen en tegenslag', { exact: true }).selectOption('1');
	await form.getByLabel('Stress', { exact: true }).selectOption('2');
	await form.getByRole('button', { name: 'Persona opslaan' }).click();

	await expect(page.getByRole('status')).toHaveText('Lotte de Wit is opgeslagen.');
	const card = page.getByRole('article', { name: 'Lotte de Wit' });
	await expect(card).toBeVisible();
	await expect(card.getByText('Veel stress')).toBeVisible();
	await expect(card.getByRole('img', { name: /Doenvermogen van Lotte de Wit/ })).toBeVisible();
	await expectNoSeriousAxeViolations(page);

	// Export: the personas/ file format.
	const downloading = page.waitForEvent('download');
	await card.getByRole('link', { name: 'Exporteren: Lotte de Wit (JSON)' }).click();
	const download = await downloading;
	expect(download.suggestedFilename()).toBe('lotte-de-wit.json');
	const exported = JSON.parse(readFileSync(await download.path(), 'utf8'));
	expect(exported).toMatchObject({
		schemaVersion: 1,
		id: 'lotte-de-wit',
		name: 'Lotte de Wit',
		age: 29,
		goals: ['Huurtoeslag aanvragen', 'Een rustig overzicht'],
		preferredChannels: ['whatsapp'],
		doenvermogen: { plan: 2, act: 3, persevere: 2, cope: 1 },
		stress: 2
	});

	// Duplicate, then delete the copy (after confirming).
	await card.getByRole('button', { name: 'Dupliceren: Lotte de Wit' }).click();
	const copy = page.getByRole('article', { name: 'Lotte de Wit (kopie)' });
	await expect(copy).toBeVisible();
	page.once('dialog', (d) => d.accept());
	await copy.getByRole('button', { name: 'Verwijderen: Lotte de Wit (kopie)' }).click();
	await expect(page.getByRole('status')).toHaveText('Lotte de Wit (kopie) is verwijderd.');
	await expect(copy).toHaveCount(0);
	await expect(card).toBeVisible();
});

test('an invalid persona is refused with a clear message', async ({ page }) => {
	await gotoReady(page, '/personas?bewerk=daan-digitaal-sterk');
	const form = page.getByRole('form', { name: 'Daan Mulder bewerken' });
	await expect(form.getByLabel('Naam', { exact: true })).toHaveValue(/\S/);
	await form.getByLabel('Naam', { exact: true }).fill('   ');
	await form.getByRole('button', { name: 'Wijzigingen opslaan' }).click();
	await expect(page.getByRole('alert')).toContainText('Naam: Dit veld is verplicht');
});

test('the draft doenvermogentoets is printable and downloads as Markdown', async ({ page }) => {
	const template = await (await page.request.get('/api/templates/bijzondere-bijstand-aanvragen')).json();
	const created = await (await page.request.post('/api/journeys', { data: template })).json();
	await gotoReady(page, `/reis/${created.id}/toets?token=${encodeURIComponent(created.tokens.viewer)}`);
	await expect(page.getByRole('heading', { level: 1, name: /^Doenvermogentoets \(concept\)/ })).toBeVisible();
	await expect(page.getByRole('heading', { name: '4. Conclusie: waar lopen inwoners vast?' })).toBeVisible();
	await expect(page.getByRole('heading', { level: 3, name: 'Sanne Vermeulen' })).toBeVisible();
	await expectNoSeriousAxeViolations(page);

	const downloading = page.waitForEvent('download');
	await page.getByRole('link', { name: 'Download als Markdown' }).click();
	const download = await downloading;
	expect(download.suggestedFilename()).toBe('doenvermogentoets-bijzondere-bijstand-aanvragen.md');
	const md = readFileSync(await download.path(), 'utf8');
	expect(md).toMatch(/^# Doenvermogentoets \(concept\): Bijzondere bijstand aanvragen\n/);
	expect(md).toContain('### Sanne Vermeulen');
	expect(md).toContain('klik, bel, kom');
});
