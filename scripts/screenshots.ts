// Screenshots of the journey page for docs/screenshots/: the map, the share panel, the phone
// view, and the map with the KCC contact lane (after importing the sample export) at a laptop
// (1280×720), a projector (1920×1080) and a phone (390×844).
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

async function live(page: Page, link: string) {
	await page.goto(new URL(link, base).toString());
	await page.getByRole('status').filter({ hasText: 'Verbonden' }).waitFor();
}

async function main() {
	mkdirSync(out, { recursive: true });
	const res = await fetch(new URL('/api/journeys', base), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(template)
	});
	if (res.status !== 201) throw new Error(`Reis aanmaken mislukt: ${res.status} ${await res.text()}`);
	const created = (await res.json()) as {
		id: string;
		tokens: { facilitator: string };
		links: { facilitator: string; editor: string };
	};
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage']
	});
	try {
		for (const size of SIZES) {
			const phone = size.width < 600;
			const context = await browser.newContext({
				viewport: { width: size.width, height: size.height },
				locale: 'nl-NL',
				deviceScaleFactor: 1,
				isMobile: phone,
				hasTouch: phone
			});
			// A name is already known, so the first-visit name dialog does not cover the map.
			await context.addInitScript(() =>
				localStorage.setItem('klantreis.user', JSON.stringify({ name: 'Fatima (KCC)', color: '#0b6e4f' }))
			);
			const page = await context.newPage();
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
				await page.getByRole('img', { name: /QR-code/ }).waitFor();
				await page.screenshot({ path: `${out}/share-${size.name}.png` });
				await page.getByRole('button', { name: 'Sluiten' }).click();
				await page.getByRole('button', { name: 'Presenteren' }).click();
				await page.getByRole('button', { name: 'Presentatie sluiten (Esc)' }).waitFor();
				await page.screenshot({ path: `${out}/present-${size.name}.png` });
				await page.getByRole('button', { name: 'Presentatie sluiten (Esc)' }).click();
			}
			await context.close();
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
		const context = await browser.newContext({
			viewport: { width: size.width, height: size.height },
			locale: 'nl-NL',
			deviceScaleFactor: 1,
			isMobile: phone,
			hasTouch: phone
		});
		await context.addInitScript(() =>
			localStorage.setItem('klantreis.user', JSON.stringify({ name: 'Fatima (KCC)', color: '#0b6e4f' }))
		);
		const page = await context.newPage();
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
		await context.close();
	}
}

await main();
