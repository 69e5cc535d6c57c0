import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Evidence, Journey } from '$lib/model';
import {
	ContactTally,
	channelMatcher,
	coverage,
	evidenceFromFigures,
	monthOf,
	periodLabel,
	normalizeName,
	readContactRow,
	readOpenKlantContact,
	recognizeColumns,
	stepFigures,
	summarizeImport,
	yesNo
} from './contacts';

const verhuizing = Journey.parse(JSON.parse(readFileSync('journeys/verhuizing-doorgeven.json', 'utf8')));

describe('recognizeColumns', () => {
	it('finds the columns by name, whatever the case, accents and separators', () => {
		const header = [
			'Datum',
			'Tijd',
			'KANAAL',
			'Vraag_categorie',
			'In één keer goed',
			'Terugbelnotitie',
			'Terugbelnotitie opgevolgd',
			'BSN'
		];
		const found = recognizeColumns(header);
		expect(found.missing).toEqual([]);
		expect(found.positions).toEqual({
			datum: 0,
			kanaal: 2,
			onderwerp: 3,
			afgehandeld: 4,
			terugbelnotitie: 5,
			'terugbelnotitie opgevolgd': 6
		});
		expect(found.ignored).toEqual(['Tijd', 'BSN']);
	});

	it("takes the user's mapping before the names, and says which required columns are missing", () => {
		expect(recognizeColumns(['Contactmoment', 'Medium', 'Datum']).missing).toEqual(['kanaal', 'onderwerp']);
		const mapped = recognizeColumns(['Contactmoment', 'Medium', 'Thema'], {
			datum: 'contactmoment',
			kanaal: 'Medium',
			onderwerp: 'Thema'
		});
		expect(mapped.missing).toEqual([]);
		expect(mapped.positions).toEqual({ datum: 0, kanaal: 1, onderwerp: 2 });
	});

	it('normalises names', () => {
		expect(normalizeName('  In één keer_goed ')).toBe('in een keer goed');
	});
});

describe('monthOf', () => {
	it.each([
		['2025-03-14', '2025-03'],
		['2025-03-14T09:12:00Z', '2025-03'],
		['2025-3-4 09:12', '2025-03'],
		['14-03-2025', '2025-03'],
		['4/3/2025', '2025-03'],
		['14-03-2025 16:05', '2025-03'],
		['29-02-2024', '2024-02']
	])('%s is in %s', (raw, month) => expect(monthOf(raw)).toBe(month));

	it.each(['', '31-02-2025', '2025-13-01', '14-03-25', 'gisteren', '00-01-2025'])('%s is no date', (raw) =>
		expect(monthOf(raw)).toBeNull()
	);
});

describe('yesNo', () => {
	it('reads ja/nee and friends, empty as unknown, the rest as invalid', () => {
		expect([yesNo('Ja'), yesNo(' nee '), yesNo('1'), yesNo('false'), yesNo(''), yesNo('misschien')]).toEqual([
			true,
			false,
			true,
			false,
			null,
			undefined
		]);
	});
});

describe('readContactRow', () => {
	const { positions } = recognizeColumns(['datum', 'kanaal', 'onderwerp', 'doorverbonden', 'naam']);

	it('keeps only what is counted', () => {
		const read = readContactRow(['14-03-2025', ' Telefoon ', 'DigiD', 'ja', 'Jan Jansen'], positions, 0, 2);
		expect(read).toEqual({
			row: {
				month: '2025-03',
				kanaal: 'Telefoon',
				onderwerp: 'DigiD',
				afgehandeld: undefined,
				doorverbonden: true,
				terugbelnotitie: undefined,
				terugbelnotitieOpgevolgd: undefined
			}
		});
		expect(JSON.stringify(read)).not.toContain('Jansen');
	});

	it('names the row and column of each problem, and quotes little of the cell', () => {
		const read = readContactRow(['31-02-2025', '', 'DigiD', 'soms'], positions, 12, 14);
		expect('issues' in read && read.issues.map((i) => i.path)).toEqual([
			'rows.12.datum',
			'rows.12.kanaal',
			'rows.12.doorverbonden'
		]);
		const long = readContactRow(['x'.repeat(500), 'Telefoon', 'DigiD', 'ja'], positions, 0, 2);
		expect('issues' in long && long.issues[0].message.length).toBeLessThan(120);
	});
});

describe('readOpenKlantContact', () => {
	it('reads the fields KISS fills and names the missing ones', () => {
		expect(
			readOpenKlantContact(
				{
					kanaal: 'telefoon',
					onderwerp: 'DigiD',
					plaatsgevondenOp: '2025-05-02T10:00:00+02:00',
					indicatieContactGelukt: true
				},
				0
			)
		).toEqual({ row: { month: '2025-05', kanaal: 'telefoon', onderwerp: 'DigiD' } });
		const bad = readOpenKlantContact({ kanaal: 'telefoon' }, 3);
		expect('issues' in bad && bad.issues.map((i) => i.path)).toEqual([
			'rows.3.plaatsgevondenOp',
			'rows.3.onderwerp'
		]);
		expect('issues' in readOpenKlantContact('x', 4)).toBe(true);
	});
});

function tallyOf(rows: [string, string, string, boolean?, boolean?][]): ContactTally {
	const tally = new ContactTally();
	for (const [month, kanaal, onderwerp, afgehandeld, doorverbonden] of rows)
		tally.add({ month, kanaal, onderwerp, afgehandeld, doorverbonden });
	return tally;
}

describe('ContactTally and stepFigures', () => {
	const tally = tallyOf([
		['2025-01', 'Telefoon', 'Status verhuizing', true, false],
		['2025-01', 'telefoon ', 'status verhuizing', false, true],
		['2025-02', 'Balie', 'Status verhuizing'],
		['2025-02', 'E-mail', 'Afvalpas', true],
		['2025-02', 'Telefoon', 'Parkeervergunning']
	]);

	it('counts per month, onderwerp and kanaal, case-insensitively', () => {
		expect(tally.rows).toBe(5);
		expect(tally.months()).toEqual(['2025-01', '2025-02']);
		const jan = tally.figures().find((f) => f.month === '2025-01')!;
		expect(jan).toMatchObject({
			topic: 'Status verhuizing',
			channel: 'Telefoon',
			contacts: 2,
			firstTimeRightKnown: 2,
			firstTimeRight: 1,
			forwardedKnown: 2,
			forwarded: 1
		});
	});

	it('counts a contact at every step that covers its onderwerp, in the order of the reis', () => {
		const steps = stepFigures(verhuizing, tally.figures());
		expect(steps.map((s) => s.stepId)[0]).toBe('s01-zoeken-op-website');
		const status = steps.filter((s) => s.contacts > 0).map((s) => [s.stepId, s.contacts]);
		// "Status verhuizing" is covered by steps 9 and 10; "Afvalpas" by step 14.
		expect(status).toEqual([
			['s09-bellen-over-status', 3],
			['s10-bevestigingsbrief', 3],
			['s14-afvalpas-ophalen', 1]
		]);
		const s09 = steps.find((s) => s.stepId === 's09-bellen-over-status')!;
		expect(s09.firstTimeRight).toBe(0.5);
		expect(s09.forwarded).toBe(0.5);
		expect(s09.byChannel).toEqual([
			{ channelId: 'telefoon', contacts: 2 },
			{ channelId: 'balie', contacts: 1 }
		]);
		expect(s09.byMonth).toEqual([
			{ month: '2025-01', contacts: 2 },
			{ month: '2025-02', contacts: 1 }
		]);
		// A kanaal the map lacks counts in the total, not in byChannel; unknown fractions are null.
		const s14 = steps.find((s) => s.stepId === 's14-afvalpas-ophalen')!;
		expect([s14.contacts, s14.byChannel, s14.forwarded]).toEqual([1, [], null]);
	});

	it('limits figures to a period', () => {
		const feb = stepFigures(verhuizing, tally.figures(), { from: '2025-02', to: '2025-02' });
		expect(feb.find((s) => s.stepId === 's09-bellen-over-status')!.contacts).toBe(1);
	});

	it('summarises an import against the journey: matched, unmatched onderwerpen and kanalen', () => {
		expect(summarizeImport(verhuizing, tally)).toEqual({
			imported: 5,
			matched: 4,
			unmatched: [{ onderwerp: 'Parkeervergunning', contacts: 1 }],
			unmatchedChannels: [{ kanaal: 'E-mail', contacts: 1 }],
			byChannel: [
				{ channelId: 'telefoon', contacts: 3 },
				{ channelId: 'balie', contacts: 1 }
			],
			months: ['2025-01', '2025-02']
		});
	});
});

describe('channelMatcher', () => {
	it('matches by kind, by the kind label and by name; a name beats another channel’s kind', () => {
		const match = channelMatcher([
			{ id: 'kcc', name: 'KCC', kind: 'telefoon' },
			{ id: 'wijk', name: 'Telefoon', kind: 'anders' }
		]);
		expect([match('telefoon (KCC)'), match('Telefoon'), match('kcc'), match('fax')]).toEqual([
			'kcc',
			'wijk',
			'kcc',
			null
		]);
	});
});

describe('coverage (klik, bel, kom)', () => {
	it('finds a human alternative where a fase has a step on telefoon, balie or huisbezoek', () => {
		expect(coverage(verhuizing).map((c) => [c.stageId, c.humanAlternative])).toEqual([
			['orienteren', true],
			['doorgeven', true],
			['verwerken', true],
			['bevestiging', false],
			['nazorg', true]
		]);
	});

	it("takes the team's answer over the map, and says so", () => {
		const j = structuredClone(verhuizing);
		j.stages[3].humanAlternative = true;
		j.stages[3].humanAlternativeNote = 'balie op afspraak';
		j.stages[0].humanAlternative = false;
		const c = coverage(j);
		expect(c[3]).toEqual({
			stageId: 'bevestiging',
			humanAlternative: true,
			source: 'team',
			fromMap: false,
			note: 'balie op afspraak'
		});
		expect(c[0]).toMatchObject({ humanAlternative: false, source: 'team', fromMap: true });
	});

	it('counts chat as personal contact in the toets, but not as a human alternative', () => {
		const j = structuredClone(verhuizing);
		j.channels.push({ id: 'chat', name: 'Chat', kind: 'chat' });
		for (const s of j.steps) if (s.stageId === 'bevestiging') s.channelId = 'chat';
		expect(coverage(j)[3].humanAlternative).toBe(false);
	});
});

describe('evidence from the figures', () => {
	it('gives the period of a set of months', () => {
		expect(periodLabel([])).toBe('');
		expect(periodLabel(['2025-03'])).toBe('2025-03');
		expect(periodLabel(['2025-12', '2025-01', '2025-06'])).toBe('2025-01 t/m 2025-12');
	});

	it("turns a step's figures into evidence a pain point accepts: contacts, and percentages where known", () => {
		const figures = {
			stepId: 's',
			contacts: 1234,
			firstTimeRight: 0.786,
			forwarded: null,
			callbackFollowedUp: null,
			byChannel: [],
			byMonth: []
		};
		const evidence = evidenceFromFigures(figures, ['2025-01', '2025-12']);
		expect(evidence).toEqual([
			{ metric: 'contacts', value: 1234, source: 'KCC-export', period: '2025-01 t/m 2025-12' },
			{ metric: 'firstTimeRight', value: 79, source: 'KCC-export', period: '2025-01 t/m 2025-12' }
		]);
		for (const e of evidence) expect(Evidence.safeParse(e).success).toBe(true);
		expect(evidenceFromFigures({ ...figures, contacts: 0 }, ['2025-01'])).toEqual([]);
		expect(evidenceFromFigures(figures, [])).toEqual([]);
	});
});
