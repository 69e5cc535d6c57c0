import { expect, test } from '@playwright/test';
import { createJourney, openLive } from './helpers';

test('moving between the map, the overview, the session and the board keeps one live connection', async ({
	page,
	request
}) => {
	const created = await createJourney(request);
	const sockets: string[] = [];
	page.on('websocket', (ws) => {
		if (new URL(ws.url()).pathname.startsWith('/sync/')) sockets.push(ws.url());
	});
	await openLive(page, created.links.editor);
	const live = page.getByRole('status').filter({ hasText: 'Verbonden' });
	const title = (await page.getByRole('heading', { level: 1 }).textContent())?.trim() ?? '';

	// Map -> overview -> session -> map -> board -> map, each by an in-app link.
	// The pages about the reis sit behind "Meer" on the map.
	await page.getByRole('button', { name: 'Meer' }).click();
	await page.getByRole('link', { name: 'Hostmanship-overzicht' }).click();
	await expect(page.getByRole('heading', { name: 'Hostmanship-overzicht', level: 1 })).toBeVisible();
	await expect(live).toBeVisible();
	await page.getByRole('link', { name: 'Naar de trainerssessie' }).click();
	await expect(page.getByRole('heading', { name: 'Hostmanship-sessie', level: 1 })).toBeVisible();
	await expect(page.getByText('Er loopt nog geen sessie.')).toBeVisible();
	await page.getByRole('link', { name: title }).click();
	await expect(page.getByRole('heading', { name: title, level: 1 })).toBeVisible();
	await page.getByRole('button', { name: 'Meer' }).click();
	await page.getByRole('link', { name: 'Verbetertickets per vakafdeling' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Verbetertickets' })).toBeVisible();
	await expect(live).toBeVisible();
	await page.getByRole('link', { name: title }).click();
	await expect(live).toBeVisible();

	// One socket for the whole walk: the journey layout owns it, the pages share it.
	expect(sockets).toHaveLength(1);
});
