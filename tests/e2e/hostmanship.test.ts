import { expect, test, type Locator, type Page } from '@playwright/test';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { card, createJourney, expectNoSeriousAxeViolations, openLive, reloadReady } from './helpers';

function sessionLink(id: string, token: string) {
	return `/reis/${encodeURIComponent(id)}/sessie?token=${encodeURIComponent(token)}`;
}

function stepHeading(page: Page, n: number, title: string) {
	return page.getByRole('heading', { name: `Stap ${n} van 3: ${title}` });
}

async function addFinding(page: Page, principle: string, text: string) {
	await page.getByLabel('Principe', { exact: true }).selectOption({ label: principle });
	await page.getByLabel('Uw bevinding').fill(text);
	await page.getByRole('button', { name: 'Bevinding toevoegen' }).click();
	await expect(page.getByLabel('Uw bevinding')).toHaveValue('');
}

/**
 * On paper (print media) the page shows `shown` and none of `hidden`: controls carry the
 * global class `no-print` (app.css). Back to the screen afterwards.
 */
async function expectPrinted(page: Page, shown: Locator[], hidden: Locator[]) {
	await page.emulateMedia({ media: 'print' });
	for (const l of shown) await expect(l).toBeVisible();
	for (const l of hidden) await expect(l).toBeHidden();
	await expect(page.getByRole('banner')).toBeHidden();
	await page.emulateMedia({ media: 'screen' });
	for (const l of hidden) await expect(l).toBeVisible();
}

const LONG_QUEUE = 'Lange rij bij de balie, nergens een stoel';
const NOBODY_EXPLAINS = 'Niemand zegt wat je mee moet nemen';
const DAYTIME_ONLY = 'De balie is alleen overdag open';

test('a trainer walks the reis with two participants: follow, findings, votes, timer, summary', async ({
	browser,
	request
}) => {
	// Three browsers, each live: this walk takes longer than one page does.
	test.setTimeout(150_000);
	const created = await createJourney(request);
	const trainer = await (await browser.newContext()).newPage();
	const fatima = await (await browser.newContext()).newPage();
	const bas = await (await browser.newContext()).newPage();
	await openLive(trainer, sessionLink(created.id, created.tokens.facilitator));
	await openLive(fatima, sessionLink(created.id, created.tokens.editor));
	await openLive(bas, sessionLink(created.id, created.tokens.editor));
	await expect(fatima.getByText('Er loopt nog geen sessie.')).toBeVisible();
	await fatima.getByLabel('Uw naam in deze sessie').fill('Fatima (KCC)');
	await fatima.getByLabel('Uw naam in deze sessie').press('Tab');

	// The trainer starts a session with two votes each; both participants are taken to step 1.
	await trainer.getByLabel('Stemmen per deelnemer').fill('2');
	await trainer.getByRole('button', { name: 'Sessie starten' }).click();
	for (const p of [trainer, fatima, bas]) {
		await expect(stepHeading(p, 1, 'Zoekt wat ze mee moet nemen')).toBeVisible();
	}
	await trainer.getByRole('button', { name: 'Volgende stap' }).click();
	await expect(stepHeading(fatima, 2, 'Maakt online een afspraak')).toBeVisible();
	await expect(stepHeading(bas, 2, 'Maakt online een afspraak')).toBeVisible();

	// Fatima leaves follow mode and looks back; the trainer moves on without her, then she follows again.
	await fatima.getByRole('button', { name: 'Zelf rondkijken' }).click();
	await fatima.getByRole('button', { name: 'Vorige stap' }).click();
	await expect(stepHeading(fatima, 1, 'Zoekt wat ze mee moet nemen')).toBeVisible();
	await trainer.getByRole('button', { name: 'Volgende stap' }).click();
	await expect(stepHeading(bas, 3, 'Haalt het paspoort op')).toBeVisible();
	await expect(fatima.getByText('De trainer is bij stap 3.')).toBeVisible();
	await expect(stepHeading(fatima, 1, 'Zoekt wat ze mee moet nemen')).toBeVisible();
	await fatima.getByRole('button', { name: 'Volg de trainer weer' }).click();
	await expect(stepHeading(fatima, 3, 'Haalt het paspoort op')).toBeVisible();

	// The trainer rewrites a prompt question; everyone sees it on the card.
	await trainer.getByRole('button', { name: 'Vraag aanpassen: Consideratie hebben' }).click();
	await trainer
		.getByLabel('Vraag bij Consideratie hebben', { exact: true })
		.fill('Kan Ans hier ergens zitten?');
	await trainer.getByRole('button', { name: 'Vraag opslaan' }).click();
	await expect(
		bas.getByRole('article', { name: 'Consideratie hebben' }).getByText('Kan Ans hier ergens zitten?')
	).toBeVisible();

	// Findings: Fatima with her name, Bas anonymously. Before the reveal each sees only their own.
	await addFinding(fatima, 'Consideratie hebben', LONG_QUEUE);
	await bas.getByLabel('Anoniem toevoegen (zonder mijn naam)').check();
	await addFinding(bas, 'Dialoog voeren', NOBODY_EXPLAINS);
	await addFinding(bas, 'Dienen', DAYTIME_ONLY);
	const trainerDialogue = trainer.getByRole('list', { name: 'Bevindingen bij Dialoog voeren' });
	await expect(trainerDialogue.getByText(NOBODY_EXPLAINS)).toBeVisible();
	await expect(trainer.getByRole('list', { name: 'Bevindingen bij Consideratie hebben' })).toContainText(
		'Fatima (KCC)'
	);
	await expect(fatima.getByText('2 bevindingen van anderen zijn nog verborgen')).toBeVisible();
	await expect(fatima.getByText(NOBODY_EXPLAINS)).toHaveCount(0);
	await expect(fatima.getByRole('button', { name: /^Stem op/ })).toHaveCount(0);

	await trainer.getByRole('button', { name: 'Bevindingen tonen aan iedereen' }).click();
	await expect(fatima.getByText(NOBODY_EXPLAINS)).toBeVisible();
	await expect(fatima.getByRole('list', { name: 'Bevindingen bij Dialoog voeren' })).toContainText('Anoniem');

	// Votes within the budget of two.
	await expect(fatima.getByText('U heeft nog 2 van 2 stemmen.')).toBeVisible();
	await fatima.getByRole('button', { name: `Stem op: ${NOBODY_EXPLAINS}` }).click();
	await fatima.getByRole('button', { name: `Stem op: ${NOBODY_EXPLAINS}` }).click();
	await expect(fatima.getByText('U heeft nog 0 van 2 stemmen.')).toBeVisible();
	await expect(fatima.getByRole('button', { name: `Stem op: ${DAYTIME_ONLY}` })).toBeDisabled();
	await bas.getByRole('button', { name: `Stem op: ${NOBODY_EXPLAINS}` }).click();
	await bas.getByRole('button', { name: `Stem op: ${LONG_QUEUE}` }).click();
	await expect(bas.getByText('U heeft nog 0 van 2 stemmen.')).toBeVisible();
	await expect(trainerDialogue).toContainText('3 stemmen');
	await expectNoSeriousAxeViolations(fatima);

	// The timer: all three count down to the same end time.
	await trainer.getByLabel('Minuten').fill('5');
	await trainer.getByRole('button', { name: 'Timer starten' }).click();
	const ends: string[] = [];
	for (const p of [trainer, fatima, bas]) {
		await expect(p.getByRole('timer', { name: 'Tijd over' })).toHaveText(/^(5:00|4:5\d)$/);
		ends.push((await p.getByText(/^Loopt af om /).innerText()).trim());
	}
	expect(ends[0]).toMatch(/^Loopt af om \d\d:\d\d:\d\d$/);
	expect(new Set(ends).size).toBe(1);
	await expectNoSeriousAxeViolations(trainer);

	// Printed during the walk, a participant's page keeps the step and drops every control.
	await expectPrinted(
		bas,
		[stepHeading(bas, 3, 'Haalt het paspoort op')],
		[
			bas.getByLabel('Uw naam in deze sessie'),
			bas.getByRole('navigation', { name: 'Door de reis lopen' }),
			bas.getByRole('button', { name: 'Bevinding toevoegen' }),
			bas.getByRole('complementary', { name: 'Sessie' })
		]
	);

	// The summary: per principle the top-voted findings, for everyone.
	await trainer.getByRole('button', { name: 'Sessie afronden' }).click();
	for (const p of [trainer, fatima, bas]) {
		await expect(p.getByRole('heading', { name: 'Samenvatting van de sessie' })).toBeVisible();
	}
	const top = trainer.getByRole('list', { name: 'Meeste stemmen bij Dialoog voeren' }).getByRole('listitem');
	await expect(top.first()).toContainText(NOBODY_EXPLAINS);
	await expect(top.first()).toContainText('3 stemmen');
	await expect(
		bas.getByRole('list', { name: 'Meeste stemmen bij Consideratie hebben' }).getByRole('listitem').first()
	).toContainText('1 stem');
	// The printed summary is the findings alone: no start form, share link, buttons or checkboxes.
	await expectPrinted(
		trainer,
		[trainer.getByRole('heading', { name: 'Samenvatting van de sessie' }), top.first()],
		[
			trainer.getByRole('button', { name: 'Nieuwe sessie starten' }),
			trainer.getByText('Link voor de deelnemers'),
			trainer.getByRole('button', { name: 'Afdrukken' }),
			trainer.getByRole('checkbox', { name: `Maak hier een pijnpunt van: ${NOBODY_EXPLAINS}` }),
			trainer.getByRole('button', { name: /^Maak pijnpunten van gekozen bevindingen/ })
		]
	);

	const [download] = await Promise.all([
		trainer.waitForEvent('download'),
		trainer.getByRole('button', { name: 'Download als Markdown' }).click()
	]);
	expect(download.suggestedFilename()).toBe('hostmanship-sessie-paspoort-aanvragen-testreis.md');
	const markdown = Buffer.concat(await (await download.createReadStream()).toArray()).toString('utf8');
	expect(markdown).toContain('## Dialoog voeren');
	expect(markdown).toContain(`1. ${NOBODY_EXPLAINS}\\\n   3 stemmen, bij [stap 3: Haalt het paspoort op]`);
	await expectNoSeriousAxeViolations(trainer);

	// One click turns the chosen finding into a pain point on the canvas.
	await trainer.getByRole('checkbox', { name: `Maak hier een pijnpunt van: ${NOBODY_EXPLAINS}` }).check();
	await trainer.getByRole('button', { name: 'Maak pijnpunten van gekozen bevindingen (1)' }).click();
	await expect(trainer.getByText('1 pijnpunt gemaakt.')).toBeVisible();
	await expect(bas.getByText('Is een pijnpunt geworden.')).toBeVisible();

	// The session survives a reload.
	await reloadReady(fatima);
	await expect(fatima.getByRole('heading', { name: 'Samenvatting van de sessie' })).toBeVisible();
	await expect(fatima.getByText('Is een pijnpunt geworden.')).toBeVisible();

	await openLive(trainer, `/reis/${created.id}`);
	await expect(card(trainer, 'Haalt het paspoort op')).toHaveAttribute('aria-label', /\. 1 pijnpunt\./);
});

test('the hostmanship overview ranks pain points and draws the heatmaps, live', async ({
	page,
	request,
	browser,
	baseURL
}) => {
	const created = await createJourney(request);
	await openLive(page, `/reis/${created.id}/overzicht?token=${created.tokens.viewer}`);
	await expect(page.getByRole('heading', { name: 'Hostmanship-overzicht' })).toBeVisible();
	const principleRow = (table: string, principle: string) =>
		page
			.getByRole('table', { name: table })
			.getByRole('row')
			.filter({ has: page.getByRole('rowheader', { name: principle, exact: true }) })
			.getByRole('cell');
	await expect(principleRow('Principe per fase', 'Het geheel zien')).toHaveText([/^0\D/, /^1\D/, /^0\D/]);
	await expect(principleRow('Principe per kanaal', 'Verantwoordelijkheid nemen')).toHaveText([
		/^0\D/,
		/^0\D/
	]);
	await expect(page.getByRole('table', { name: 'Principe per kanaal' })).toBeVisible();

	// A third-party client adds a blocking, well-evidenced pain point: it appears at the top.
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`${baseURL!.replace('http', 'ws')}/sync`, created.id, doc, {
		params: { token: created.tokens.editor },
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	const mapPage = await (await browser.newContext()).newPage();
	try {
		await openLive(mapPage, created.links.viewer);
		if (!provider.synced) await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
		const pain = new Y.Map<unknown>();
		for (const [k, v] of Object.entries({
			id: 'kcc-balie',
			stepId: 'ophalen',
			principles: ['takeResponsibility'],
			severity: 3,
			description: 'Balie stuurt door naar het KCC',
			evidence: [
				{ metric: 'forwarded', value: 42, source: 'KCC-rapportage', period: '2026-Q2' },
				{ metric: 'complaints', value: 12, source: 'Klachtenregistratie', period: '2026-Q2' }
			]
		}))
			pain.set(k, v);
		doc.getMap('painPoints').set('kcc-balie', pain);

		const ranked = page.getByRole('list', { name: 'Pijnpunten op volgorde van ernst en onderbouwing' });
		await expect(ranked.getByRole('listitem').first()).toContainText('Balie stuurt door naar het KCC');
		await expect(ranked.getByRole('link', { name: 'Stap 3: Haalt het paspoort op' })).toHaveAttribute(
			'href',
			`/reis/${created.id}#stap-ophalen`
		);
		await expect(ranked.getByRole('listitem').first()).toContainText(
			'Doorverbonden naar de tweede lijn: 42% (KCC-rapportage, 2026-Q2)'
		);
		await expect(principleRow('Principe per kanaal', 'Verantwoordelijkheid nemen')).toHaveText([
			/^0\D/,
			/^1\D/
		]);
		// And on the open canvas of another person, without a reload.
		await expect(card(mapPage, 'Haalt het paspoort op')).toHaveAttribute('aria-label', /\. 1 pijnpunt\./);
		await expectNoSeriousAxeViolations(page);
	} finally {
		provider.destroy();
		doc.destroy();
	}
});
