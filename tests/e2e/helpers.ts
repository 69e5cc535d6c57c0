import AxeBuilder from '@axe-core/playwright';
import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

export type Created = {
	id: string;
	tokens: { facilitator: string; editor: string; viewer: string };
	links: { facilitator: string; editor: string; viewer: string };
};

export const fixture = JSON.parse(readFileSync('tests/fixtures/small-journey.json', 'utf8')) as {
	title: string;
	steps: { id: string; title: string }[];
	[key: string]: unknown;
};

export async function createJourney(request: APIRequestContext, body: unknown = fixture): Promise<Created> {
	const res = await request.post('/api/journeys', { data: body });
	expect(res.status()).toBe(201);
	return (await res.json()) as Created;
}

export async function snapshot(request: APIRequestContext, created: Created) {
	const res = await request.get(`/api/journeys/${created.id}`, {
		headers: { authorization: `Bearer ${created.tokens.viewer}` }
	});
	expect(res.status()).toBe(200);
	return (await res.json()) as {
		title: string;
		stages: { id: string; name: string }[];
		channels: { id: string; name: string }[];
		steps: { id: string; title: string; stageId: string; channelId: string; note: string }[];
	};
}

/**
 * Waits until the page in view is interactive: the root layout marks `<html>`
 * with `data-hydrated` once it has mounted (after every child). A click before
 * that reaches server-rendered HTML without its handlers and is lost; on a
 * busy machine that window lasts seconds.
 */
export async function waitForHydration(page: Page) {
	await expect(page.locator('html[data-hydrated]')).toHaveCount(1, { timeout: 30_000 });
}

/** Opens a page and waits until it is interactive (see waitForHydration). */
export async function gotoReady(page: Page, url: string) {
	await page.goto(url);
	await waitForHydration(page);
}

/** Reloads a page and waits until it is interactive again. */
export async function reloadReady(page: Page) {
	await page.reload();
	await waitForHydration(page);
}

/** Opens a journey link and waits until the page is interactive and live over the sync endpoint. */
export async function openLive(page: Page, link: string) {
	await gotoReady(page, link);
	await expect(page.getByRole('status').filter({ hasText: 'Verbonden' })).toBeVisible({ timeout: 30_000 });
}

/** A step card on the map, by its (start of) title; its name starts with what it shows: "3 Title". */
export function card(page: Page, title: string) {
	return page.getByRole('button', { name: new RegExp(`^\\d+ ${escape(title)}`) });
}

function escape(text: string) {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * axe-core (4.14 or newer) finds no serious or critical violation. Also the experimental
 * `label-content-name-mismatch` (WCAG 2.5.3, Label in Name): a control's accessible name
 * starts with its visible text, so a speech user can say what they see.
 */
export async function expectNoSeriousAxeViolations(page: Page) {
	const results = await new AxeBuilder({ page })
		.options({ rules: { 'label-content-name-mismatch': { enabled: true } } })
		.analyze();
	const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(
		serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)
	).toEqual([]);
}

/**
 * Where the map (its region, the canvas area) starts, in px from the top of the window: at
 * 1280×720 it must be 200 or less (issue #13: one row of chrome, the map gets the screen).
 */
export async function mapTop(page: Page) {
	return (await page.getByRole('region', { name: 'Kaart' }).boundingBox())!.y;
}

/** On-screen size of the smallest card title: font size times the map's zoom (px). */
export function smallestTitle(page: Page) {
	return page
		.locator('text.card-title')
		.evaluateAll((els) =>
			Math.min(
				...els.map(
					(el) => parseFloat(getComputedStyle(el).fontSize) * (el as SVGGraphicsElement).getScreenCTM()!.a
				)
			)
		);
}

/** The map's zoom, from the plane's transform. */
export function zoom(page: Page) {
	return page.locator('.plane').evaluate((el) => new DOMMatrix(getComputedStyle(el).transform).a);
}

/** The newcomer's name dialog, answered (asked once per browser). */
export async function giveName(page: Page, name: string) {
	const dialog = page.getByRole('dialog', { name: 'Welkom! Hoe heet u?' });
	await expect(dialog).toBeVisible();
	await dialog.getByLabel('Naam in deze sessie').fill(name);
	await dialog.getByRole('button', { name: 'Naam gebruiken' }).click();
	await expect(dialog).toHaveCount(0);
	await expect(page.getByRole('button', { name: `U bent ${name}` })).toBeVisible();
}

/** On-screen width of a card: how far this person's view is zoomed in. */
export async function cardWidth(page: Page, title: string) {
	const box = await card(page, title).boundingBox();
	expect(box).not.toBeNull();
	return box!.width;
}
