import { expect, test } from '@playwright/test';
import { createJourney, openLive, waitForHydration } from './helpers';

test('the page may open websockets only to its own instance, and still connects', async ({
	page,
	request
}) => {
	const created = await createJourney(request);
	const violations: string[] = [];
	page.on('console', (m) => {
		if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
	});
	const response = await page.goto(created.links.editor);
	await waitForHydration(page);
	const csp = response!.headers()['content-security-policy'];
	const connect = /connect-src ([^;]*)/.exec(csp)?.[1].trim().split(/\s+/);
	expect(connect).toEqual(["'self'"]);
	// Chromium applies the policy to the page's own sync socket: it still connects.
	await openLive(page, created.links.editor);
	expect(violations).toEqual([]);
	// A websocket to another host is blocked by the browser.
	const blocked = await page.evaluate(
		() =>
			new Promise<string>((resolve) => {
				document.addEventListener('securitypolicyviolation', (e) => resolve(e.violatedDirective), {
					once: true
				});
				try {
					new WebSocket('ws://other-host.invalid/sync/x');
				} catch (e) {
					resolve(`thrown: ${(e as Error).name}`);
				}
			})
	);
	expect(blocked).toMatch(/connect-src|SecurityError/);
});
