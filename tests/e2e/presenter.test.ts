import { expect, test, type Page } from '@playwright/test';
import { createJourney, expectNoSeriousAxeViolations, openLive } from './helpers';

/** Where to keep the screenshots for docs/ (`SCREENSHOT_DIR=docs npx playwright test presenter`); none by default. */
const shots = process.env.SCREENSHOT_DIR;

const SIZES = [
	{ width: 1920, height: 1080 },
	{ width: 1280, height: 720 }
];

async function addFinding(page: Page, principle: string, text: string) {
	await page.getByLabel('Principe', { exact: true }).selectOption({ label: principle });
	await page.getByLabel('Uw bevinding').fill(text);
	await page.getByRole('button', { name: 'Bevinding toevoegen' }).click();
	await expect(page.getByLabel('Uw bevinding')).toHaveValue('');
}

test('the presenter view shows the step, the timer, the revealed findings and a QR code, without controls or tokens', async ({
	browser,
	request
}) => {
	test.setTimeout(120_000);
	const created = await createJourney(request);
	const trainer = await (await browser.newContext()).newPage();
	const participant = await (await browser.newContext()).newPage();
	await openLive(trainer, `/reis/${created.id}/sessie?token=${created.tokens.facilitator}`);
	await openLive(participant, `/reis/${created.id}/sessie?token=${created.tokens.editor}`);

	// The projector: a browser opened with the facilitator's link (its own context, so neither
	// page is a background tab of the other); the token leaves the address bar at once.
	const projector = await (await browser.newContext()).newPage();
	await projector.goto(`/reis/${created.id}/sessie/scherm?token=${created.tokens.facilitator}`);
	await expect(projector.getByRole('heading', { name: 'Zo meteen beginnen we', level: 1 })).toBeVisible();
	await expect(
		projector.getByRole('img', { name: 'QR-code van de deelnemerslink' }).locator('svg')
	).toBeVisible();

	await trainer.getByRole('button', { name: 'Sessie starten' }).click();
	await trainer.getByRole('button', { name: 'Volgende stap' }).click();
	await expect(projector.getByRole('heading', { name: 'Maakt online een afspraak', level: 1 })).toBeVisible();
	await expect(projector.getByText('Stap 2 van 3')).toBeVisible();
	await addFinding(participant, 'Dialoog voeren', 'De bevestigingsmail noemt niet wat je mee moet nemen');
	await addFinding(participant, 'Dienen', 'Geen plek om te kiezen buiten kantoortijd');
	await addFinding(participant, 'Kennis hebben', 'Het formulier vraagt een BSN zonder uitleg waarom');
	await expect(projector.getByText('1 bevinding, nog verborgen')).toHaveCount(3);
	await trainer.getByRole('button', { name: 'Bevindingen tonen aan iedereen' }).click();
	await expect(
		projector.getByRole('list', { name: 'Bevindingen bij Dialoog voeren' }).getByText(/bevestigingsmail/)
	).toBeVisible();
	await participant.getByRole('button', { name: /^Stem op: De bevestigingsmail/ }).click();
	await expect(projector.getByRole('list', { name: 'Bevindingen bij Dialoog voeren' })).toContainText(
		'1 stem'
	);
	await trainer.getByLabel('Minuten').fill('5');
	await trainer.getByRole('button', { name: 'Timer starten' }).click();
	await expect(projector.getByRole('timer', { name: 'Tijd over' })).toHaveText(/^(5:00|4:5\d)$/);

	// Nothing to click and no token on the projector.
	await expect(projector.getByRole('button')).toHaveCount(0);
	await expect(projector.getByRole('textbox')).toHaveCount(0);
	const text = await projector.locator('body').innerText();
	for (const token of Object.values(created.tokens)) expect(text).not.toContain(token);
	await expect(projector).toHaveURL(/\/sessie\/scherm$/);

	for (const size of SIZES) {
		await projector.setViewportSize(size);
		// The six prompt cards in a balanced grid: two rows of three, never five and one.
		const cards = projector.getByRole('article');
		await expect(cards).toHaveCount(6);
		const tops = new Map<number, number>();
		for (const box of await Promise.all((await cards.all()).map((c) => c.boundingBox()))) {
			const top = Math.round(box!.y);
			tops.set(top, (tops.get(top) ?? 0) + 1);
		}
		expect([...tops.values()]).toEqual([3, 3]);
		// Large type: the step title and the timer read from the back of the room.
		const title = await projector
			.getByRole('heading', { level: 1 })
			.evaluate((h) => parseFloat(getComputedStyle(h).fontSize));
		expect(title).toBeGreaterThanOrEqual(size.width >= 1920 ? 60 : 40);
		const timer = await projector
			.getByRole('timer')
			.evaluate((t) => parseFloat(getComputedStyle(t).fontSize));
		expect(timer).toBeGreaterThanOrEqual(size.width >= 1920 ? 100 : 70);
		// Everything on one screen.
		expect(
			await projector.evaluate(() => document.querySelector('.presenter')!.scrollHeight)
		).toBeLessThanOrEqual(size.height);
		if (shots)
			await projector.screenshot({ path: `${shots}/trainer-presenter-${size.width}x${size.height}.png` });
	}
	await expectNoSeriousAxeViolations(projector);
});
