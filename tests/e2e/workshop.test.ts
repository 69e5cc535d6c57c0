import {
	expect as baseExpect,
	test,
	type Browser,
	type BrowserContextOptions,
	type Page
} from '@playwright/test';
import { readFileSync } from 'node:fs';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import {
	card,
	cardWidth,
	createJourney,
	expectNoSeriousAxeViolations,
	giveName,
	gotoReady,
	mapTop,
	openLive,
	reloadReady,
	smallestTitle,
	zoom
} from './helpers';

/**
 * A whole workshop, as issue #13 describes it: a facilitator with a laptop (1280×720) and a
 * projector (1920×1080), three participants at 1280×720 who reach the trainer session three
 * ways (from the map, with the participants' link, from the overview) and one on a 390×844
 * phone. Each step asserts what the people in the room would see. Slow on purpose: six
 * browsers at once on a shared two-core machine, so every wait is generous.
 */

const expect = baseExpect.configure({ timeout: 30_000 });
// An action that cannot happen (a missing option, a covered button) fails within a minute.
test.use({ actionTimeout: 60_000 });

const verhuizing = JSON.parse(readFileSync('journeys/verhuizing-doorgeven.json', 'utf8')) as {
	title: string;
	organisation: string;
	personas: { id: string; name: string }[];
	steps: { id: string; title: string; stageId: string; owner: string }[];
	painPoints: { id: string; stepId: string; description: string }[];
};
const title = (id: string) => verhuizing.steps.find((s) => s.id === id)!.title;

const LAPTOP = { width: 1280, height: 720 };
const PROJECTOR = { width: 1920, height: 1080 };
const PHONE: BrowserContextOptions = {
	viewport: { width: 390, height: 844 },
	isMobile: true,
	hasTouch: true
};

/** Every page's uncaught errors, by person; the test ends by asserting there are none. */
const pageErrors: string[] = [];

/**
 * A browser of its own (own storage, own cookies) at a size. The page records the sockets it
 * opens (`window.__sockets`) and the close codes they get (`window.__closes`), so the test can
 * send a control through a participant's own connection and see whether the server closes it.
 */
async function browserFor(browser: Browser, who: string, options: BrowserContextOptions) {
	const context = await browser.newContext(options);
	await context.addInitScript(() => {
		const w = window as unknown as { __sockets: WebSocket[]; __closes: number[] };
		w.__sockets = [];
		w.__closes = [];
		const Native = window.WebSocket;
		window.WebSocket = class extends Native {
			constructor(url: string | URL, protocols?: string | string[]) {
				super(url, protocols);
				w.__sockets.push(this);
				this.addEventListener('close', (e) => w.__closes.push(e.code));
			}
		};
	});
	const page = await context.newPage();
	page.on('pageerror', (e) => pageErrors.push(`${who}: ${e.message}`));
	return page;
}

/** The reis line as "from>to" step ids, in drawing order. */
function reisLine(page: Page) {
	return page
		.locator('path.reis')
		.evaluateAll((els) => els.map((el) => `${el.getAttribute('data-from')}>${el.getAttribute('data-to')}`));
}

/** Width and height of a PNG, from its IHDR chunk (bytes 16 to 24). */
function pngSize(png: Buffer) {
	expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
	return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

async function downloaded(page: Page, button: string) {
	const [file] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('button', { name: button }).click()
	]);
	const path = test.info().outputPath(file.suggestedFilename());
	await file.saveAs(path);
	return readFileSync(path);
}

/** Opens "Meer" on the map page when it is closed. */
async function openMore(page: Page) {
	const more = page.getByRole('button', { name: 'Meer' });
	if ((await more.getAttribute('aria-expanded')) !== 'true') await more.click();
}

/**
 * A trainer-session control (the session doc's "current step") as a participant's client would
 * send it on its own socket: MessageType.SessionDoc (100), then a Yjs update (sync type 2).
 */
function sessionControlFrame(): number[] {
	const doc = new Y.Doc();
	doc.getMap('session').set('currentStepId', 'door-een-deelnemer');
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 100);
	encoding.writeVarUint(e, 2);
	encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc));
	return [...encoding.toUint8Array(e)];
}

async function addFinding(page: Page, principle: string, text: string, tap = false) {
	await page.getByLabel('Principe', { exact: true }).selectOption({ label: principle });
	await page.getByLabel('Uw bevinding').fill(text);
	const add = page.getByRole('button', { name: 'Bevinding toevoegen' });
	await (tap ? add.tap() : add.click());
	await expect(page.getByLabel('Uw bevinding')).toHaveValue('');
}

test('a whole workshop: facilitator, projector, three participants and a phone', async ({
	browser,
	request
}) => {
	test.setTimeout(900_000);
	const created = await createJourney(request, verhuizing);
	const journeyPath = `/reis/${created.id}`;
	const snapshot = async () => {
		const res = await request.get(`/api/journeys/${created.id}`, {
			headers: { authorization: `Bearer ${created.tokens.viewer}` }
		});
		expect(res.status()).toBe(200);
		return (await res.json()) as {
			steps: { id: string; title: string; emotions: Record<string, number> }[];
			painPoints: { stepId: string; description: string }[];
		};
	};

	const laptop = await browserFor(browser, 'Fatima', { viewport: LAPTOP });
	const projector = await browserFor(browser, 'Beamer', { viewport: PROJECTOR });
	const bas = await browserFor(browser, 'Bas', { viewport: LAPTOP });
	const chris = await browserFor(browser, 'Chris', { viewport: LAPTOP });
	const dewi = await browserFor(browser, 'Dewi', { viewport: LAPTOP });
	const sanne = await browserFor(browser, 'Sanne', PHONE);

	await test.step('the facilitator prepares on the laptop: one compact row, the share panel, a name asked once', async () => {
		await openLive(laptop, created.links.facilitator);
		await giveName(laptop, 'Fatima');
		// The map starts within 200 px of the top at 1280×720 (one row of chrome).
		expect(await mapTop(laptop)).toBeLessThanOrEqual(200);

		// The share panel: opened on 127.0.0.1 with a server that listens only there, it says the
		// links will not work on other devices, and how to fix that.
		const share = laptop.getByRole('button', { name: 'Delen' });
		await share.click();
		const panel = laptop.getByRole('region', { name: 'Delen' });
		await expect(
			panel.getByRole('img', { name: 'QR-code van de deelnemerslink' }).locator('svg')
		).toBeVisible();
		// The panel fits the window: nothing in it runs off the right edge (its warning did).
		const right = await panel.evaluate((el) =>
			Math.max(...[el, ...el.querySelectorAll('*')].map((e) => e.getBoundingClientRect().right))
		);
		expect(right).toBeLessThanOrEqual(LAPTOP.width);
		const editorLink = await panel.getByRole('textbox', { name: /^Link voor Deelnemer/ }).inputValue();
		expect(editorLink).toContain(`token=${encodeURIComponent(created.tokens.editor)}`);
		if (['127.0.0.1', 'localhost'].includes(new URL(editorLink).hostname)) {
			const alert = panel.getByRole('alert');
			await expect(alert).toContainText('Andere apparaten kunnen deze links niet openen');
			await expect(alert).toContainText('ORIGIN');
		}
		// Esc closes the panel and focus goes back to "Delen".
		await panel
			.getByRole('button', { name: /^Kopieer link/ })
			.first()
			.focus();
		await laptop.keyboard.press('Escape');
		await expect(panel).toHaveCount(0);
		await expect(share).toBeFocused();

		// The name is kept in this browser: no second question.
		await reloadReady(laptop);
		await expect(laptop.getByRole('status').filter({ hasText: 'Verbonden' })).toBeVisible();
		await expect(laptop.getByRole('button', { name: 'U bent Fatima' })).toBeVisible();
		await expect(laptop.getByRole('dialog', { name: 'Welkom! Hoe heet u?' })).toHaveCount(0);
	});

	await test.step('the projector: after "Passend maken" the 14 titles read at 12 px or more, and the map refits on resize', async () => {
		await openLive(projector, created.links.facilitator);
		await giveName(projector, 'Beamer');
		await projector.getByRole('button', { name: 'Passend maken' }).click();
		await expect(projector.locator('text.card-title')).toHaveCount(verhuizing.steps.length);
		await expect.poll(() => smallestTitle(projector)).toBeGreaterThanOrEqual(12);

		const before = await zoom(projector);
		await projector.setViewportSize({ width: 1440, height: 810 });
		await expect.poll(() => zoom(projector)).toBeLessThan(before * 0.9);
		const view = (await projector.locator('.viewport').boundingBox())!;
		await expect
			.poll(async () => (await projector.locator('svg.map').boundingBox())!.width)
			.toBeLessThanOrEqual(view.width + 1);
		await projector.setViewportSize(PROJECTOR);
		await expect.poll(() => zoom(projector)).toBeCloseTo(before, 2);
		expect(await smallestTitle(projector)).toBeGreaterThanOrEqual(12);
	});

	await test.step('participants arrive on the map, and everyone sees the same roles', async () => {
		await openLive(bas, created.links.editor);
		await giveName(bas, 'Bas');
		await openLive(sanne, created.links.editor);
		await giveName(sanne, 'Sanne');

		await expect(bas.getByRole('button', { name: 'Fatima (Begeleider)' })).toBeVisible();
		await expect(bas.getByRole('button', { name: 'Beamer (Begeleider)' })).toBeVisible();
		await expect(bas.getByRole('button', { name: 'Sanne (Deelnemer)' })).toBeVisible();
		await expect(laptop.getByRole('button', { name: 'Bas (Deelnemer)' })).toBeVisible();
		await expect(laptop.getByRole('button', { name: 'Sanne (Deelnemer)' })).toBeVisible();
		// A participant is a participant to themselves too ("Begeleider" next to "U bent …" was the bug).
		await expect(bas.getByText('Bas (u, Deelnemer)')).toBeAttached();
		await expect(bas.getByText('Deelnemer (bewerken)')).toBeVisible();
		await expect(laptop.getByText('Fatima (u, Begeleider)')).toBeAttached();
	});

	const zoomTitle = title('s04-formulier-invullen');
	await test.step('"Breng iedereen hier", and a participant follows the facilitator', async () => {
		const before = await cardWidth(bas, zoomTitle);
		await laptop.getByRole('button', { name: 'Inzoomen' }).click();
		await laptop.getByRole('button', { name: 'Inzoomen' }).click();
		const zoomed = await cardWidth(laptop, zoomTitle);
		expect(zoomed).toBeGreaterThan(before * 1.3);
		await laptop.getByRole('button', { name: 'Breng iedereen hier' }).click();
		await expect.poll(() => cardWidth(bas, zoomTitle)).toBeGreaterThan(before * 1.3);
		await expect(bas.getByRole('log', { name: 'Wijzigingen van anderen' })).toContainText(
			'Fatima heeft iedereen naar haar of zijn beeld gebracht'
		);

		await bas.getByRole('button', { name: 'Fatima (Begeleider)' }).click();
		await bas.getByRole('button', { name: 'Volg Fatima' }).click();
		await expect(bas.getByText('U volgt Fatima')).toBeVisible();
		await laptop.getByRole('button', { name: 'Passend maken' }).click();
		const fitted = await cardWidth(laptop, zoomTitle);
		await expect.poll(() => cardWidth(bas, zoomTitle)).toBeLessThan(zoomed * 0.9);
		expect(Math.abs((await cardWidth(bas, zoomTitle)) - fitted)).toBeLessThan(fitted * 0.15);
		await bas.getByRole('button', { name: 'Stop met volgen' }).click();
		await expect(bas.getByText('U volgt Fatima')).toHaveCount(0);

		// With a step open, everyone goes to that step; Esc closes the step panel again.
		const target = title('s09-bellen-over-status');
		await card(laptop, target).click();
		const panel = laptop.getByRole('region', { name: /^Stap \d+$/ });
		await expect(panel).toBeVisible();
		await laptop.getByRole('button', { name: /^Breng iedereen naar stap \d+$/ }).click();
		await expect(bas.getByRole('log', { name: 'Wijzigingen van anderen' })).toContainText(
			/Fatima heeft iedereen naar stap \d+ gebracht/
		);
		await expect(card(bas, target)).toBeInViewport();
		await laptop.getByLabel('Titel', { exact: true }).focus();
		await laptop.keyboard.press('Escape');
		await expect(panel).toHaveCount(0);
		await expect(card(laptop, target)).toBeFocused();
	});

	const first = title('s01-zoeken-op-website');
	const second = title('s02-bellen-zonder-computer');
	await test.step('moving a card to another fase renumbers it at once for everyone', async () => {
		await expect(card(bas, first)).toHaveAttribute('aria-label', /^1 /);
		await expect(sanne.getByRole('button', { name: `Stap 1: ${first}` })).toBeVisible();
		await card(laptop, first).focus();
		await laptop.keyboard.press('Alt+ArrowRight');
		// Into "Doorgeven" from the left: the first step of that fase, so number 2 after "Bellen".
		await expect(card(laptop, first)).toHaveAttribute('aria-label', /^2 .*Fase Doorgeven/);
		await expect(card(laptop, first)).toBeFocused();
		for (const page of [bas, projector]) {
			await expect(card(page, second)).toHaveAttribute('aria-label', /^1 /);
			await expect(card(page, first)).toHaveAttribute('aria-label', /^2 /);
			await expect
				.poll(async () => (await reisLine(page)).slice(0, 2))
				.toEqual([
					's02-bellen-zonder-computer>s01-zoeken-op-website',
					's01-zoeken-op-website>s03-inloggen-digid'
				]);
		}
		await expect(
			sanne.getByRole('region', { name: 'Doorgeven' }).getByRole('button', { name: `Stap 2: ${first}` })
		).toBeVisible();
		await expect(sanne.getByRole('button', { name: `Stap 1: ${second}` })).toBeVisible();
	});

	const phoneStep = 'Vraagt de buurvrouw om hulp';
	await test.step('the phone: nothing wider than the screen; a step, an emotion and a pain point by tap', async () => {
		const width = () => sanne.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
		const [scroll, inner] = await width();
		expect(scroll).toBeLessThanOrEqual(inner);
		// The steps per fase, the first of them on the first screen.
		await expect(sanne.getByRole('heading', { name: 'Oriënteren' })).toBeVisible();
		const firstStep = sanne.getByRole('button', { name: `Stap 1: ${second}` });
		const box = (await firstStep.boundingBox())!;
		expect(box.y + box.height).toBeLessThanOrEqual(844);
		await expectNoSeriousAxeViolations(sanne);

		// A new step: its title field starts empty and focused.
		await sanne.getByRole('button', { name: 'Stap toevoegen in Oriënteren' }).tap();
		const sheet = sanne.getByRole('region', { name: /^Stap \d+$/ });
		await expect(sheet).toBeVisible();
		const titleField = sheet.getByLabel('Titel', { exact: true });
		await expect(titleField).toHaveValue('');
		await expect(titleField).toBeFocused();
		await titleField.fill(phoneStep);
		await titleField.blur();
		await sheet.getByRole('button', { name: 'Sluiten' }).first().tap();
		await expect(sheet).toHaveCount(0);
		await expect(sanne.getByRole('button', { name: `Stap 2: ${phoneStep}` })).toBeVisible();
		await expect(card(laptop, phoneStep)).toHaveAttribute('aria-label', /^2 /);
		await expect(card(laptop, first)).toHaveAttribute('aria-label', /^3 /);

		// An emotion and a pain point on the first step.
		await firstStep.tap();
		await expect(sheet).toBeVisible();
		const persona = verhuizing.personas[0];
		const emotion = sheet.getByLabel(persona.name, { exact: true });
		await emotion.tap();
		await emotion.selectOption({ label: 'Heel negatief' });
		await sheet.getByRole('button', { name: 'Pijnpunt toevoegen' }).tap();
		const form = sanne.getByRole('form', { name: 'Nieuw pijnpunt' });
		await form.getByRole('checkbox', { name: /^Dienen/ }).tap();
		await form.getByLabel('Omschrijving').fill('Aan de telefoon moet je toch een formulier online invullen');
		await form.getByRole('button', { name: 'Pijnpunt opslaan' }).tap();
		await expect(form).toHaveCount(0);
		const [scrollOpen, innerOpen] = await width();
		expect(scrollOpen).toBeLessThanOrEqual(innerOpen);
		await expect
			.poll(async () => {
				const j = await snapshot();
				return {
					emotion: j.steps.find((s) => s.id === 's02-bellen-zonder-computer')?.emotions[persona.id],
					pain: j.painPoints.some(
						(p) => p.stepId === 's02-bellen-zonder-computer' && /formulier online/.test(p.description)
					)
				};
			})
			.toEqual({ emotion: -2, pain: true });
		await sheet.getByRole('button', { name: 'Sluiten' }).first().tap();
		await expect(sheet).toHaveCount(0);
	});

	await test.step("one-click ticket from a pain point, with the step's afdeling as vakafdeling", async () => {
		const pain = verhuizing.painPoints.find((p) => p.id === 'pp-hoofdbewoner-onduidelijk')!;
		const step = verhuizing.steps.find((s) => s.id === pain.stepId)!;
		await card(laptop, step.title).click();
		await laptop.getByRole('link', { name: /^Ticket maken van pijnpunt: Het formulier vraagt/ }).click();
		await expect(laptop).toHaveURL(new RegExp(`/tickets\\?pijnpunt=${pain.id}`));
		const form = laptop.getByRole('form', { name: 'Nieuw verbeterticket' });
		await expect(form.getByLabel('Vakafdeling', { exact: true })).toHaveValue(step.owner);
		await expect(form.getByLabel('Titel van het ticket')).toBeFocused();
		await expect(form.getByRole('link', { name: `Terug naar de stap "${step.title}"` })).toBeVisible();
		await form.getByRole('button', { name: 'Ticket aanmaken' }).click();
		await expect(laptop.getByRole('article', { name: /^Het formulier vraagt/ })).toBeVisible();
		await openLive(laptop, journeyPath);
	});

	const total = verhuizing.steps.length + 1;
	await test.step('"Loop de reis als…" by keyboard: no errors, the step centred, focus kept at the end', async () => {
		const errors: string[] = [];
		const onError = (e: Error) => errors.push(e.message);
		const onConsole = (m: { type(): string; text(): string }) => {
			if (m.type() === 'error') errors.push(m.text());
		};
		laptop.on('pageerror', onError);
		laptop.on('console', onConsole);
		await laptop.getByRole('button', { name: 'Loop de reis als…' }).click();
		await expect(laptop.getByText(`Stap 1 van ${total}`)).toBeVisible();
		const next = laptop.getByRole('button', { name: 'Volgende stap' });
		await next.focus();
		for (let i = 0; i < 3; i++) await laptop.keyboard.press('Enter');
		await expect(laptop.getByText(`Stap 4 van ${total}`)).toBeVisible();
		await laptop.keyboard.press('ArrowLeft');
		await expect(laptop.getByText(`Stap 3 van ${total}`)).toBeVisible();
		const current = laptop.locator('[data-card][aria-pressed="true"]');
		await expect(current).toHaveAttribute('aria-label', /^3 /);
		await expect
			.poll(async () => {
				const box = (await current.boundingBox())!;
				const view = (await laptop.locator('.viewport').boundingBox())!;
				return Math.hypot(
					box.x + box.width / 2 - (view.x + view.width / 2),
					box.y + box.height / 2 - (view.y + view.height / 2)
				);
			})
			.toBeLessThan(4);
		// On to the last step and one press beyond: the button says it cannot go on, and keeps focus.
		for (let i = 3; i < total; i++) await laptop.keyboard.press('Enter');
		await expect(laptop.getByText(`Stap ${total} van ${total}`)).toBeVisible();
		await expect(next).toBeFocused();
		await expect(next).toHaveAttribute('aria-disabled', 'true');
		await laptop.keyboard.press('Escape');
		await expect(laptop.getByText(`Stap ${total} van ${total}`)).toHaveCount(0);
		laptop.off('pageerror', onError);
		laptop.off('console', onConsole);
		expect(errors).toEqual([]);
	});

	await test.step('the exported PNG carries the framed map: title, organisation, date and legend', async () => {
		await openMore(laptop);
		const svg = (await downloaded(laptop, 'Download SVG')).toString('utf8');
		expect(svg).toContain(verhuizing.title);
		expect(svg).toContain(verhuizing.organisation);
		expect(svg).toContain('Emotie:');
		expect(svg).toContain(phoneStep);
		const [, w, h] = /<svg[^>]* width="([\d.]+)" height="([\d.]+)"/.exec(svg)!;
		await openMore(laptop);
		const png = await downloaded(laptop, 'Download PNG');
		// The PNG is the same framed drawing at twice the size (sharp on a projector and in print).
		const size = pngSize(png);
		expect(Math.abs(size.width - Number(w) * 2)).toBeLessThanOrEqual(1);
		expect(Math.abs(size.height - Number(h) * 2)).toBeLessThanOrEqual(1);
		expect(png.byteLength).toBeGreaterThan(50_000);
		await laptop.keyboard.press('Escape');
	});

	let participantUrl = '';
	await test.step('the trainer session: three ways in, and a phone', async () => {
		await openMore(laptop);
		await laptop.getByRole('link', { name: 'Trainerssessie starten' }).click();
		await expect(laptop.getByRole('heading', { name: 'Hostmanship-sessie', level: 1 })).toBeVisible();
		await laptop.getByText('Link voor de deelnemers').click();
		participantUrl = (await laptop.locator('details.share .link code').innerText()).trim();
		expect(participantUrl).toContain(`/sessie?token=${encodeURIComponent(created.tokens.editor)}`);
		if (['127.0.0.1', 'localhost'].includes(new URL(participantUrl).hostname)) {
			await expect(laptop.locator('details.share').getByRole('alert')).toContainText(
				'Andere apparaten kunnen deze link niet openen'
			);
		}
		await laptop.getByRole('button', { name: 'Sessie starten' }).click();
		const heading = laptop.getByRole('heading', { name: new RegExp(`^Stap 1 van ${total}: `) });
		await expect(heading).toBeVisible();

		// The projector shows the presenter view (its cookie from the map carries the access).
		await gotoReady(projector, `${journeyPath}/sessie/scherm`);
		await expect(projector.getByRole('heading', { name: second, level: 1 })).toBeVisible();
		await expect(
			projector.getByRole('img', { name: 'QR-code van de deelnemerslink' }).locator('svg')
		).toBeVisible();

		// Bas goes from the map he has open (editor link): "Meer", then "Trainerssessie".
		await openMore(bas);
		await bas.getByRole('link', { name: 'Trainerssessie' }).click();
		// Chris has the participants' link (what the QR code holds).
		await openLive(chris, participantUrl);
		await chris.getByLabel('Uw naam in deze sessie').fill('Chris');
		await chris.getByLabel('Uw naam in deze sessie').blur();
		// Dewi comes from the overview.
		await openLive(dewi, `${journeyPath}/overzicht?token=${encodeURIComponent(created.tokens.editor)}`);
		await dewi.getByRole('link', { name: 'Naar de trainerssessie' }).click();
		// Sanne taps her way in on the phone.
		await sanne.getByRole('button', { name: 'Meer' }).tap();
		await sanne.getByRole('link', { name: 'Trainerssessie' }).tap();
		for (const page of [bas, chris, dewi, sanne]) {
			await expect(page.getByRole('heading', { name: new RegExp(`^Stap 1 van ${total}: `) })).toHaveText(
				(await heading.innerText()).trim()
			);
			await expect(page.getByText('U volgt de trainer.')).toBeVisible();
		}
	});

	await test.step('everyone follows the step; a refused control leaves the connection open', async () => {
		await laptop.getByRole('button', { name: 'Volgende stap' }).click();
		const heading = laptop.getByRole('heading', { name: new RegExp(`^Stap 2 van ${total}: `) });
		await expect(heading).toBeVisible();
		const text = (await heading.innerText()).trim();
		for (const page of [bas, chris, dewi, sanne])
			await expect(page.getByRole('heading', { level: 2, name: text })).toBeVisible();
		await expect(projector.getByRole('heading', { name: phoneStep, level: 1 })).toBeVisible();

		// Bas's client sends a control on its own socket: the server drops it, the socket stays.
		const frame = sessionControlFrame();
		await bas.evaluate((bytes) => {
			const sockets = (window as unknown as { __sockets: WebSocket[] }).__sockets;
			const live = sockets.filter((s) => s.readyState === WebSocket.OPEN && s.url.includes('/sync'));
			if (live.length !== 1) throw new Error(`${live.length} open sync sockets`);
			live[0].send(new Uint8Array(bytes));
		}, frame);
		await addFinding(bas, 'Dienen', 'De buurvrouw weet ook niet hoe het moet');
		await expect(laptop.getByRole('list', { name: 'Bevindingen bij Dienen' })).toContainText(
			'De buurvrouw weet'
		);
		await expect(laptop.getByRole('heading', { name: text })).toBeVisible();
		await expect(bas.getByRole('status').filter({ hasText: 'Verbonden' })).toBeVisible();
		await expect(bas.getByText('Geen toegang')).toHaveCount(0);
		// No close with one of our named codes (4xxx): nothing refused this connection.
		expect(
			(await bas.evaluate(() => (window as unknown as { __closes: number[] }).__closes)).filter(
				(c) => c >= 4000
			)
		).toEqual([]);
	});

	await test.step('findings from everyone, revealed, and votes', async () => {
		await addFinding(chris, 'Dialoog voeren', 'Niemand vraagt waarom ik hulp nodig heb');
		await addFinding(dewi, 'Kennis hebben', 'De balie kent de regels voor inwonen niet');
		await addFinding(sanne, 'Consideratie hebben', 'Zonder computer voel je je dom', true);
		await expect(projector.getByText('1 bevinding, nog verborgen')).toHaveCount(4);
		await laptop.getByRole('button', { name: 'Bevindingen tonen aan iedereen' }).click();
		await expect(
			projector
				.getByRole('list', { name: 'Bevindingen bij Consideratie hebben' })
				.getByText('Zonder computer')
		).toBeVisible();
		await bas.getByRole('button', { name: /^Stem op: Zonder computer/ }).click();
		await chris.getByRole('button', { name: /^Stem op: Zonder computer/ }).click();
		await dewi.getByRole('button', { name: /^Stem op: De buurvrouw/ }).click();
		await sanne.getByRole('button', { name: /^Stem op: Niemand vraagt/ }).tap();
		await expect(laptop.getByRole('list', { name: 'Bevindingen bij Consideratie hebben' })).toContainText(
			'2 stemmen'
		);
		await expect(laptop.getByRole('list', { name: 'Bevindingen bij Dienen' })).toContainText('1 stem');
		await expect(projector.getByRole('list', { name: 'Bevindingen bij Dialoog voeren' })).toContainText(
			'1 stem'
		);
	});

	await test.step('the presenter view: QR code, step and timer; no tokens, nothing to click', async () => {
		await laptop.getByLabel('Minuten').fill('5');
		await laptop.getByRole('button', { name: 'Timer starten' }).click();
		await expect(projector.getByRole('timer', { name: 'Tijd over' })).toHaveText(/^[45]:\d\d$/);
		await expect(projector.getByText(`Stap 2 van ${total}`)).toBeVisible();
		await expect(projector.getByRole('img', { name: 'QR-code van de deelnemerslink' })).toBeVisible();
		await expect(projector.getByRole('button')).toHaveCount(0);
		await expect(projector.getByRole('textbox')).toHaveCount(0);
		const body = await projector.locator('body').innerText();
		for (const token of Object.values(created.tokens)) expect(body).not.toContain(token);
		await expect(projector).toHaveURL(/\/sessie\/scherm$/);
		for (const page of [bas, chris, dewi, sanne]) {
			await expect(page.getByRole('status').filter({ hasText: 'Verbonden' })).toBeVisible();
		}
	});

	expect(pageErrors).toEqual([]);
	for (const page of [laptop, projector, bas, chris, dewi, sanne]) await page.context().close();
});
