import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { gotoReady } from './helpers';
import { expect, test, type Page } from '@playwright/test';

async function expectNoSeriousAxeViolations(page: Page) {
	const results = await new AxeBuilder({ page }).analyze();
	const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length}x)`)).toEqual([]);
}

function escapeRegExp(text: string) {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function column(page: Page, status: string) {
	return page.getByRole('region', { name: new RegExp(`^${status} \\(`) });
}

test('a ticket made from a pain point appears on the department board, live in a second browser', async ({
	browser
}) => {
	const setup = await browser.newContext();
	const template = await (await setup.request.get('/api/templates/verhuizing-doorgeven')).json();
	const created = await (await setup.request.post('/api/journeys', { data: template })).json();
	await setup.close();
	const board = (token: string) => `/reis/${created.id}/tickets?token=${encodeURIComponent(token)}`;

	const editor = await (await browser.newContext()).newPage();
	const viewer = await (await browser.newContext()).newPage();
	await gotoReady(editor, board(created.tokens.editor));
	await gotoReady(viewer, board(created.tokens.viewer));
	await expect(editor.getByRole('heading', { level: 1, name: 'Verbetertickets' })).toBeVisible();
	await expect(editor.getByText('Verbonden')).toBeVisible();
	await expect(viewer.getByText('Verbonden')).toBeVisible();
	// Every page of a journey takes the token out of the address bar once it has read it.
	await expect(viewer).toHaveURL(new RegExp(`/reis/${created.id}/tickets$`));
	await expectNoSeriousAxeViolations(editor);

	// From pain point to ticket: prefilled with the pain point, then the user sets the department.
	const form = editor.getByRole('form', { name: 'Nieuw verbeterticket' });
	await form.getByRole('checkbox', { name: /Online verhuizen kan alleen met DigiD/ }).check();
	await form.getByRole('button', { name: 'Ticket invullen vanuit pijnpunten' }).click();
	await expect(form.getByLabel('Titel van het ticket')).toHaveValue(/Online verhuizen kan alleen met DigiD/);
	await expect(form.getByLabel('Wat moet er gebeuren, en waarom?')).toHaveValue(/Afhakers: 41%/);
	const title = 'Papieren verhuisformulier <b>ook</b> op de website';
	await form.getByLabel('Titel van het ticket').fill(title);
	await form.getByLabel('Vakafdeling', { exact: true }).selectOption('Openbare Ruimte');
	await form.getByLabel('Eigenaar bij de vakafdeling (rol of team)').fill('Teamleider Openbare Ruimte');
	await form.getByLabel('Streefdatum').fill('2026-09-30');
	await form.getByRole('button', { name: 'Ticket aanmaken' }).click();

	// It is on the board in both browsers, its title rendered as text.
	await expect(column(editor, 'Open').getByRole('article', { name: title })).toBeVisible();
	await expect(column(viewer, 'Open').getByRole('article', { name: title })).toBeVisible();
	await expect(viewer.getByRole('heading', { level: 3, name: title })).toHaveText(title);

	// The department board: filtering on the department shows it and hides the other departments' tickets.
	const filters = viewer.getByRole('region', { name: 'Filteren' });
	await filters.getByLabel('Vakafdeling', { exact: true }).selectOption('Openbare Ruimte');
	await expect(viewer.getByRole('article', { name: title })).toBeVisible();
	await expect(viewer.getByRole('article', { name: template.tickets[0].title })).toHaveCount(0);
	await filters.getByLabel('Vakafdeling', { exact: true }).selectOption('');
	await expect(viewer.getByRole('article', { name: template.tickets[0].title })).toBeVisible();

	// The editor changes the status; the viewer sees the ticket move without reloading.
	await editor.getByRole('combobox', { name: `Status van ${title}` }).selectOption('in-progress');
	await expect(column(viewer, 'In behandeling').getByRole('article', { name: title })).toBeVisible();
	await expect(column(viewer, 'Open').getByRole('article', { name: title })).toHaveCount(0);

	// The map tells whether the fix is coming: the status shows on the step card, in the second browser.
	const pain = (template.painPoints as { stepId: string; description: string }[]).find((p) =>
		/Online verhuizen kan alleen met DigiD/.test(p.description)
	)!;
	const step = (template.steps as { id: string; title: string }[]).find((st) => st.id === pain.stepId)!;
	const map = await viewer.context().newPage();
	await gotoReady(map, `/reis/${created.id}`);
	const stepCard = map.getByRole('button', {
		name: new RegExp(`^\\d+ ${escapeRegExp(step.title)}\\.`)
	});
	await expect(stepCard).toHaveAttribute('aria-label', /Verbeterticket: .*in behandeling/);
	await map.close();

	// A viewer reads only.
	await expect(viewer.getByRole('button', { name: 'Ticket aanmaken' })).toHaveCount(0);
	await expect(viewer.getByRole('combobox', { name: `Status van ${title}` })).toHaveCount(0);
	await expectNoSeriousAxeViolations(viewer);

	// Every export downloads, with the ticket in it.
	const expected = {
		'Download Spreadsheet (Excel, CSV)': 'verhuizing-doorgeven-tickets.csv',
		'Download Jira-import (CSV)': 'verhuizing-doorgeven-tickets-jira.csv',
		'Download Notitie (Markdown)': 'verhuizing-doorgeven-tickets.md',
		'Download JSON': 'verhuizing-doorgeven-tickets.json',
		'Download Open Klant (interne taken, JSON)': 'verhuizing-doorgeven-tickets-openklant.json'
	};
	for (const [button, fileName] of Object.entries(expected)) {
		const [download] = await Promise.all([
			viewer.waitForEvent('download'),
			viewer.getByRole('button', { name: button }).click()
		]);
		expect(download.suggestedFilename()).toBe(fileName);
		const bytes = readFileSync(await download.path());
		expect(bytes.toString('utf8')).toContain(
			fileName.endsWith('.md') ? 'Papieren verhuisformulier' : 'Papieren'
		);
		if (fileName.endsWith('tickets.csv')) expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	}
});
