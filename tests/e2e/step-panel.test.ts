import { expect, test } from '@playwright/test';
import { card, createJourney, openLive } from './helpers';

test('a new card starts with an empty, focused title; a colleague’s rename never swallows a draft', async ({
	browser,
	request
}) => {
	const created = await createJourney(request);
	const a = await (await browser.newContext()).newPage();
	const b = await (await browser.newContext()).newPage();
	await openLive(a, created.links.editor);
	await openLive(b, created.links.editor);

	// Double-click the empty cell (Ophalen, Website): the column of one card, the row of another.
	const column = (await card(a, 'Haalt het paspoort op').boundingBox())!;
	const row = (await card(a, 'Zoekt wat ze mee moet nemen').boundingBox())!;
	await a.mouse.dblclick(column.x + column.width / 2, row.y + row.height / 2);
	const titleA = a.getByLabel('Titel', { exact: true });
	await expect(titleA).toBeFocused();
	await expect(titleA).toHaveValue('');
	await expect(titleA).toHaveAttribute('placeholder', 'Nieuwe stap');
	// Typing gives the title alone, not "Nieuwe stapBelt …".
	await a.keyboard.type('Belt of het paspoort klaar is');
	await a.keyboard.press('Tab');
	await expect(card(b, 'Belt of het paspoort klaar is')).toBeVisible();

	// Both open the same card; A types, B renames it meanwhile.
	await card(a, 'Zoekt wat ze mee moet nemen').click();
	await card(b, 'Zoekt wat ze mee moet nemen').click();
	const titleB = b.getByLabel('Titel', { exact: true });
	await expect(titleA).toHaveValue('Zoekt wat ze mee moet nemen');
	await titleA.fill('Zoekt de lijst met documenten');
	await titleB.fill('Zoekt uit wat ze nodig heeft');
	await titleB.press('Tab');

	// A keeps the draft and is told what B wrote.
	const conflict = a.getByRole('status').filter({ hasText: 'Iemand anders heeft de titel gewijzigd' });
	await expect(conflict).toHaveText(
		/Iemand anders heeft de titel gewijzigd in "Zoekt uit wat ze nodig heeft"\. Uw versie bewaren of die overnemen\?/
	);
	await expect(titleA).toHaveValue('Zoekt de lijst met documenten');
	await expect(titleA).toHaveAttribute('aria-describedby', /panel-title-conflict/);
	// Leaving the field (to reach the buttons) decides nothing; "Mijn versie bewaren" writes A's text.
	await conflict.getByRole('button', { name: 'Mijn versie bewaren' }).click();
	await expect(titleB).toHaveValue('Zoekt de lijst met documenten');
	await expect(card(b, 'Zoekt de lijst met documenten')).toBeVisible();
	await expect(conflict).toHaveCount(0);

	// The other way: A takes B's version and the draft is gone.
	await titleA.fill('Een tussenversie');
	await titleB.fill('Zoekt online wat ze mee moet nemen');
	await titleB.press('Tab');
	await a.getByRole('status').getByRole('button', { name: 'Versie van de ander overnemen' }).click();
	await expect(titleA).toHaveValue('Zoekt online wat ze mee moet nemen');
	await expect(card(a, 'Zoekt online wat ze mee moet nemen')).toBeVisible();
});
