import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { card, createJourney, expectNoSeriousAxeViolations, openLive, gotoReady } from './helpers';

test('a library persona gets stuck on a step, live in a second browser; stress changes it; the toets downloads', async ({
	browser,
	request
}) => {
	// A KCC expert adds a persona to the library.
	const library = await (await browser.newContext()).newPage();
	await gotoReady(library, '/personas');
	const form = library.getByRole('form', { name: 'Nieuwe persona maken' });
	await form.getByLabel('Naam', { exact: true }).fill('Fenna Bos');
	await form.getByLabel('Leeftijd', { exact: true }).fill('44');
	await form.getByLabel('Digitale vaardigheden', { exact: true }).selectOption('good');
	await form.getByLabel('Lezen en schrijven', { exact: true }).selectOption('good');
	for (const label of [
		'Een plan maken',
		'In actie komen',
		'Volhouden',
		'Omgaan met verleidingen en tegenslag'
	]) {
		await form.getByLabel(label, { exact: true }).selectOption('3');
	}
	await form.getByLabel('Stress', { exact: true }).selectOption('0');
	await form.getByRole('button', { name: 'Persona opslaan' }).click();
	await expect(library.getByRole('status')).toHaveText('Fenna Bos is opgeslagen.');

	// In a workshop, she is attached to a journey.
	const created = await createJourney(request);
	const a = await (await browser.newContext()).newPage();
	const b = await (await browser.newContext()).newPage();
	await openLive(a, created.links.editor);
	await openLive(b, created.links.editor);
	await a.getByRole('button', { name: "Persona's", exact: true }).click();
	await a.getByLabel('Persona uit de bibliotheek toevoegen').selectOption({ label: 'Fenna Bos (44)' });
	await a.getByRole('button', { name: 'Toevoegen aan deze reis' }).click();
	await expect(a.getByRole('heading', { name: 'Fenna Bos (44)' })).toBeVisible();
	await expect(b.getByRole('checkbox', { name: 'Fenna Bos' })).toBeChecked();

	// Raise what picking up the passport asks of perseverance: at 3 she manages, at 4 she is stuck.
	const pickUp = 'Haalt het paspoort op';
	await card(a, pickUp).click();
	await a.getByLabel('Volhouden', { exact: true }).selectOption('3');
	await expect(card(b, pickUp)).not.toHaveAttribute('aria-label', /Fenna Bos/);
	await a.getByLabel('Volhouden', { exact: true }).selectOption('4');
	await expect(card(b, pickUp)).toHaveAttribute('aria-label', /Loopt vast voor: .*Fenna Bos/);
	await a.getByLabel('Volhouden', { exact: true }).selectOption('3');
	await expect(card(b, pickUp)).not.toHaveAttribute('aria-label', /Fenna Bos/);

	// What the step asks also counts waiting: six weeks without news, for the toets.
	await a.getByLabel('Wachttijd (dagen)').fill('42');
	await a.getByLabel('Wachttijd (dagen)').press('Tab');
	await expect
		.poll(async () => {
			const res = await request.get(`/api/journeys/${created.id}`, {
				headers: { authorization: `Bearer ${created.tokens.viewer}` }
			});
			return ((await res.json()).steps as { id: string; waitDays: number }[]).find((s) => s.id === 'ophalen')
				?.waitDays;
		})
		.toBe(42);

	// "Wat als Fenna onder stress staat?": one level of stress and she gets stuck here too, for everyone.
	await a.getByRole('button', { name: "Persona's", exact: true }).click();
	await a.getByLabel('Wat als Fenna Bos onder stress staat?').fill('1');
	await expect(card(b, pickUp)).toHaveAttribute('aria-label', /Loopt vast voor: .*Fenna Bos/);
	const analysis = await (
		await request.get(`/api/journeys/${created.id}/doenvermogen`, {
			headers: { authorization: `Bearer ${created.tokens.viewer}` }
		})
	).json();
	const fenna = analysis.personas.find((p: { personaId: string }) => p.personaId === 'fenna-bos');
	expect(fenna.steps.find((s: { stepId: string }) => s.stepId === 'ophalen').stuck).toBe(true);

	// Walk the reis as Fenna: the explanation is in plain words.
	await b.getByRole('button', { name: 'Loop de reis als…' }).click();
	await b.getByLabel('Persona', { exact: true }).selectOption({ label: 'Fenna Bos' });
	await b.getByRole('button', { name: 'Naar de eerste vastloper' }).click();
	await expect(b.getByText('Loopt vast', { exact: true })).toBeVisible();
	await expectNoSeriousAxeViolations(b);

	// The draft doenvermogentoets names her.
	await a.getByRole('button', { name: 'Meer' }).click();
	await a.getByRole('link', { name: 'Doenvermogentoets (concept)' }).click();
	await expect(a.getByRole('heading', { level: 3, name: 'Fenna Bos' })).toBeVisible();
	const downloading = a.waitForEvent('download');
	await a.getByRole('link', { name: 'Download als Markdown' }).click();
	const md = readFileSync(await (await downloading).path(), 'utf8');
	expect(md).toContain('### Fenna Bos');
});
