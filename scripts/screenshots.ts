// Screenshots of the journey page for docs/screenshots/: the map, the share panel and the phone
// view at a laptop (1280×720), a projector (1920×1080) and a phone (390×844).
// Run against a started server: `BASE_URL=http://127.0.0.1:3000 npx tsx scripts/screenshots.ts`.
import { chromium, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';

const base = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const out = process.env.SCREENSHOT_DIR ?? 'docs/screenshots';
const template = JSON.parse(readFileSync('journeys/verhuizing-doorgeven.json', 'utf8')) as unknown;

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
	const created = (await res.json()) as { links: { facilitator: string; editor: string } };
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
	} finally {
		await browser.close();
	}
	console.log(`Screenshots in ${out}/`);
}

await main();
