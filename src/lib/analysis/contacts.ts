import {
	CHANNEL_KIND_LABELS,
	HUMAN_ALTERNATIVE_KINDS,
	type Channel,
	type Evidence,
	type Issue,
	type Journey,
	type Stage,
	sortByReis
} from '$lib/model';

/**
 * KCC contact figures (CONTRACT.md, "Contact figures"): an export of contact
 * registrations is read row by row and only COUNTED, per onderwerp, kanaal and
 * month. Names, BSNs, phone numbers and free text in other columns are never
 * read into a value that is kept: a row becomes a handful of counters at once.
 * The counts are kept per onderwerp (not per step), so assigning an onderwerp to
 * a step later counts its contacts there without a new import.
 */

/** The columns an export may have; the first three are required. */
export const CONTACT_COLUMNS = [
	'datum',
	'kanaal',
	'onderwerp',
	'afgehandeld',
	'doorverbonden',
	'terugbelnotitie',
	'terugbelnotitie opgevolgd'
] as const;
export type ContactColumn = (typeof CONTACT_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly ContactColumn[] = ['datum', 'kanaal', 'onderwerp'];

/** Dutch label per column, for the mapping step of the import. */
export const CONTACT_COLUMN_LABELS: Record<ContactColumn, string> = {
	datum: 'Datum van het contact',
	kanaal: 'Kanaal',
	onderwerp: 'Onderwerp (vraagcategorie)',
	afgehandeld: 'In één keer goed afgehandeld (ja/nee)',
	doorverbonden: 'Doorverbonden naar de tweede lijn (ja/nee)',
	terugbelnotitie: 'Terugbelnotitie gemaakt (ja/nee)',
	'terugbelnotitie opgevolgd': 'Terugbelnotitie opgevolgd (ja/nee)'
};

/** Other names KCC systems use for the same column (compared after `normalizeName`). */
const ALIASES: Record<ContactColumn, readonly string[]> = {
	datum: ['datum', 'date', 'contactdatum', 'datum contact', 'datum tijd', 'datumtijd', 'plaatsgevondenop'],
	kanaal: ['kanaal', 'contactkanaal', 'channel'],
	onderwerp: ['onderwerp', 'vraagcategorie', 'categorie', 'vraag categorie', 'topic'],
	afgehandeld: [
		'afgehandeld',
		'in een keer goed',
		'in 1 keer goed',
		'direct afgehandeld',
		'first time right',
		'ftr'
	],
	doorverbonden: ['doorverbonden', 'doorgezet', 'doorgezet naar tweede lijn', 'forwarded'],
	terugbelnotitie: ['terugbelnotitie', 'terugbelverzoek', 'callback'],
	'terugbelnotitie opgevolgd': [
		'terugbelnotitie opgevolgd',
		'terugbelverzoek opgevolgd',
		'callback opgevolgd'
	]
};

/** Lower case, no accents, one space between words: "In één keer_goed" → "in een keer goed". */
export function normalizeName(raw: string): string {
	return raw
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[\s_\-./]+/g, ' ')
		.trim();
}

/** A column mapping given by the user: contract column → the export's header text. */
export type ColumnMapping = Partial<Record<ContactColumn, string>>;

/** Where each known column is in a header row; `missing` lists required columns not found. */
export type ColumnPositions = {
	positions: Partial<Record<ContactColumn, number>>;
	missing: ContactColumn[];
	/** Headers that are not read (they may hold personal data: they are never stored). */
	ignored: string[];
};

/**
 * Finds the known columns in a header row, by the user's mapping first, then by
 * name (case-insensitively, accents and separators ignored, with the aliases
 * above). Shape: header texts in file order → positions per column.
 */
export function recognizeColumns(header: readonly string[], mapping: ColumnMapping = {}): ColumnPositions {
	const names = header.map(normalizeName);
	const positions: Partial<Record<ContactColumn, number>> = {};
	const taken = new Set<number>();
	for (const column of CONTACT_COLUMNS) {
		const wanted = mapping[column];
		const at = wanted ? names.indexOf(normalizeName(wanted)) : -1;
		if (at >= 0) {
			positions[column] = at;
			taken.add(at);
		}
	}
	// Longest aliases first, so "terugbelnotitie opgevolgd" is not taken for "terugbelnotitie".
	const byLength = CONTACT_COLUMNS.flatMap((c) => ALIASES[c].map((a) => [c, a] as const)).sort(
		(a, b) => b[1].length - a[1].length
	);
	for (const [column, alias] of byLength) {
		if (positions[column] !== undefined) continue;
		const at = names.findIndex((n, i) => n === alias && !taken.has(i));
		if (at >= 0) {
			positions[column] = at;
			taken.add(at);
		}
	}
	return {
		positions,
		missing: REQUIRED_COLUMNS.filter((c) => positions[c] === undefined),
		ignored: header.filter((_, i) => !taken.has(i))
	};
}

/**
 * The month (`YYYY-MM`) of a date as KCC systems write it: ISO `2025-03-14`
 * (optionally with a time, `2025-03-14T09:12:00Z` or `2025-03-14 09:12`) or
 * Dutch `14-03-2025` / `14/3/2025` (optionally with a time). Null when it is no
 * real date (31-02-2025 is not).
 */
export function monthOf(raw: string): string | null {
	const text = raw.trim();
	let y: number, m: number, d: number;
	let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s].*)?$/.exec(text);
	if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
	else {
		match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:\s.*)?$/.exec(text);
		if (!match) return null;
		[d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
	}
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return null;
	const daysInMonth = new Date(Date.UTC(y, m, 0)).getUTCDate();
	if (d > daysInMonth) return null;
	return `${y}-${String(m).padStart(2, '0')}`;
}

const YES = new Set(['ja', 'j', 'yes', 'y', '1', 'true', 'waar', 'x']);
const NO = new Set(['nee', 'n', 'no', '0', 'false', 'onwaar']);

/** `ja`/`nee` (and 1/0, true/false, yes/no); '' → null (not known); anything else → undefined. */
export function yesNo(raw: string): boolean | null | undefined {
	const text = raw.trim().toLowerCase();
	if (text === '') return null;
	if (YES.has(text)) return true;
	if (NO.has(text)) return false;
	return undefined;
}

/** Counters for one onderwerp, kanaal and month. "Known" counts rows where the column had an answer. */
export type ContactFigure = {
	month: string;
	/** The onderwerp as first written in the export (trimmed). */
	topic: string;
	/** The kanaal as first written in the export (trimmed). */
	channel: string;
	contacts: number;
	firstTimeRightKnown: number;
	firstTimeRight: number;
	forwardedKnown: number;
	forwarded: number;
	callbackKnown: number;
	callback: number;
	callbackFollowedUpKnown: number;
	callbackFollowedUp: number;
};

/** One contact as the tally takes it: only what is counted. */
export type ContactRow = {
	month: string;
	kanaal: string;
	onderwerp: string;
	afgehandeld?: boolean | null;
	doorverbonden?: boolean | null;
	terugbelnotitie?: boolean | null;
	terugbelnotitieOpgevolgd?: boolean | null;
};

/** The key an onderwerp or kanaal is compared by: trimmed, case-insensitive, one space. */
export function matchKey(raw: string): string {
	return raw.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The ja/nee columns of a contact and the counts they feed (`<field>Known` where the column was filled in). */
const YES_NO_COLUMNS = [
	['afgehandeld', 'firstTimeRight'],
	['doorverbonden', 'forwarded'],
	['terugbelnotitie', 'callback'],
	['terugbelnotitieOpgevolgd', 'callbackFollowedUp']
] as const;

/**
 * Counts contacts as they are read; memory grows with the number of distinct
 * (month, onderwerp, kanaal) triples, never with the number of rows.
 */
export class ContactTally {
	private readonly cells = new Map<string, ContactFigure>();
	/**
	 * matchKey per raw onderwerp or kanaal: an export repeats a few dozen of them a
	 * million times, and a Map lookup costs less than the regex and lower-casing
	 * (profiled: a fifth of the import's CPU). Bounded, so memory stays flat even
	 * for an export with a distinct free-text "onderwerp" on every row.
	 */
	private readonly keys = new Map<string, string>();
	rows = 0;

	private keyOf(raw: string): string {
		let key = this.keys.get(raw);
		if (key === undefined) {
			if (this.keys.size >= 10_000) this.keys.clear();
			key = matchKey(raw);
			this.keys.set(raw, key);
		}
		return key;
	}

	add(row: ContactRow): void {
		this.rows++;
		const key = `${row.month}\u0000${this.keyOf(row.onderwerp)}\u0000${this.keyOf(row.kanaal)}`;
		let cell = this.cells.get(key);
		if (!cell) {
			cell = {
				month: row.month,
				topic: row.onderwerp.trim(),
				channel: row.kanaal.trim(),
				contacts: 0,
				firstTimeRightKnown: 0,
				firstTimeRight: 0,
				forwardedKnown: 0,
				forwarded: 0,
				callbackKnown: 0,
				callback: 0,
				callbackFollowedUpKnown: 0,
				callbackFollowedUp: 0
			};
			this.cells.set(key, cell);
		}
		cell.contacts++;
		for (const [column, field] of YES_NO_COLUMNS) {
			const answer = row[column];
			if (answer == null) continue;
			cell[`${field}Known`]++;
			if (answer) cell[field]++;
		}
	}

	figures(): ContactFigure[] {
		return [...this.cells.values()];
	}

	/** The months this import covers; the store replaces exactly these. */
	months(): string[] {
		return [...new Set(this.figures().map((f) => f.month))].sort();
	}
}

/**
 * Reads one CSV record (already split into cells) into a ContactRow, or the
 * problems with their paths (`rows.<index>.<column>`, index 0 = the first row
 * after the header). `line` is the record's line in the file, for the message.
 */
export function readContactRow(
	cells: readonly string[],
	positions: Partial<Record<ContactColumn, number>>,
	index: number,
	line: number
): { row: ContactRow } | { issues: Issue[] } {
	const cell = (c: ContactColumn) => {
		const at = positions[c];
		return at === undefined ? undefined : (cells[at] ?? '');
	};
	const issues: Issue[] = [];
	const where = (c: ContactColumn) => `rows.${index}.${c}`;
	const month = monthOf(cell('datum') ?? '');
	if (!month)
		issues.push({
			path: where('datum'),
			message: `Regel ${line}: "${clip(cell('datum') ?? '')}" is geen datum; gebruik JJJJ-MM-DD of DD-MM-JJJJ`
		});
	const kanaal = (cell('kanaal') ?? '').trim();
	if (!kanaal) issues.push({ path: where('kanaal'), message: `Regel ${line}: het kanaal ontbreekt` });
	const onderwerp = (cell('onderwerp') ?? '').trim();
	if (!onderwerp)
		issues.push({ path: where('onderwerp'), message: `Regel ${line}: het onderwerp ontbreekt` });
	if (kanaal.length > 120 || onderwerp.length > 120)
		issues.push({
			path: where(kanaal.length > 120 ? 'kanaal' : 'onderwerp'),
			message: `Regel ${line}: langer dan 120 tekens; staat hier de goede kolom?`
		});
	const flags: Partial<Record<ContactColumn, boolean | null>> = {};
	for (const c of ['afgehandeld', 'doorverbonden', 'terugbelnotitie', 'terugbelnotitie opgevolgd'] as const) {
		const raw = cell(c);
		if (raw === undefined) continue;
		const value = yesNo(raw);
		if (value === undefined)
			issues.push({ path: where(c), message: `Regel ${line}: "${clip(raw)}" is geen ja of nee` });
		else flags[c] = value;
	}
	if (issues.length) return { issues };
	return {
		row: {
			month: month!,
			kanaal,
			onderwerp,
			afgehandeld: flags.afgehandeld,
			doorverbonden: flags.doorverbonden,
			terugbelnotitie: flags.terugbelnotitie,
			terugbelnotitieOpgevolgd: flags['terugbelnotitie opgevolgd']
		}
	};
}

/** At most 40 characters of a cell in a message: enough to find it, never a whole free-text field. */
function clip(text: string): string {
	const t = text.trim();
	return t.length > 40 ? `${t.slice(0, 40)}…` : t;
}

/** A contact of an Open Klant 2 klantcontacten list (the fields KISS fills). */
export type OpenKlantContact = {
	kanaal?: unknown;
	onderwerp?: unknown;
	plaatsgevondenOp?: unknown;
	indicatieContactGelukt?: unknown;
};

/**
 * Reads one Open Klant 2 klantcontact. `indicatieContactGelukt` says whether the
 * resident was reached, not whether the question was answered in one go: it is
 * not taken as first-time-right, so those figures stay unknown for such imports.
 */
export function readOpenKlantContact(
	item: unknown,
	index: number
): { row: ContactRow } | { issues: Issue[] } {
	if (typeof item !== 'object' || item === null || Array.isArray(item))
		return { issues: [{ path: `rows.${index}`, message: 'Verwacht een klantcontact (een object)' }] };
	const c = item as OpenKlantContact;
	const issues: Issue[] = [];
	const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
	const month = typeof c.plaatsgevondenOp === 'string' ? monthOf(c.plaatsgevondenOp) : null;
	if (!month)
		issues.push({
			path: `rows.${index}.plaatsgevondenOp`,
			message: 'Verwacht een datum en tijd, zoals 2025-03-14T09:12:00Z'
		});
	if (!text(c.kanaal)) issues.push({ path: `rows.${index}.kanaal`, message: 'Het kanaal ontbreekt' });
	if (!text(c.onderwerp))
		issues.push({ path: `rows.${index}.onderwerp`, message: 'Het onderwerp ontbreekt' });
	if (issues.length) return { issues };
	return { row: { month: month!, kanaal: text(c.kanaal), onderwerp: text(c.onderwerp) } };
}

/**
 * The channel of the journey a kanaal from an export means: by kind (`telefoon`,
 * or its label "Telefoon (KCC)"), else by the channel's name, case-insensitively;
 * the first such channel of the map. Null when none matches.
 */
export function channelMatcher(channels: readonly Channel[]): (kanaal: string) => string | null {
	const byName = new Map<string, string>();
	for (const c of [...channels].reverse()) {
		byName.set(matchKey(c.name), c.id);
		byName.set(matchKey(c.kind), c.id);
		byName.set(matchKey(CHANNEL_KIND_LABELS[c.kind]), c.id);
	}
	// A channel's own name wins over another channel's kind.
	for (const c of [...channels].reverse()) byName.set(matchKey(c.name), c.id);
	return (kanaal) => byName.get(matchKey(kanaal)) ?? null;
}

/** Steps per onderwerp key, from the steps' `topics`. */
function stepsByTopic(journey: Journey): Map<string, string[]> {
	const out = new Map<string, string[]>();
	for (const step of journey.steps)
		for (const t of step.topics ?? []) {
			const key = matchKey(t);
			const list = out.get(key) ?? [];
			if (!list.includes(step.id)) list.push(step.id);
			out.set(key, list);
		}
	return out;
}

/** A period of months, both ends included (`YYYY-MM`); either end may be open. */
export type Period = { from?: string | null; to?: string | null };

function inPeriod(month: string, period: Period): boolean {
	return (!period.from || month >= period.from) && (!period.to || month <= period.to);
}

/** The figures of one step, as `GET /api/journeys/:id/figures` gives them. */
export type StepFigures = {
	stepId: string;
	contacts: number;
	/** Fraction 0 to 1 of the contacts where "afgehandeld" was known; null when never known. */
	firstTimeRight: number | null;
	forwarded: number | null;
	/** Extension: fraction of callback notes followed up, where known; null when never known. */
	callbackFollowedUp: number | null;
	byChannel: { channelId: string; contacts: number }[];
	byMonth: { month: string; contacts: number }[];
};

const fraction = (part: number, known: number) => (known > 0 ? part / known : null);

/**
 * Figures per step, in the order of the reis: a contact counts at every step
 * whose topics hold its onderwerp. `byChannel` lists the journey's channels
 * that had contacts (a kanaal the map does not have is left out there, but
 * counts in `contacts`); `byMonth` is sorted by month.
 */
export function stepFigures(
	journey: Journey,
	figures: readonly ContactFigure[],
	period: Period = {}
): StepFigures[] {
	const topics = stepsByTopic(journey);
	const channelOf = channelMatcher(journey.channels);
	type Acc = {
		contacts: number;
		ftr: [number, number];
		fwd: [number, number];
		cb: [number, number];
		channels: Map<string, number>;
		months: Map<string, number>;
	};
	const acc = new Map<string, Acc>();
	for (const step of journey.steps)
		acc.set(step.id, {
			contacts: 0,
			ftr: [0, 0],
			fwd: [0, 0],
			cb: [0, 0],
			channels: new Map(),
			months: new Map()
		});
	for (const f of figures) {
		if (!inPeriod(f.month, period)) continue;
		const channelId = channelOf(f.channel);
		for (const stepId of topics.get(matchKey(f.topic)) ?? []) {
			const a = acc.get(stepId)!;
			a.contacts += f.contacts;
			a.ftr[0] += f.firstTimeRight;
			a.ftr[1] += f.firstTimeRightKnown;
			a.fwd[0] += f.forwarded;
			a.fwd[1] += f.forwardedKnown;
			a.cb[0] += f.callbackFollowedUp;
			a.cb[1] += f.callbackFollowedUpKnown;
			if (channelId) a.channels.set(channelId, (a.channels.get(channelId) ?? 0) + f.contacts);
			a.months.set(f.month, (a.months.get(f.month) ?? 0) + f.contacts);
		}
	}
	return sortByReis(journey.steps, journey.stages).map((step) => {
		const a = acc.get(step.id)!;
		return {
			stepId: step.id,
			contacts: a.contacts,
			firstTimeRight: fraction(...a.ftr),
			forwarded: fraction(...a.fwd),
			callbackFollowedUp: fraction(...a.cb),
			byChannel: journey.channels
				.filter((c) => a.channels.has(c.id))
				.map((c) => ({ channelId: c.id, contacts: a.channels.get(c.id)! })),
			byMonth: [...a.months.entries()]
				.sort(([x], [y]) => x.localeCompare(y))
				.map(([month, contacts]) => ({ month, contacts }))
		};
	});
}

/** What an import (or its preview) reports: `{ imported, matched, unmatched }` of the contract, and more. */
export type ImportSummary = {
	/** Rows read. */
	imported: number;
	/** Contacts whose onderwerp is covered by at least one step. */
	matched: number;
	/** Onderwerpen no step covers, most contacts first: the team can assign them. */
	unmatched: { onderwerp: string; contacts: number }[];
	/** Extension: kanalen of the export that match no channel of the map. */
	unmatchedChannels: { kanaal: string; contacts: number }[];
	/** Extension: contacts per channel of the map, for the preview's chart. */
	byChannel: { channelId: string; contacts: number }[];
	/** Extension: the months the import covers (and replaces), sorted. */
	months: string[];
};

/** Sums a tally against the journey as it is now. */
export function summarizeImport(journey: Journey, tally: ContactTally): ImportSummary {
	const topics = stepsByTopic(journey);
	const channelOf = channelMatcher(journey.channels);
	let matched = 0;
	const unmatched = new Map<string, { onderwerp: string; contacts: number }>();
	const unmatchedChannels = new Map<string, { kanaal: string; contacts: number }>();
	const byChannel = new Map<string, number>();
	for (const f of tally.figures()) {
		if (topics.has(matchKey(f.topic))) matched += f.contacts;
		else {
			const u = unmatched.get(matchKey(f.topic)) ?? { onderwerp: f.topic, contacts: 0 };
			u.contacts += f.contacts;
			unmatched.set(matchKey(f.topic), u);
		}
		const channelId = channelOf(f.channel);
		if (channelId) byChannel.set(channelId, (byChannel.get(channelId) ?? 0) + f.contacts);
		else {
			const u = unmatchedChannels.get(matchKey(f.channel)) ?? { kanaal: f.channel, contacts: 0 };
			u.contacts += f.contacts;
			unmatchedChannels.set(matchKey(f.channel), u);
		}
	}
	const desc = <T extends { contacts: number }>(list: Iterable<T>) =>
		[...list].sort((a, b) => b.contacts - a.contacts);
	return {
		imported: tally.rows,
		matched,
		unmatched: desc(unmatched.values()),
		unmatchedChannels: desc(unmatchedChannels.values()),
		byChannel: journey.channels
			.filter((c) => byChannel.has(c.id))
			.map((c) => ({ channelId: c.id, contacts: byChannel.get(c.id)! })),
		months: tally.months()
	};
}

/** "Klik, bel, kom" for one fase, as `GET /api/journeys/:id/coverage` gives it. */
export type StageCoverage = {
	stageId: string;
	humanAlternative: boolean;
	/** `map` when the kanalen of the fase's steps decide, `team` when the team's override does. */
	source: 'map' | 'team';
	/** Extension: what the map says, also when the team overrides it, and the team's note. */
	fromMap: boolean;
	note?: string;
};

/**
 * Per fase: does the reis keep a human alternative (a step on a telefoon, balie
 * or huisbezoek kanaal, HUMAN_ALTERNATIVE_KINDS)? A fase the team has answered
 * for (`humanAlternative` true or false on the stage) takes the team's answer.
 * A fase without any step has no human alternative on the map.
 */
export function coverage(journey: Journey): StageCoverage[] {
	const kindOf = new Map(journey.channels.map((c) => [c.id, c.kind]));
	return journey.stages.map((stage: Stage) => {
		const fromMap = journey.steps.some(
			(s) => s.stageId === stage.id && HUMAN_ALTERNATIVE_KINDS.has(kindOf.get(s.channelId) ?? 'anders')
		);
		const team = stage.humanAlternative;
		return {
			stageId: stage.id,
			humanAlternative: typeof team === 'boolean' ? team : fromMap,
			source: typeof team === 'boolean' ? 'team' : 'map',
			fromMap,
			...(stage.humanAlternativeNote ? { note: stage.humanAlternativeNote } : {})
		};
	});
}

/** Where evidence taken over from an import says it comes from. */
export const IMPORT_SOURCE = 'KCC-export';

/**
 * The period a set of months covers, as evidence gives it: "2025-01 t/m
 * 2025-12", one month alone as "2025-03"; '' for no months. Months are
 * `YYYY-MM`, in any order.
 */
export function periodLabel(months: readonly string[]): string {
	if (months.length === 0) return '';
	const sorted = [...months].sort();
	const [first, last] = [sorted[0], sorted[sorted.length - 1]];
	return first === last ? first : `${first} t/m ${last}`;
}

/**
 * A step's imported figures as pain-point evidence (onderbouwing), so the team
 * points at the import instead of retyping it: the number of contacts, and the
 * percentages (0 to 100, rounded) handled in one go and forwarded where those
 * were known. Source `KCC-export`, period from `periodLabel(months)`. Empty
 * when the step has no contacts or no months are given.
 */
export function evidenceFromFigures(figures: StepFigures, months: readonly string[]): Evidence[] {
	const period = periodLabel(months);
	if (figures.contacts === 0 || !period) return [];
	const out: Evidence[] = [{ metric: 'contacts', value: figures.contacts, source: IMPORT_SOURCE, period }];
	// Fractions 0..1 become the percentages the evidence metrics are in.
	for (const metric of ['firstTimeRight', 'forwarded'] as const) {
		const fraction = figures[metric];
		if (fraction !== null)
			out.push({ metric, value: Math.round(fraction * 100), source: IMPORT_SOURCE, period });
	}
	return out;
}
