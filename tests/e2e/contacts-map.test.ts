import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { card, createJourney, expectNoSeriousAxeViolations, gotoReady, mapTop, openLive } from './helpers';

const template = JSON.parse(readFileSync('journeys/verhuizing-doorgeven.json', 'utf8')) as unknown;
const STATUS_CALL = 'Bellen: is mijn verhuizing al verwerkt?';
const DESK = 'Aan de balie de verhuizing doorgeven, op afspraak';

/** The contact lane of the map (its group is named after its title and period). */
function lane(page: Page) {
	return page.getByRole('group', { name: /^Contacten per stap, / });
}

/** A bar of the lane, by its step's title; its name gives the step's figures. */
function bar(page: Page, title: string) {
	return lane(page).getByRole('img', { name: new RegExp(`^Stap \\d+, ${title.replace(/[?]/g, '\\?')}: `) });
}

/** The compact button in the map's legend row that opens the period selector. */
function periodButton(page: Page) {
	return page.getByRole('button', { name: /^Contactcijfers/ });
}

/** Whether two on-screen boxes share any pixels. */
function overlap(a: { x: number; y: number; width: number; height: number }, b: typeof a) {
	return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The "klik, bel, kom" mark on a fase's head. */
function noHumanMark(page: Page, fase: string) {
	return page.getByRole('img', { name: new RegExp(`^geen persoonlijk contact in fase ${fase}:`) });
}

test('an import on the cijfers page shows the contact lane live on an open map; coverage marks follow a kanaal change', async ({
	browser,
	request
}) => {
	const created = await createJourney(request, template);
	const a = await (await browser.newContext()).newPage();
	// B is a 1280×720 laptop: the map must start within 200 px of the top (issue #13).
	const b = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
	await openLive(b, created.links.editor);
	await b.getByRole('button', { name: /^Later \(blijf / }).click();

	// Before any import: no lane, no period selector; Bevestiging (a letter and MijnOverheid) has no human route.
	await expect(lane(b)).toHaveCount(0);
	await expect(b.getByRole('combobox', { name: 'Contactcijfers over' })).toHaveCount(0);
	await expect(periodButton(b)).toHaveCount(0);
	await expect(noHumanMark(b, 'Bevestiging')).toBeVisible();
	await expect(noHumanMark(b, 'Doorgeven')).toHaveCount(0);

	// A, the facilitator, imports the sample export on the cijfers page.
	await gotoReady(a, `/reis/${created.id}/cijfers?token=${created.tokens.facilitator}`);
	// Interactive once the token has left the address bar (afterNavigate in the journey layout).
	await expect(a).toHaveURL(/\/cijfers$/);
	await a
		.getByLabel('Export van het KCC-systeem')
		.setInputFiles('static/voorbeelden/kcc-export-verhuizing-doorgeven.csv');
	await a.getByRole('button', { name: 'Bekijk wat er geteld wordt' }).click();
	await expect(a.getByRole('status').filter({ hasText: 'Voorbeeld: zo wordt er geteld' })).toContainText(
		'9.000 contacten gelezen'
	);
	await a.getByRole('button', { name: 'Importeren' }).click();
	await expect(a.getByRole('status').filter({ hasText: 'Geïmporteerd' })).toBeVisible();

	// B's map grows the lane without a reload: a bar per step with its contacts per kanaal and percentages.
	await expect(lane(b)).toBeVisible();
	await expect(bar(b, STATUS_CALL)).toHaveAccessibleName(
		/: 1\.013 contacten \(Telefoon \(KCC\) \d[\d.]*(, [^)]+)?\); in één keer goed \d+%, doorverbonden \d+%$/
	);
	await expect(lane(b)).toContainText('jan 2025 t/m dec 2025');
	await expect(lane(b)).toContainText('In één keer goed');
	await expect(lane(b)).toContainText('Telefoon (KCC)');

	// The period selector costs the map no extra line of chrome: at 1280×720 the map still
	// starts within 200 px of the top with figures imported (it was 205 px with a row of its own).
	expect(await mapTop(b)).toBeLessThanOrEqual(200);

	// Panned up until the lane's bottom is in view, the minimap (bottom right) moves out of the
	// way: the last bars stay visible.
	const canvas = (await b.getByRole('region', { name: 'Kaart' }).boundingBox())!;
	const laneBox = (await lane(b).boundingBox())!;
	const shift = laneBox.y + laneBox.height - (canvas.y + canvas.height) + 12;
	await b.mouse.move(canvas.x + 20, canvas.y + canvas.height - 10);
	await b.mouse.down();
	await b.mouse.move(canvas.x + 20, canvas.y + canvas.height - 10 - shift, { steps: 8 });
	await b.mouse.up();
	const lastBar = lane(b)
		.getByRole('img', { name: /^Stap \d+, / })
		.last();
	const minimap = b.locator('svg.minimap');
	await expect(minimap).toBeVisible();
	await expect(lastBar).toBeInViewport();
	await expect
		.poll(async () => overlap((await minimap.boundingBox())!, (await lastBar.boundingBox())!))
		.toBe(false);

	// The period selector, behind its button, narrows the lane to the last quarter of the export;
	// the button then says how many months count.
	await periodButton(b).click();
	await b
		.getByRole('combobox', { name: 'Contactcijfers over' })
		.selectOption({ label: 'de laatste 3 maanden' });
	await expect(lane(b)).toContainText('okt 2025 t/m dec 2025');
	await expect(bar(b, STATUS_CALL)).not.toHaveAccessibleName(/: 1\.013 contacten/);
	await expect(bar(b, STATUS_CALL)).toHaveAccessibleName(/: \d[\d.]* contacten/);
	await expect(periodButton(b)).toHaveAccessibleName(/^Contactcijfers\s*3 maanden/);
	await expectNoSeriousAxeViolations(b);
	// Esc closes the selector and gives the focus back to its button.
	await b.keyboard.press('Escape');
	await expect(periodButton(b)).toBeFocused();
	await expect(b.getByRole('combobox', { name: 'Contactcijfers over' })).toHaveCount(0);
	expect(await mapTop(b)).toBeLessThanOrEqual(200);

	// A moves the desk step to the website: Doorgeven loses its human alternative, live on B's map.
	await openLive(a, created.links.facilitator);
	await a.getByRole('button', { name: /^Later \(blijf / }).click();
	await card(a, DESK).click();
	const kanaal = a.getByRole('region', { name: /^Stap \d+$/ }).getByLabel('Kanaal');
	await kanaal.selectOption({ label: 'Website' });
	await expect(noHumanMark(b, 'Doorgeven')).toBeVisible();
	await expect(noHumanMark(b, 'Doorgeven')).toHaveAccessibleName(
		/geen stap via telefoon, balie of huisbezoek/
	);
	// And back to the desk: the mark goes again.
	await kanaal.selectOption({ label: 'Balie Burgerzaken' });
	await expect(noHumanMark(b, 'Doorgeven')).toHaveCount(0);
	await expect(noHumanMark(b, 'Bevestiging')).toBeVisible();

	// The SVG download draws the lane and the mark, and its legend explains both.
	await b.getByRole('button', { name: 'Meer' }).click();
	const [svg] = await Promise.all([
		b.waitForEvent('download'),
		b.getByRole('button', { name: 'Download SVG' }).click()
	]);
	const text = Buffer.concat(await (await svg.createReadStream()).toArray()).toString('utf8');
	for (const part of [
		'Contacten per stap',
		'fill="url(#kr-kanaal-2)"',
		'Contacten per kanaal:',
		'Telefoon (KCC)',
		'geen persoonlijk contact',
		'fase zonder persoonlijk contact'
	])
		expect(text).toContain(part);
	await b.keyboard.press('Escape');

	// The table view gives the same figures as columns, over the same period.
	await b.getByRole('button', { name: 'Tabelweergave' }).click();
	const table = b.getByRole('table', { name: /okt 2025 t\/m dec 2025/ });
	await expect(table.getByRole('columnheader', { name: '% in één keer goed' })).toBeVisible();
	await b.getByRole('combobox', { name: 'Contactcijfers over' }).selectOption({ label: 'alle maanden' });
	await expect(b.getByRole('row', { name: new RegExp(STATUS_CALL.replace('?', '\\?')) })).toContainText(
		'1.013'
	);
});
