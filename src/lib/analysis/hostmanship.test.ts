import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Journey, PRINCIPLE_IDS, type Finding, type TrainerSession } from '$lib/model';
import { sessionSummaryMarkdown } from '$lib/export/session-summary';
import {
	formatCountdown,
	heatmap,
	principleTotals,
	promptFor,
	rankPainPoints,
	secondsLeft,
	sessionSummary,
	stepsMatchingPrinciples,
	visibleFindings,
	voteTotals,
	votesUsed
} from './hostmanship';

const journey = Journey.parse(JSON.parse(readFileSync('src/lib/export/golden/journey.json', 'utf8')));

function finding(
	id: string,
	stepId: string,
	principle: Finding['principle'],
	extra: Partial<Finding> = {}
): Finding {
	return { id, stepId, principle, text: `Bevinding ${id}`, author: '', authorId: '', createdAt: 0, ...extra };
}

function session(extra: Partial<TrainerSession> = {}): TrainerSession {
	return {
		id: 's1',
		status: 'running',
		startedAt: 0,
		stepId: 'zoeken',
		revealed: false,
		voteBudget: 3,
		timerEndsAt: null,
		timerSeconds: 300,
		prompts: {},
		findings: [],
		votes: {},
		...extra
	};
}

describe('stepsMatchingPrinciples', () => {
	it('keeps the steps with a pain point tagged with any chosen principle', () => {
		expect(stepsMatchingPrinciples(journey, ['serve'])).toEqual(new Set(['afspraak']));
		expect(stepsMatchingPrinciples(journey, ['dialogue', 'knowledge'])).toEqual(
			new Set(['zoeken', 'bellen'])
		);
		expect(stepsMatchingPrinciples(journey, ['consideration'])).toEqual(new Set());
	});
	it('filters nothing when no principle is chosen', () => {
		expect(stepsMatchingPrinciples(journey, [])).toEqual(new Set(journey.steps.map((s) => s.id)));
	});
});

describe('rankPainPoints', () => {
	it('puts the most severe first, then the best evidenced, and leaves out resolved ones', () => {
		const j = Journey.parse({
			...journey,
			painPoints: [
				...journey.painPoints,
				{ id: 'zwaar-zonder-cijfers', stepId: 'ophalen', principles: ['serve'], severity: 3 },
				{ id: 'opgelost', stepId: 'ophalen', principles: ['serve'], severity: 3, status: 'resolved' }
			]
		});
		expect(rankPainPoints(j).map((r) => r.painPoint.id)).toEqual([
			'alleen-online',
			'zwaar-zonder-cijfers',
			'lijst-onvindbaar',
			'wachtrij'
		]);
		expect(rankPainPoints(j)[0]).toMatchObject({ stepNumber: 2, evidence: 2, step: { id: 'afspraak' } });
	});
});

describe('heatmap', () => {
	it('counts principle by fase and by kanaal, weighted by severity', () => {
		const byStage = heatmap(journey, 'stage');
		expect(byStage.lanes.map((l) => l.id)).toEqual(['orienteren', 'afspraak', 'ophalen']);
		expect(byStage.principles.map((p) => p.id)).toEqual([...PRINCIPLE_IDS]);
		const cell = (h: typeof byStage, principle: string, lane: string) =>
			h.rows[PRINCIPLE_IDS.indexOf(principle as never)][h.lanes.findIndex((l) => l.id === lane)];
		expect(cell(byStage, 'serve', 'afspraak')).toMatchObject({
			count: 1,
			weight: 3,
			painPointIds: ['alleen-online']
		});
		// "wachtrij" (knowledge, severity 1) sits on the telefoon step in fase afspraak.
		expect(cell(byStage, 'knowledge', 'afspraak')).toMatchObject({ count: 1, weight: 1 });
		expect(cell(byStage, 'dialogue', 'orienteren')).toMatchObject({ count: 1, weight: 2 });
		expect(byStage.maxWeight).toBe(3);
		const byChannel = heatmap(journey, 'channel');
		expect(cell(byChannel, 'knowledge', 'telefoon')).toMatchObject({ count: 1 });
		expect(cell(byChannel, 'serve', 'website')).toMatchObject({ count: 1, weight: 3 });
		expect(byChannel.rows.flat().reduce((a, c) => a + c.count, 0)).toBe(4);
	});

	it('counts every principle tag of every active pain point exactly once (property)', () => {
		const stepIds = journey.steps.map((s) => s.id);
		fc.assert(
			fc.property(
				fc.array(
					fc.record({
						stepId: fc.constantFrom(...stepIds),
						principles: fc.uniqueArray(fc.constantFrom(...PRINCIPLE_IDS), { minLength: 1, maxLength: 6 }),
						severity: fc.integer({ min: 1, max: 3 })
					}),
					{ maxLength: 30 }
				),
				(points) => {
					const j = Journey.parse({
						...journey,
						tickets: [],
						painPoints: points.map((p, i) => ({ ...p, id: `p${i}` }))
					});
					const tags = points.reduce((a, p) => a + p.principles.length, 0);
					for (const by of ['stage', 'channel'] as const) {
						expect(
							heatmap(j, by)
								.rows.flat()
								.reduce((a, c) => a + c.count, 0)
						).toBe(tags);
					}
					expect(principleTotals(j).reduce((a, t) => a + t.count, 0)).toBe(tags);
				}
			)
		);
	});
});

describe('trainer session analysis', () => {
	const s = session({
		findings: [
			finding('f1', 'zoeken', 'dialogue', { authorId: 'voter-aaaa', author: 'Anna' }),
			finding('f2', 'afspraak', 'dialogue', { authorId: 'voter-bbbb', createdAt: 1 }),
			finding('f3', 'afspraak', 'serve', { authorId: 'voter-bbbb', createdAt: 2 }),
			finding('f4', 'verdwenen', 'serve', { createdAt: 3 }),
			finding('f5', 'ophalen', 'dialogue', { createdAt: 4 }),
			finding('f6', 'ophalen', 'dialogue', { createdAt: 5 })
		],
		votes: { 'voter-aaaa': { f2: 2, f3: 1 }, 'voter-bbbb': { f1: 1 } },
		prompts: { 'zoeken/serve': 'Eigen vraag' }
	});

	it('counts votes per finding and per person', () => {
		expect(voteTotals(s)).toEqual(
			new Map([
				['f2', 2],
				['f3', 1],
				['f1', 1]
			])
		);
		expect(votesUsed(s, 'voter-aaaa')).toBe(3);
		expect(votesUsed(s, 'voter-cccc')).toBe(0);
	});

	it('shows others\u2019 findings only after the reveal, and always to the trainer', () => {
		expect(visibleFindings(s, 'voter-aaaa', false).map((f) => f.id)).toEqual(['f1']);
		expect(visibleFindings(s, 'voter-aaaa', true)).toHaveLength(6);
		expect(visibleFindings({ ...s, revealed: true }, 'voter-aaaa', false)).toHaveLength(6);
	});

	it('uses the trainer\u2019s question for a step, else the default', () => {
		expect(promptFor(s, 'zoeken', 'serve')).toBe('Eigen vraag');
		expect(promptFor(s, 'afspraak', 'serve')).toMatch(/\?$/);
		expect(promptFor(null, 'zoeken', 'serve')).toBe(promptFor(s, 'afspraak', 'serve'));
	});

	it('summarises the top-voted findings per principle, leaving out findings on a missing step', () => {
		const summary = sessionSummary(s, journey, 2);
		const dialogue = summary.principles.find((p) => p.principle === 'dialogue')!;
		expect(dialogue.top.map((i) => [i.finding.id, i.votes])).toEqual([
			['f2', 2],
			['f1', 1]
		]);
		expect(dialogue.total).toBe(4);
		expect(summary.principles.find((p) => p.principle === 'serve')!.top.map((i) => i.finding.id)).toEqual([
			'f3'
		]);
		expect(summary).toMatchObject({ findings: 5, voters: 2, votes: 4 });
	});

	it('writes the summary as Markdown with every typed text escaped', () => {
		const evil = session({
			findings: [
				finding('x', 'zoeken', 'serve', { text: '# Kop\n[klik](javascript:alert(1)) <b>', author: '*Piet*' })
			],
			votes: { 'voter-aaaa': { x: 1 } }
		});
		const md = sessionSummaryMarkdown(sessionSummary(evil, journey), journey, {
			journeyUrl: 'https://klantreis.example/reis/j1'
		});
		expect(md.split('\n')[0]).toBe('# Hostmanship-sessie: Paspoort aanvragen; "goud" \\<testreis\\>');
		expect(md).toContain('## Dienen');
		expect(md).toContain('1. \\# Kop\\\n   \\[klik\\]\\(javascript:alert\\(1\\)\\) \\<b\\>\\');
		expect(md).toContain('1 stem, bij [stap 1: ');
		expect(md).toContain('(https://klantreis.example/reis/j1#stap-zoeken) (\\*Piet\\*)');
		expect(md).not.toMatch(/^# Kop/m);
		expect(md).not.toContain('<b>');
		expect(md).toContain('## Kennis hebben\n\nGeen bevindingen.');
	});

	it('counts down in whole seconds and formats m:ss', () => {
		expect(secondsLeft(10_000, 0)).toBe(10);
		expect(secondsLeft(10_000, 9_001)).toBe(1);
		expect(secondsLeft(10_000, 12_000)).toBe(0);
		expect(secondsLeft(null, 0)).toBe(0);
		expect(formatCountdown(300)).toBe('5:00');
		expect(formatCountdown(61)).toBe('1:01');
	});
});
