import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousAxeViolations, openLive } from './helpers';

type Template = {
	steps: { id: string; title: string; owner: string }[];
	painPoints: { id: string; stepId: string; description: string; severity: number }[];
};

function escapeRegExp(text: string) {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The new-ticket form on the board, filled from one pain point: what a person checks before saving. */
async function expectPrefilled(page: Page, template: Template, painPointId: string, priority: string) {
	const pain = template.painPoints.find((p) => p.id === painPointId)!;
	const step = template.steps.find((s) => s.id === pain.stepId)!;
	const form = page.getByRole('form', { name: 'Nieuw verbeterticket' });
	const firstWords = pain.description.split(' ').slice(0, 4).join(' ');
	// Title from the pain point's description, focused to be checked first.
	await expect(form.getByLabel('Titel van het ticket')).toHaveValue(
		new RegExp(`^${escapeRegExp(firstWords)}`)
	);
	await expect(form.getByLabel('Titel van het ticket')).toBeFocused();
	await expect(form.getByLabel('Wat moet er gebeuren, en waarom?')).toHaveValue(
		new RegExp(escapeRegExp(step.title))
	);
	// The step's afdeling as vakafdeling, the priority from the severity, the pain point ticked.
	await expect(form.getByLabel('Vakafdeling', { exact: true })).toHaveValue(step.owner);
	await expect(form.getByLabel('Prioriteit')).toHaveValue(priority);
	await expect(
		form.getByRole('checkbox', { name: new RegExp(`^${escapeRegExp(firstWords)}`) })
	).toBeChecked();
	// And a way back to the step on the map.
	await expect(form.getByRole('link', { name: `Terug naar de stap "${step.title}"` })).toHaveAttribute(
		'href',
		new RegExp(`#stap-${escapeRegExp(step.id)}$`)
	);
	return { form, step, pain };
}

test('a pain point becomes a prefilled ticket in one click, from the step panel and from the overview', async ({
	browser
}) => {
	const setup = await browser.newContext();
	const template = (await (
		await setup.request.get('/api/templates/verhuizing-doorgeven')
	).json()) as Template;
	const created = await (await setup.request.post('/api/journeys', { data: template })).json();
	await setup.close();
	const token = encodeURIComponent(created.tokens.editor);
	const page = await (await browser.newContext()).newPage();

	// From the step panel: the step opens through its link, its pain point has "Ticket maken".
	const fromPanel = template.painPoints.find((p) => p.id === 'pp-hoofdbewoner-onduidelijk')!;
	await openLive(page, `/reis/${created.id}?token=${token}#stap-${fromPanel.stepId}`);
	const panelLink = page.getByRole('link', { name: /^Ticket maken van pijnpunt: Het formulier vraagt/ });
	await panelLink.click();
	await expect(page).toHaveURL(
		new RegExp(`/reis/${created.id}/tickets\\?pijnpunt=pp-hoofdbewoner-onduidelijk`)
	);
	await expect(page.getByText('Verbonden')).toBeVisible();
	const { form, step } = await expectPrefilled(page, template, fromPanel.id, 'medium');
	await expect(form.getByLabel('Vakafdeling', { exact: true })).not.toHaveValue('KCC');
	await expectNoSeriousAxeViolations(page);
	await form.getByRole('button', { name: 'Ticket aanmaken' }).click();

	// The ticket is on the board and links back to its step.
	const ticket = page.getByRole('article', { name: /^Het formulier vraagt/ });
	await expect(ticket).toBeVisible();
	await ticket.getByRole('link', { name: step.title }).click();
	await expect(page).toHaveURL(new RegExp(`/reis/${created.id}#stap-${step.id}$`));
	await expect(page.getByLabel('Titel', { exact: true })).toHaveValue(step.title);
	// Back in the step panel, the pain point counts the new ticket beside the template's finished one.
	await expect(
		page.getByRole('region', { name: /^Pijnpunten \(/ }).getByText('2 tickets: 1 open, 1 klaar')
	).toBeVisible();

	// From the overview: a pain point of a step owned by Belastingen, severity 1.
	await openLive(page, `/reis/${created.id}/overzicht`);
	await page
		.getByRole('link', { name: /^Ticket maken van pijnpunt: Belastingen stuurt een aanslag/ })
		.click();
	await expect(page).toHaveURL(new RegExp(`/tickets\\?pijnpunt=pp-dubbele-aanslag`));
	await expectPrefilled(page, template, 'pp-dubbele-aanslag', 'low');
});
