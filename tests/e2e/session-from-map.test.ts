import { expect, test } from '@playwright/test';
import { createJourney, openLive } from './helpers';

test('a participant who reaches the trainer session from the map follows the trainer, adds a finding and votes', async ({
	browser,
	request
}) => {
	test.setTimeout(90_000);
	const created = await createJourney(request);
	const trainer = await (await browser.newContext()).newPage();
	const participant = await (await browser.newContext()).newPage();
	await openLive(trainer, `/reis/${created.id}/sessie?token=${created.tokens.facilitator}`);
	await trainer.getByRole('button', { name: 'Sessie starten' }).click();
	// The trainer moves on twice: earlier values in the session are overwritten (the old guard then
	// refused every editor whose sync carried those deletions, and closed them with 4403).
	const next = trainer.getByRole('button', { name: 'Volgende stap' });
	await next.click();
	await next.click();
	// At the last step "Volgende stap" says it cannot go on and keeps focus (disabled, it dropped it).
	await expect(trainer.getByRole('heading', { name: /^Stap 3 van 3: / })).toBeVisible();
	await expect(next).toHaveAttribute('aria-disabled', 'true');
	await expect(next).toBeFocused();
	await next.press('Enter');
	await expect(trainer.getByRole('heading', { name: /^Stap 3 van 3: / })).toBeVisible();
	await trainer.getByRole('button', { name: 'Vorige stap' }).click();
	await expect(
		trainer.getByRole('heading', { name: 'Stap 2 van 3: Maakt online een afspraak' })
	).toBeVisible();

	// The participant has the map open with the editor link, and goes to the session from there.
	await openLive(participant, created.links.editor);
	await participant.getByRole('button', { name: 'Meer' }).click();
	await participant.getByRole('link', { name: 'Trainerssessie' }).click();
	await expect(
		participant.getByRole('heading', { name: 'Stap 2 van 3: Maakt online een afspraak' })
	).toBeVisible();
	await expect(participant.getByText('U volgt de trainer.')).toBeVisible();
	await trainer.getByRole('button', { name: 'Volgende stap' }).click();
	await expect(
		participant.getByRole('heading', { name: 'Stap 3 van 3: Haalt het paspoort op' })
	).toBeVisible();

	// Findings and votes go through on the same connection the map opened.
	const text = 'Het loket is op woensdag dicht';
	await participant.getByLabel('Principe', { exact: true }).selectOption({ label: 'Dienen' });
	await participant.getByLabel('Uw bevinding').fill(text);
	await participant.getByRole('button', { name: 'Bevinding toevoegen' }).click();
	await expect(trainer.getByRole('list', { name: 'Bevindingen bij Dienen' }).getByText(text)).toBeVisible();

	await trainer.getByRole('button', { name: 'Bevindingen tonen aan iedereen' }).click();
	await participant.getByRole('button', { name: `Stem op: ${text}` }).click();
	await expect(trainer.getByRole('list', { name: 'Bevindingen bij Dienen' })).toContainText('1 stem');
	await expect(participant.getByRole('status').filter({ hasText: 'Verbonden' })).toBeVisible();
	await expect(participant.getByText('Geen toegang')).toHaveCount(0);
});
