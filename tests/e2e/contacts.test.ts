import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createJourney, expectNoSeriousAxeViolations } from './helpers';

const template = JSON.parse(readFileSync('journeys/verhuizing-doorgeven.json', 'utf8')) as unknown;

test('an editor imports the sample KCC export, sees the figures per step and answers "klik, bel, kom" for a fase', async ({
	page,
	request
}) => {
	const created = await createJourney(request, template);
	await page.goto(`/reis/${created.id}/cijfers?token=${created.tokens.editor}`);
	await expect(
		page.getByRole('heading', { name: 'Contactcijfers: Verhuizing doorgeven', level: 1 })
	).toBeVisible();
	await expect(page.getByText('Er zijn nog geen contactcijfers geïmporteerd.')).toBeVisible();
	// Interactive once the token has left the address bar (afterNavigate in the journey layout).
	await expect(page).toHaveURL(/\/cijfers$/);

	await page
		.getByLabel('Export van het KCC-systeem')
		.setInputFiles('static/voorbeelden/kcc-export-verhuizing-doorgeven.csv');
	// The columns are recognised by name: the required ones are filled in.
	await expect(page.getByLabel('Datum van het contact (verplicht)')).toHaveValue('Datum');
	await expect(page.getByLabel('Onderwerp (vraagcategorie) (verplicht)')).toHaveValue('Onderwerp');
	await expect(page.getByLabel('Doorverbonden naar de tweede lijn (ja/nee)')).toHaveValue('Doorverbonden');

	await page.getByRole('button', { name: 'Bekijk wat er geteld wordt' }).click();
	const preview = page.getByRole('status').filter({ hasText: 'Voorbeeld: zo wordt er geteld' });
	await expect(preview).toContainText('9.000 contacten gelezen over 12 maanden');
	await expect(preview.getByRole('img', { name: /^Contacten per kanaal: Telefoon/ })).toBeVisible();
	await expect(preview.getByText('Parkeervergunning:')).toBeVisible();
	// A preview stores nothing.
	await expect(page.getByText('Er zijn nog geen contactcijfers geïmporteerd.')).toBeVisible();
	await expectNoSeriousAxeViolations(page);

	await page.getByRole('button', { name: 'Importeren' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Geïmporteerd' })).toBeVisible();
	const table = page.getByRole('table').filter({ hasText: 'Contacten' }).first();
	await expect(table).toContainText('contacten bij 14 van de 14 stappen');
	await expect(table.getByRole('row', { name: /Bellen: is mijn verhuizing al verwerkt\?/ })).toContainText(
		'%'
	);

	// An onderwerp without a step is coupled to one; its contacts then count there.
	const parkeren = page.getByRole('listitem').filter({ hasText: 'Parkeervergunning:' });
	await parkeren
		.getByLabel('Stap voor Parkeervergunning')
		.selectOption({ label: '12. Uitzoeken wat ik zelf nog moet regelen' });
	await parkeren.getByRole('button', { name: 'Koppelen' }).click();
	await expect(page.getByText('"Parkeervergunning" is gekoppeld.')).toBeVisible();

	// "Klik, bel, kom": the map has no human alternative in Bevestiging; the team knows better.
	const bevestiging = page.getByRole('row', { name: /^Bevestiging/ });
	await expect(bevestiging).toContainText('Nee: geen persoonlijk alternatief');
	await bevestiging.getByLabel('Antwoord voor Bevestiging').selectOption('wel');
	await bevestiging.getByLabel('Toelichting voor Bevestiging').fill('balie op afspraak');
	await bevestiging.getByRole('button', { name: 'Opslaan voor Bevestiging' }).click();
	await expect(page.getByRole('row', { name: /^Bevestiging/ })).toContainText('het team: balie op afspraak');

	const coverage = await request.get(`/api/journeys/${created.id}/coverage`, {
		headers: { authorization: `Bearer ${created.tokens.viewer}` }
	});
	const stages = (
		(await coverage.json()) as { stages: { stageId: string; humanAlternative: boolean; source: string }[] }
	).stages;
	expect(stages.find((s) => s.stageId === 'bevestiging')).toMatchObject({
		humanAlternative: true,
		source: 'team'
	});
	await expectNoSeriousAxeViolations(page);
});

test('a viewer sees the figures but no import', async ({ page, request }) => {
	const created = await createJourney(request, template);
	await page.goto(`/reis/${created.id}/cijfers?token=${created.tokens.viewer}`);
	await expect(page.getByRole('heading', { name: 'Contacten per stap' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Cijfers importeren' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: /Opslaan voor/ })).toHaveCount(0);
});
