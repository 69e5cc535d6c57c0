import { chromium, type Browser, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJourney, startServer, type TestServer } from '../helpers/server';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** Where the room reaches the app (a name only the test knows: nothing connects to it). */
const ORIGIN = 'http://klantreis.zaal.test:8080';
const fixture = JSON.parse(readFileSync('tests/fixtures/small-journey.json', 'utf8')) as Record<
	string,
	unknown
>;

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
	server = await startServer({ env: { ORIGIN } });
	browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
}, 120_000);
afterAll(async () => {
	await browser?.close();
	await server?.stop();
});

/** Opens a page on the server's loopback address and waits until it is interactive and live. */
async function openLive(page: Page, path: string) {
	await page.goto(`http://127.0.0.1:${server.port}${path}`);
	await page.locator('html[data-hydrated]').waitFor({ timeout: 30_000 });
	await page.getByRole('status').filter({ hasText: 'Verbonden' }).waitFor({ timeout: 30_000 });
}

describe('opened on the facilitator’s own machine with ORIGIN set, the trainer session’s links use ORIGIN', () => {
	it('the participants’ link, and the journey link in the Markdown summary', async () => {
		const created = await createJourney(server, fixture);
		const context = await browser.newContext();
		try {
			const page = await context.newPage();
			await openLive(page, `/reis/${created.id}/sessie?token=${created.tokens.facilitator}`);
			await page.getByText('Link voor de deelnemers').click();
			const link = (await page.locator('details.share .link code').innerText()).trim();
			expect(link).toBe(
				`${ORIGIN}/reis/${created.id}/sessie?token=${encodeURIComponent(created.tokens.editor)}`
			);
			// Reachable by others, so no warning.
			expect(await page.locator('details.share').getByRole('alert').count()).toBe(0);

			await page.getByRole('button', { name: 'Sessie starten' }).click();
			// A finding, so the summary links to its step.
			await page.getByLabel('Principe', { exact: true }).selectOption({ label: 'Dienen' });
			await page.getByLabel('Uw bevinding').fill('Het loket is op woensdag dicht');
			await page.getByRole('button', { name: 'Bevinding toevoegen' }).click();
			await page.getByRole('list', { name: 'Bevindingen bij Dienen' }).getByText('woensdag').waitFor();
			await page.getByRole('button', { name: 'Sessie afronden' }).click();
			const [download] = await Promise.all([
				page.waitForEvent('download'),
				page.getByRole('button', { name: 'Download als Markdown' }).click()
			]);
			const markdown = Buffer.concat(await (await download.createReadStream()).toArray()).toString('utf8');
			expect(markdown).toContain(`${ORIGIN}/reis/${created.id}`);
			expect(markdown).not.toContain('127.0.0.1');
		} finally {
			await context.close();
		}
	}, 90_000);
});
