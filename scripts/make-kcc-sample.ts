// Writes static/voorbeelden/kcc-export-verhuizing-doorgeven.csv: a generated, anonymised
// export of one year of KCC contacts for the "Verhuizing doorgeven" template, so a workshop
// can try the contact import at once. Every value is made up by a seeded generator: the
// names are invented, the BSNs fail the elfproef, the phone numbers use the unassigned
// 06-0 range. It also has the columns a real export has (medewerker, naam, BSN, telefoon,
// samenvatting) so that the import can show it ignores them.
//
//   npx tsx scripts/make-kcc-sample.ts [rows] [out]
import { writeFileSync } from 'node:fs';

const ROWS = Number(process.argv[2] ?? 9000);
const OUT = process.argv[3] ?? 'static/voorbeelden/kcc-export-verhuizing-doorgeven.csv';

/** mulberry32: small, seeded, the same file every time. */
function rng(seed: number) {
	return () => {
		seed |= 0;
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
const random = rng(20250101);
const pick = <T>(list: readonly (readonly [T, number])[]): T => {
	const total = list.reduce((n, [, w]) => n + w, 0);
	let r = random() * total;
	for (const [value, w] of list) if ((r -= w) < 0) return value;
	return list[list.length - 1][0];
};

// Onderwerp → weight, and how it is usually handled. The last three cover no step of the template.
const TOPICS = [
	['Verhuizing doorgeven: informatie', 18, 0.92, 0.04],
	['Verhuizing doorgeven: hulp bij aangifte', 14, 0.7, 0.12],
	['DigiD', 9, 0.6, 0.05],
	['Toestemming hoofdbewoner', 6, 0.55, 0.25],
	['Afspraak maken balie', 8, 0.95, 0.02],
	['Aangifte onvolledig', 7, 0.45, 0.35],
	['Adresonderzoek', 3, 0.4, 0.45],
	['Status verhuizing', 12, 0.5, 0.3],
	['Berichtenbox MijnOverheid', 3, 0.8, 0.05],
	['Verhuizing: wat moet ik nog regelen', 5, 0.85, 0.05],
	['Afvalstoffenheffing', 6, 0.5, 0.35],
	['Afvalpas', 5, 0.9, 0.03],
	['Parkeervergunning', 4, 0.6, 0.3],
	['Paspoort aanvragen', 3, 0.9, 0.02],
	['Uittreksel BRP', 2, 0.9, 0.02]
] as const;
const CHANNELS = [
	['Telefoon', 60],
	['Balie', 14],
	['E-mail', 10],
	['WhatsApp', 6],
	['Chat', 6],
	['Webformulier', 4]
] as const;
const FIRST = ['Sanne', 'Mohamed', 'Anouk', 'Kees', 'Fatima', 'Jeroen', 'Ilse', 'Yusuf', 'Marieke', 'Dewi'];
const LAST = ['de Vries', 'Jansen', 'Bakker', 'Yilmaz', 'El Amrani', 'Visser', 'Smit', 'Pranoto', 'Mulder'];
const STAFF = ['KCC-mdw 01', 'KCC-mdw 02', 'KCC-mdw 03', 'KCC-mdw 04', 'Baliemdw 01', 'Baliemdw 02'];
const SUMMARIES = [
	'Vraagt hoe verhuizing door te geven zonder DigiD.',
	'Wil weten waarom de aangifte onvolledig is.',
	'Belt over brief, begrijpt niet wat er nog nodig is.',
	'Aanslag op oud én nieuw adres; wil bezwaar maken.',
	'Heeft afspraak nodig, eerste plek over drie weken.',
	'Vraagt of verhuizing al verwerkt is.'
];

/** Nine digits that fail the elfproef, so they are no BSN. */
function fakeBsn(): string {
	for (;;) {
		const d = Array.from({ length: 9 }, () => Math.floor(random() * 10));
		const sum = d.slice(0, 8).reduce((n, x, i) => n + x * (9 - i), 0) - d[8];
		if (sum % 11 !== 0) return d.join('');
	}
}
const yn = (p: number) => (random() < p ? 'ja' : 'nee');
const cell = (v: string) => (/[;"\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

const header = [
	'Datum',
	'Tijd',
	'Kanaal',
	'Onderwerp',
	'Medewerker',
	'Naam klant',
	'Telefoonnummer',
	'BSN',
	'Samenvatting',
	'In één keer goed',
	'Doorverbonden',
	'Terugbelnotitie',
	'Terugbelnotitie opgevolgd'
];
const lines = [header.join(';')];
const topicWeights = TOPICS.map((t) => [t, t[1]] as const);
for (let i = 0; i < ROWS; i++) {
	// More moves in summer: a seasonal weight per month.
	const month = pick(
		[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((m) => [m, m >= 6 && m <= 9 ? 1.4 : 1] as const)
	);
	const day = 1 + Math.floor(random() * 28);
	const [topic, , ftr, fwd] = pick(topicWeights);
	const channel = pick(CHANNELS);
	const callback = random() < 0.15;
	lines.push(
		[
			`${String(day).padStart(2, '0')}-${String(month).padStart(2, '0')}-2025`,
			`${String(8 + Math.floor(random() * 9)).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}`,
			channel,
			topic,
			STAFF[Math.floor(random() * STAFF.length)],
			`${FIRST[Math.floor(random() * FIRST.length)]} ${LAST[Math.floor(random() * LAST.length)]}`,
			`06-0${String(Math.floor(random() * 1e7)).padStart(7, '0')}`,
			fakeBsn(),
			SUMMARIES[Math.floor(random() * SUMMARIES.length)],
			yn(ftr),
			yn(fwd),
			callback ? 'ja' : 'nee',
			callback ? yn(0.7) : ''
		]
			.map(cell)
			.join(';')
	);
}
// Excel's Dutch CSV: UTF-8 with a BOM, `;` and Windows line endings.
writeFileSync(OUT, '\uFEFF' + lines.join('\r\n') + '\r\n');
console.log(`${ROWS} rijen geschreven naar ${OUT}`);
