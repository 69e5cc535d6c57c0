import { describe, expect, it } from 'vitest';
import { escapeXml, exportDate, exportFrame } from './legend';

describe('exportFrame', () => {
	const frame = exportFrame({
		title: 'Verhuizing <doorgeven>',
		organisation: 'Gemeente Voorbeeld',
		date: '29 november 2026',
		personas: [
			{ name: 'Ingrid', color: '#0072B2', dash: '' },
			{ name: 'Mo & Sam', color: '#D55E00', dash: '8 4' }
		],
		width: 1310
	});

	it('heads the map with title, organisation and date, escaped', () => {
		expect(frame.header).toContain('Verhuizing &lt;doorgeven&gt;');
		expect(frame.header).toContain('Gemeente Voorbeeld · 29 november 2026');
		expect(frame.headerHeight).toBeGreaterThan(60);
	});

	it('explains personas with their line, the emotion scale, doenvermogen and the marks', () => {
		for (const text of [
			'Ingrid',
			'Mo &amp; Sam',
			'stroke="#D55E00"',
			'stroke-dasharray="8 4"',
			'Heel negatief',
			'Heel positief',
			'Doenvermogen:',
			'loopt vast',
			'net aan',
			'pijnpunten (aantal)',
			'kanaalwissel'
		])
			expect(frame.legend).toContain(text);
	});

	it('wraps the legend within a narrow width, growing in height', () => {
		const narrow = exportFrame({ ...frameInput(), width: 400 });
		expect(narrow.legendHeight).toBeGreaterThan(exportFrame({ ...frameInput(), width: 2000 }).legendHeight);
	});

	it('without personas keeps only the marks', () => {
		const bare = exportFrame({ ...frameInput(), personas: [] });
		expect(bare.legend).not.toContain('Emotie:');
		expect(bare.legend).toContain('kanaalwissel');
		expect(bare.legend).not.toContain('Contacten per kanaal:');
		expect(bare.legend).not.toContain('geen persoonlijk contact');
	});

	it('explains the contact lane\'s kanalen by their pattern, and the "klik, bel, kom" mark', () => {
		const lane = exportFrame({
			...frameInput(),
			kanalen: [{ name: 'Telefoon <KCC>', fill: 'url(#kr-kanaal-0)' }],
			noHumanAlternative: true
		});
		expect(lane.legend).toContain('Contacten per kanaal:');
		expect(lane.legend).toContain('fill="url(#kr-kanaal-0)"');
		expect(lane.legend).toContain('Telefoon &lt;KCC&gt;');
		expect(lane.legend).toContain('ander kanaal (niet op de kaart)');
		expect(lane.legend).toContain('fase zonder persoonlijk contact');
	});
});

function frameInput() {
	return {
		title: 'T',
		organisation: '',
		date: '1 januari 2026',
		personas: [{ name: 'P', color: '#000', dash: '' }],
		width: 1000
	};
}

describe('escapeXml and exportDate', () => {
	it('escapes markup characters', () => {
		expect(escapeXml(`a<b>&"c'`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;');
	});
	it('writes the date in Dutch', () => {
		expect(exportDate(new Date(Date.UTC(2026, 10, 29, 12)))).toBe('29 november 2026');
	});
});
