// Screenshots for docs/screenshots/: the map, the share panel, presentation mode and the trainer
// session's presenter view at a laptop (1280×720) and a projector (1920×1080), the phone view
// (390×844: list, menu, step sheet), an exported PNG (export.png: the same at any size), and the
// map with the KCC contact lane (after importing the sample export) at all three sizes.
// Run against a started server: `BASE_URL=http://127.0.0.1:3000 npx tsx scripts/screenshots.ts`.
import { chromium, type Browser, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const out = process.env.SCREENSHOT_DIR ?? 'docs/screenshots';
const template = JSON.parse(readFileSync('journeys/verhuizing-doorgeven.json', 'utf8')) as unknown;
const sample = readFileSync('static/voorbeelden/kcc-export-verhuizing-doorgeven.csv');

const SIZES = [
	{ name: '1280x720', width: 1280, height: 720 },
	{ name: '1920x1080', width: 1920, height: 1080 },
	{ name: '390x844', width: 390, height: 844 }
];

type Created = {
	id: string;
	tokens: { facilitator: string; editor: string };
	links: { facilitator: string; editor: string };
};

async function live(page: Page, link: string) {
	await page.goto(new URL(link, base).toString());
	await page.locator('html[data-hydrated]').waitFor();
	await page.getByRole('status').filter({ hasText: 'Verbonden' }).waitFor();
}

/** A browser of its own at a size, with a name already chosen (no first-visit name dialog). */
async function person(browser: Browser, size: { width: number; height: number }, name: string) {
	const phone = size.width < 600;
	const context = await browser.newContext({
		viewport: { width: size.width, height: size.height },
		locale: 'nl-NL',
		deviceScaleFactor: 1,
		isMobile: phone,
		hasTouch: phone
	});
	await context.addInitScript(
		(user) => localStorage.setItem('klantreis.user', JSON.stringify({ ...user, named: true })),
		{ name, color: '#0b6e4f' }
	);
	return context.newPage();
}

/**
 * A trainer session under way, for the presenter view: the trainer is at step 2 with the
 * findings of one participant shown and a timer of 5 minutes running.
 */
async function runSession(browser: Browser, created: Created) {
	const trainer = await person(browser, SIZES[0], 'Fatima (trainer)');
	const participant = await person(browser, SIZES[0], 'Bas');
	await live(trainer, `/reis/${created.id}/sessie?token=${created.tokens.facilitator}`);
	await live(participant, `/reis/${created.id}/sessie?token=${created.tokens.editor}`);
	await trainer.getByRole('button', { name: 'Sessie starten' }).click();
	await trainer.getByRole('button', { name: 'Volgende stap' }).click();
	await participant.getByRole('heading', { name: /^Stap 2 van / }).waitFor();
	for (const [principle, text] of [
		['Dienen', 'Wie geen computer heeft, hoort pas aan het eind dat het ook aan de balie kan'],
		['Dialoog voeren', 'De KCC-medewerker vraagt niet waarom iemand belt'],
		['Kennis hebben', 'Niemand weet of de verhuizing al verwerkt is']
	]) {
		await participant.getByLabel('Principe', { exact: true }).selectOption({ label: principle });
		await participant.getByLabel('Uw bevinding').fill(text);
		await participant.getByRole('button', { name: 'Bevinding toevoegen' }).click();
	}
	await trainer.getByRole('button', { name: 'Bevindingen tonen aan iedereen' }).click();
	await participant.getByRole('button', { name: /^Stem op: Wie geen computer/ }).click();
	await trainer.getByLabel('Minuten').fill('5');
	await trainer.getByRole('button', { name: 'Timer starten' }).click();
	await trainer.context().close();
	await participant.context().close();
}

async function main() {
	mkdirSync(out, { recursive: true });
	const res = await fetch(new URL('/api/journeys', base), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(template)
	});
	if (res.status !== 201) throw new Error(`Reis aanmaken mislukt: ${res.status} ${await res.text()}`);
	const created = (await res.json()) as Created;
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage']
	});
	try {
		await runSession(browser, created);
		for (const size of SIZES) {
			const phone = size.width < 600;
			const page = await person(browser, size, 'Fatima (KCC)');
			await live(page, phone ? created.links.editor : created.links.facilitator);
			await page.screenshot({ path: `${out}/map-${size.name}.png` });
			if (phone) {
				await page.getByRole('button', { name: 'Meer' }).click();
				await page.screenshot({ path: `${out}/menu-${size.name}.png` });
				await page.getByRole('button', { name: 'Meer' }).click();
				// The step panel as a sheet, where a participant sets an emotion with a thumb.
				await page.getByRole('button', { name: /^Stap 1: / }).click();
				await page.screenshot({ path: `${out}/step-${size.name}.png` });
			} else {
				await page.getByRole('button', { name: 'Delen' }).click();
				await page
					.getByRole('img', { name: /QR-code/ })
					.locator('svg')
					.waitFor();
				await page.screenshot({ path: `${out}/share-${size.name}.png` });
				await page.getByRole('button', { name: 'Sluiten' }).click();
				await page.getByRole('button', { name: 'Presenteren' }).click();
				await page.getByRole('button', { name: 'Presentatie sluiten (Esc)' }).waitFor();
				await page.screenshot({ path: `${out}/present-${size.name}.png` });
				await page.getByRole('button', { name: 'Presentatie sluiten (Esc)' }).click();

				// The exported PNG, as the export menu downloads it (title, legend, the whole map). It
				// is the same picture whatever the window's size, so it is kept once.
				if (size === SIZES[0]) {
					await page.getByRole('button', { name: 'Meer' }).click();
					const [png] = await Promise.all([
						page.waitForEvent('download'),
						page.getByRole('button', { name: 'Download PNG' }).click()
					]);
					await png.saveAs(`${out}/export.png`);
				}

				// The trainer session on the projector: QR code, step, timer, findings; no controls.
				await page.goto(new URL(`/reis/${created.id}/sessie/scherm`, base).toString());
				await page.getByRole('timer').waitFor();
				await page
					.getByRole('img', { name: /QR-code/ })
					.locator('svg')
					.waitFor();
				await page.screenshot({ path: `${out}/presenter-${size.name}.png` });
			}
			await page.context().close();
		}
		await laneShots(browser, created);
	} finally {
		await browser.close();
	}
	console.log(`Screenshots in ${out}/`);
}

/**
 * The map with the contact lane: the sample export imported, the lane panned into view at the
 * fitted zoom (the fit fills the screen with the grid; the lanes are a pan below). Prints the
 * on-screen size of the lane's smallest text, which must stay 12 px or more on a projector.
 */
async function laneShots(
	browser: Browser,
	created: { id: string; tokens: { facilitator: string }; links: { facilitator: string } }
) {
	const res = await fetch(new URL(`/api/journeys/${created.id}/contacts`, base), {
		method: 'POST',
		headers: { authorization: `Bearer ${created.tokens.facilitator}`, 'content-type': 'text/csv' },
		body: sample
	});
	if (res.status !== 200) throw new Error(`Import mislukt: ${res.status} ${await res.text()}`);
	for (const size of SIZES) {
		const phone = size.width < 600;
		const page = await person(browser, size, 'Fatima (KCC)');
		await live(page, created.links.facilitator);
		if (phone) await page.getByRole('button', { name: 'Kaart', exact: true }).click();
		const lane = page.getByRole('group', { name: /^Contacten per stap, / });
		await lane.waitFor();
		const map = page.getByRole('region', { name: 'Kaart' });
		const canvas = (await map.boundingBox())!;
		const box = (await lane.boundingBox())!;
		// Drag the map up from the kanaal names' column (never a card) until the lane is in view.
		const shift = Math.max(0, box.y + box.height - (canvas.y + canvas.height) + 12);
		if (shift > 0) {
			const x = canvas.x + 20;
			const y = canvas.y + canvas.height - 10;
			await page.mouse.move(x, y);
			await page.mouse.down();
			await page.mouse.move(x, y - shift / 2, { steps: 4 });
			await page.mouse.move(x, y - shift, { steps: 4 });
			await page.mouse.up();
		}
		await page.waitForTimeout(300);
		// Font size (px) times the zoom of the map: the size the smallest lane text has on screen.
		const smallest = await lane.evaluate(
			(g) =>
				Math.min(...[...g.querySelectorAll('text')].map((t) => parseFloat(getComputedStyle(t).fontSize))) *
				((g as SVGGraphicsElement).getScreenCTM()?.a ?? 1)
		);
		console.log(`${size.name}: smallest lane text ${smallest.toFixed(1)} px on screen`);
		await page.screenshot({ path: `${out}/lane-${size.name}.png` });
		await page.context().close();
	}
}

await main();
