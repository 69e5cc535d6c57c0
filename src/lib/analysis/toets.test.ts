import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Journey } from '$lib/model';
import { testJourney, testPersona, testStages, WEBSITE } from '$lib/model/testing';
import {
	buildToets,
	escapeMarkdown,
	HUMAN_ALTERNATIVE,
	MEASURES,
	toetsFileName,
	toetsMarkdown
} from './toets';

const bijstand = Journey.parse(
	JSON.parse(readFileSync('journeys/bijzondere-bijstand-aanvragen.json', 'utf8'))
);

function small(title = 'Afvalpas aanvragen'): Journey {
	return testJourney({
		title,
		organisation: 'Gemeente Voorbeeld',
		stages: testStages(['f1', 'Aanvragen']),
		channels: [WEBSITE, { id: 'balie', name: 'Balie', kind: 'balie' }],
		personas: [
			testPersona('sanne', 'Sanne Vermeulen', {
				age: 34,
				doenvermogen: { plan: 4, act: 3, persevere: 3, cope: 2 },
				stress: 3
			}),
			testPersona('ingrid', 'Ingrid', {
				age: 50,
				literacy: 'strong',
				doenvermogen: { plan: 5, act: 5, persevere: 5, cope: 5 },
				stress: 0
			})
		],
		steps: [
			{
				id: 's1',
				stageId: 'f1',
				channelId: 'web',
				title: 'Formulier met bijlagen',
				demands: { plan: 4 },
				actions: 5,
				deadlines: 1,
				waitDays: 0
			},
			{ id: 's2', stageId: 'f1', channelId: 'balie', title: 'Pas ophalen', demands: {}, waitDays: 14 }
		]
	});
}

describe('buildToets', () => {
	it('lists the actions in reis order with what each asks, and the totals', () => {
		const t = buildToets(small());
		expect(t.actions.map((a) => a.title)).toEqual(['Formulier met bijlagen', 'Pas ophalen']);
		expect(t.actions[0].asks).toEqual(['Een plan maken: 4 (Veel papieren verzamelen en een termijn halen)']);
		expect(t.actions[1].asks).toEqual([]);
		expect(t.totals).toEqual({ actions: 5, deadlines: 1, waitDays: 14 });
		expect(t.factors.map((f) => f.title)).toEqual([
			'Een plan maken wordt zwaar gevraagd',
			'Stress',
			'Termijnen',
			'Wachten'
		]);
	});

	it('concludes per persona with the stuck steps and measures, a human alternative on a website', () => {
		const [sanne, ingrid] = buildToets(small()).conclusion;
		expect(sanne.stuck.map((s) => s.stepId)).toEqual(['s1']);
		expect(sanne.stuck[0].measures).toEqual([...MEASURES.plan, HUMAN_ALTERNATIVE]);
		expect(sanne.profile).toContain('Een plan maken 4 (nu 1)');
		expect(ingrid.stuck).toEqual([]);
		expect(ingrid.summary).toBe('Ingrid komt door de hele reis heen.');
	});

	it('finds stuck points in a sample journey', () => {
		const t = buildToets(bijstand);
		expect(
			t.conclusion.find((p) => p.personaId === 'sanne-alleenstaande-moeder')!.stuck.length
		).toBeGreaterThan(0);
		expect(t.checklist.length).toBeGreaterThanOrEqual(5);
	});
});

describe('toetsMarkdown', () => {
	it('has the four parts of the toets', () => {
		const md = toetsMarkdown(buildToets(small()), '1 maart 2026');
		expect(md).toContain('# Doenvermogentoets (concept): Afvalpas aanvragen\n');
		expect(md).toContain('Gemaakt op 1 maart 2026 met Klantreis.');
		for (const h of [
			'## 1. Wat moet de inwoner doen?',
			'## 2. Wat bepaalt of het lukt?',
			'## 3. Gesprek met de doelgroep',
			'## 4. Conclusie: waar lopen inwoners vast?',
			'### Sanne Vermeulen'
		])
			expect(md).toContain(`\n${h}\n`);
		expect(md).toContain('| 1 | Formulier met bijlagen | Aanvragen | Website |');
		expect(md).toContain('- [ ] Hebben we deze stappen');
		expect(md).toContain(`    - ${escapeMarkdown(HUMAN_ALTERNATIVE)}`);
		expect(md.endsWith('\n')).toBe(true);
	});

	it('escapes user text so it cannot break out of its place', () => {
		const md = toetsMarkdown(buildToets(small('# Kop | cel\n- lijst [link](javascript:x) <b>')));
		expect(md).toContain(
			'# Doenvermogentoets (concept): \\# Kop \\| cel - lijst \\[link\\](javascript:x) \\<b\\>\n'
		);
		expect(md.split('\n').filter((l) => l.startsWith('# '))).toHaveLength(1);
	});
});

describe('escapeMarkdown', () => {
	it.each([
		['gewone zin. met - streepje', 'gewone zin. met - streepje'],
		['*vet* _schuin_ `code`', '\\*vet\\* \\_schuin\\_ \\`code\\`'],
		['- lijst', '\\- lijst'],
		['12. punt', '12\\. punt'],
		['> citaat', '\\> citaat'],
		['a | b', 'a \\| b'],
		['regel\nregel', 'regel regel'],
		['&amp;', '\\&amp;']
	])('%j becomes %j', (input, output) => expect(escapeMarkdown(input)).toBe(output));
});

describe('toetsFileName', () => {
	it('makes a safe file name', () => {
		expect(toetsFileName('Bijzondere bijstand aanvragen')).toBe(
			'doenvermogentoets-bijzondere-bijstand-aanvragen.md'
		);
		expect(toetsFileName('Oriënteren / "zoeken"')).toBe('doenvermogentoets-orienteren-zoeken.md');
		expect(toetsFileName('???')).toBe('doenvermogentoets-klantreis.md');
	});
});
