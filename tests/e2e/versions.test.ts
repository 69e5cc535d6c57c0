import { expect, test } from '@playwright/test';
import { card, createJourney, expectNoSeriousAxeViolations, openLive } from './helpers';

test('save a version, make a gewenste reis, change it and see the comparison with the change marked', async ({
	page,
	request
}) => {
	const created = await createJourney(request);
	await page.goto(`/reis/${created.id}/versies?token=${encodeURIComponent(created.tokens.facilitator)}`);
	await expect(page.getByRole('heading', { level: 1, name: 'Versies en gewenste reis' })).toBeVisible();
	const save = page.getByRole('button', { name: 'Versie bewaren' });
	await expect(save).toBeEnabled();

	await page.getByLabel('Naam van de versie').fill('na workshop 12 maart');
	await save.click();
	await expect(page.getByText('Versie “na workshop 12 maart” is bewaard.')).toBeVisible();
	const versions = page.getByRole('table', { name: 'Versies, de nieuwste eerst' });
	await expect(versions.getByRole('link', { name: 'na workshop 12 maart' })).toBeVisible();
	await expectNoSeriousAxeViolations(page);

	// The version opens read-only: what changed, the map, the table.
	await versions.getByRole('link', { name: 'na workshop 12 maart' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Versie: na workshop 12 maart' })).toBeVisible();
	await expect(page.getByRole('heading', { name: 'Wat is er veranderd sinds het begin?' })).toBeVisible();
	await expect(card(page, 'Maakt online een afspraak')).toBeVisible();
	await page.getByRole('button', { name: 'Tabel' }).click();
	await expect(page.getByRole('table', { name: 'Stappen van de klantreis, in volgorde' })).toBeVisible();
	await expectNoSeriousAxeViolations(page);
	await page.getByRole('link', { name: 'Alle versies' }).click();

	// The gewenste reis: a linked copy with its own links.
	await page.getByRole('button', { name: 'Gewenste reis maken' }).click();
	await expect(page.getByRole('heading', { name: 'De gewenste reis is gemaakt' })).toBeVisible();
	const open = page.getByRole('link', { name: 'Openen als begeleider' });
	const link = new URL((await open.getAttribute('href'))!, 'http://localhost');
	const desired = { id: link.pathname.split('/')[2], token: link.searchParams.get('token')! };
	await open.click();
	await expect(page.getByRole('heading', { level: 1, name: /^Gewenste reis: / })).toBeVisible();
	await expect(page.getByRole('status').filter({ hasText: 'Verbonden' })).toBeVisible();
	expect(desired.id).not.toBe(created.id);

	// Change it: a call back by the KCC after the afspraak.
	const title = 'KCC belt terug na de afspraak';
	await page.getByLabel('Wat doet of krijgt de inwoner?').fill(title);
	await page.getByLabel('Fase', { exact: true }).selectOption({ label: 'Ophalen' });
	await page.getByRole('button', { name: 'Stap toevoegen' }).click();
	await expect(card(page, title)).toBeVisible();
	// The card shows at once on this page; the comparison is computed on the server, so wait for it there.
	await expect
		.poll(async () => {
			const res = await request.get(`/api/journeys/${desired.id}/compare`, {
				headers: { authorization: `Bearer ${desired.token}` }
			});
			return ((await res.json()) as { desired: { steps: number } }).desired.steps;
		})
		.toBe(4);

	// The comparison, from the desired journey's versions page.
	await page.getByRole('button', { name: 'Meer' }).click();
	await page.getByRole('link', { name: 'Versies en gewenste reis' }).click();
	await page.getByRole('link', { name: 'Vergelijken met de huidige reis' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Huidige en gewenste reis' })).toBeVisible();
	const figures = page.getByRole('table', { name: 'De reis in cijfers' });
	await expect(figures.getByRole('row', { name: /Stappen \(contactmomenten\)/ })).toHaveText(
		/Stappen \(contactmomenten\)\s*3\s*4\s*\+1 \(slechter\)/
	);
	await expect(page.getByRole('list', { name: 'Nieuw in de gewenste reis' })).toHaveText(title);
	await expect(card(page, title)).toHaveAccessibleName(/Nieuw in de gewenste reis/);
	await expect(card(page, 'Maakt online een afspraak')).not.toHaveAccessibleName(
		/Nieuw|Gewijzigd|Verplaatst/
	);
	await expect(page.getByRole('link', { name: 'Download als Markdown (collegevoorstel)' })).toBeVisible();
	await expectNoSeriousAxeViolations(page);

	const download = await page.request.get(`/reis/${desired.id}/vergelijking/download`);
	expect(download.status()).toBe(200);
	expect(await download.text()).toContain('| Stappen (contactmomenten) | 3 | 4 | +1 |');
});

test('a viewer sees the versions but cannot save one or make a gewenste reis', async ({ page, request }) => {
	const created = await createJourney(request);
	await openLive(page, created.links.viewer);
	await page.goto(`/reis/${created.id}/versies`);
	await expect(page.getByRole('heading', { level: 1, name: 'Versies en gewenste reis' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Versie bewaren' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Gewenste reis maken' })).toHaveCount(0);
	await expect(page.getByText('Alleen de begeleider kan een gewenste reis maken.')).toBeVisible();
});
