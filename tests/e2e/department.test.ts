import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { E2E_ADMIN_TOKEN } from './admin-token';
import { card, expectNoSeriousAxeViolations, openLive, type Created } from './helpers';

/**
 * Issue 18 end to end: the administrator makes an afdelingslink, the
 * vakafdeling opens it, replies and closes its ticket, and the workshop sees
 * both live on the map and the board.
 */
// The e2e server is shared by every test of the run, and other journeys have Burgerzaken tickets
// too: this run's vakafdeling has a name of its own, so "its tickets and nothing else" is exact.
const DEPT = `Burgerzaken ${Math.random().toString(36).slice(2, 7)}`;
const journey = JSON.parse(
	readFileSync('src/lib/export/golden/journey.json', 'utf8').replace(
		/"department": "Burgerzaken"/g,
		`"department": "${DEPT}"`
	)
) as Record<string, unknown>;
const TICKET = 'Afspraak ook telefonisch; of aan de balie';
const STEP = 'Maakt online een *afspraak*';

test('a department replies to and closes its ticket through its link; the workshop sees both live', async ({
	browser
}) => {
	const setup = await browser.newContext();
	const created = (await (await setup.request.post('/api/journeys', { data: journey })).json()) as Created;
	await setup.close();

	// The workshop has the map open; the ticket's due date (31 March 2026) has passed.
	const workshop = await (await browser.newContext()).newPage();
	await openLive(workshop, created.links.editor);
	await expect(card(workshop, STEP)).toHaveAccessibleName(
		/Verbeterticket: 2 tickets: 1 open, 1 in behandeling; 1 te laat/
	);

	// The administrator makes the link on the admin page.
	const admin = await (await browser.newContext()).newPage();
	await admin.goto('/beheer/afdelingslinks');
	await admin.getByLabel('Beheertoken (ADMIN_TOKEN)').fill(E2E_ADMIN_TOKEN);
	await admin.getByRole('button', { name: 'Toon afdelingslinks' }).click();
	await admin.getByRole('combobox', { name: 'Vakafdeling' }).fill(DEPT);
	await admin.getByRole('button', { name: 'Link maken' }).click();
	const link = await admin.getByRole('textbox', { name: 'Afdelingslink' }).inputValue();
	expect(link).toMatch(/\/afdeling\?token=/);
	await expect(admin.getByRole('cell', { name: DEPT, exact: true })).toBeVisible();

	// The department opens it: its ticket, flagged, with the step it came from and nothing else.
	const department = await (await browser.newContext()).newPage();
	await department.goto(link);
	await expect(
		department.getByRole('heading', { level: 1, name: `Verbetertickets voor ${DEPT}` })
	).toBeVisible();
	await expect(department).toHaveURL(/\/afdeling$/);
	const ticket = department.getByRole('article', { name: TICKET });
	await expect(ticket.getByRole('list', { name: 'Signalen' })).toContainText('Te laat');
	await expect(ticket.getByRole('list', { name: 'Signalen' })).toContainText('Nog geen reactie');
	await expect(ticket).toContainText(STEP);
	await expect(department.getByRole('article')).toHaveCount(1);
	await expectNoSeriousAxeViolations(department);

	await ticket
		.getByRole('textbox', { name: `Uw reactie op ${TICKET}` })
		.fill('Vanaf 1 mei kan het ook telefonisch.');
	await ticket.getByRole('textbox', { name: `Uw naam (mag leeg) bij ${TICKET}` }).fill('Ayla');
	await ticket.getByRole('button', { name: `Reactie plaatsen bij ${TICKET}` }).click();
	await expect(ticket.getByText('Vanaf 1 mei kan het ook telefonisch.')).toBeVisible();
	await expect(ticket.getByText(`Ayla, ${DEPT}`)).toBeVisible();
	await ticket.getByRole('combobox', { name: `Status van ${TICKET}` }).selectOption('done');
	await ticket.getByRole('button', { name: `Opslaan voor ${TICKET}` }).click();
	await expect(ticket.getByRole('status')).toHaveText('De wijziging is opgeslagen.');
	await expect(ticket.getByRole('list', { name: 'Signalen' })).toHaveCount(0);

	// The workshop's map shows both at once: klaar, and a reply; no longer late.
	await expect(card(workshop, STEP)).toHaveAccessibleName(
		/Verbeterticket: 2 tickets: 1 open, 1 klaar; 1 reactie\./
	);
	// And its board shows the thread with who and when, in the Klaar column.
	const board = await (await browser.newContext()).newPage();
	await board.goto(`/reis/${created.id}/tickets?token=${encodeURIComponent(created.tokens.viewer)}`);
	await expect(board.getByText('Verbonden')).toBeVisible();
	const done = board.getByRole('region', { name: /^Klaar \(/ }).getByRole('article', { name: TICKET });
	await expect(done).toContainText('Vanaf 1 mei kan het ook telefonisch.');
	await expect(done).toContainText(`Ayla, ${DEPT}`);

	// Deleting the link cuts the department off at once.
	admin.once('dialog', (d) => void d.accept());
	await admin.getByRole('button', { name: `Intrekken de link voor ${DEPT}` }).click();
	await expect(admin.getByText('Er zijn nog geen afdelingslinks.')).toBeVisible();
	await department.reload();
	await expect(
		department.getByText('Deze afdelingslink geeft geen toegang (meer).', { exact: false })
	).toBeVisible();
});
