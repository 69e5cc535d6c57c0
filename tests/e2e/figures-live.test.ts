import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { card, createJourney, expectNoSeriousAxeViolations, openLive } from './helpers';

const template = JSON.parse(readFileSync('journeys/verhuizing-doorgeven.json', 'utf8')) as unknown;
const sample = readFileSync('static/voorbeelden/kcc-export-verhuizing-doorgeven.csv');
const STEP = 'Bellen: is mijn verhuizing al verwerkt?';

/** The "Contactcijfers" part of the open step panel. */
function figures(page: Page) {
	return page.getByRole('region', { name: 'Contactcijfers' });
}

/** The number under a label of the figures ("Contacten", "In één keer goed"). */
function figure(page: Page, label: string) {
	return figures(page)
		.locator('dl > div')
		.filter({ has: page.getByText(label, { exact: true }) })
		.getByRole('definition');
}

test('an import shows up live in an open step panel; an onderwerp added to the step counts at once, in both browsers', async ({
	browser,
	request
}) => {
	const created = await createJourney(request, template);
	const a = await (await browser.newContext()).newPage();
	const b = await (await browser.newContext()).newPage();
	await openLive(a, created.links.editor);
	await openLive(b, created.links.viewer);

	await card(a, STEP).click();
	await card(b, STEP).click();
	await expect(figures(a)).toContainText('Er zijn nog geen contactcijfers geïmporteerd.');

	// Browser B's side imports the sample export through the API, as an editor.
	const res = await request.post(`/api/journeys/${created.id}/contacts`, {
		headers: { authorization: `Bearer ${created.tokens.editor}`, 'content-type': 'text/csv' },
		data: sample
	});
	expect(res.status()).toBe(200);

	// A's panel shows the step's count without a reload: the import stamped the document.
	await expect(figure(a, 'Contacten')).toHaveText('1.013');
	await expect(figures(a)).toContainText('KCC-export, 2025-01 t/m 2025-12');
	await expect(figures(a).getByRole('img', { name: /^Contacten per maand: jan 2025 \d/ })).toBeVisible();
	await expect(figure(b, 'Contacten')).toHaveText('1.013');

	// A lets the step cover one more onderwerp (338 contacts in the sample): both panels count it at once.
	await figures(a).getByLabel('Nieuw onderwerp').fill('Parkeervergunning');
	await figures(a).getByRole('button', { name: 'Toevoegen' }).click();
	await expect(figures(a).getByRole('listitem').filter({ hasText: 'Parkeervergunning' })).toBeVisible();
	await expect(figure(a, 'Contacten')).toHaveText('1.351');
	await expect(figure(b, 'Contacten')).toHaveText('1.351');
	// A viewer reads the onderwerpen but cannot change them.
	await expect(figures(b).getByRole('button', { name: /^Onderwerp .* verwijderen$/ })).toHaveCount(0);
	await expectNoSeriousAxeViolations(a);

	// Removing it takes its contacts away again.
	await figures(a).getByRole('button', { name: 'Onderwerp Parkeervergunning verwijderen' }).click();
	await expect(figure(a, 'Contacten')).toHaveText('1.013');
	await expect(figure(b, 'Contacten')).toHaveText('1.013');
	await expect(figures(a).getByLabel('Nieuw onderwerp')).toBeFocused();

	// A pain point takes the figures over as evidence instead of retyping them.
	await a.getByRole('button', { name: 'Pijnpunt toevoegen' }).click();
	const form = a.getByRole('form', { name: 'Nieuw pijnpunt' });
	await form.getByRole('button', { name: 'Cijfers van deze stap overnemen' }).click();
	await expect(form.getByRole('group', { name: 'Cijfer 1' }).getByLabel('Waarde')).toHaveValue('1013');
	await expect(form.getByRole('group', { name: 'Cijfer 1' }).getByLabel('Bron')).toHaveValue('KCC-export');
	await expect(form.getByRole('group', { name: 'Cijfer 1' }).getByLabel('Periode')).toHaveValue(
		'2025-01 t/m 2025-12'
	);
	await expect(form.getByRole('group', { name: 'Cijfer 2' }).getByLabel('Wat')).toHaveValue('firstTimeRight');
	// Taking them over twice adds nothing.
	await form.getByRole('button', { name: 'Cijfers van deze stap overnemen' }).click();
	await expect(form.getByRole('group', { name: /^Cijfer \d$/ })).toHaveCount(3);
	// A taken-over figure can still be corrected by typing.
	await form.getByRole('group', { name: 'Cijfer 1' }).getByLabel('Bron').fill('KCC-rapport');
	await form.getByRole('checkbox', { name: /^Dienen/ }).check();
	await form
		.getByLabel('Omschrijving')
		.fill('Veel inwoners bellen om te horen of de verhuizing verwerkt is.');
	await form.getByRole('button', { name: 'Pijnpunt opslaan' }).click();
	// The template's step has one pain point already; the new one carries the figures, also for B.
	await expect(
		b.getByRole('region', { name: /^Pijnpunten \(2\)/ }).getByRole('list', { name: 'Onderbouwing' })
	).toContainText(['Aantal klantcontacten: 1013 contacten (KCC-rapport, 2025-01 t/m 2025-12)']);

	// The link to all figures.
	await figures(a).getByRole('link', { name: 'Alle contactcijfers' }).click();
	await expect(a.getByRole('heading', { name: /^Contactcijfers: /, level: 1 })).toBeVisible();
});

test('the overview lists the fases without a human alternative and links to the figures', async ({
	page,
	request
}) => {
	const created = await createJourney(request, template);
	await openLive(page, `/reis/${created.id}/overzicht?token=${created.tokens.viewer}`);
	const section = page.getByRole('region', { name: 'Klik, bel, kom' });
	await expect(section.getByRole('listitem').filter({ hasText: 'Bevestiging' })).toContainText(
		'volgens de kaart'
	);
	await expect(section.getByRole('link', { name: 'Geef het aan bij de contactcijfers' })).toHaveAttribute(
		'href',
		`/reis/${created.id}/cijfers#c-kbk`
	);
	await expect(page.getByRole('link', { name: 'Contactcijfers', exact: true })).toBeVisible();
	await expectNoSeriousAxeViolations(page);
});
