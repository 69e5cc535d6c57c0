import {
	CHANNEL_KINDS,
	type ChannelKind,
	type Effort,
	type Evidence,
	type PainPoint,
	type Ticket
} from '$lib/model';

/**
 * Ranking by expected effect (verwacht effect), pure: what fixing a ticket
 * saves a year (avoidable contacts times a cost per contact per kanaal)
 * against the effort it takes. Sources and assumptions: docs/tickets.md,
 * "Rangschikking op verwacht effect".
 */

/** Cost per contact in euro, per kanaal kind. */
export type ContactCosts = Record<ChannelKind, number>;

/**
 * Default cost per contact in euro. Balie, telefoon, brief, e-mail and
 * website are the figures Dutch municipal kanaalsturing documents commonly
 * quote (attributed to Deloitte's study for BZK, about 2010); the others are
 * assumptions. Every figure is meant to be replaced by the municipality's own
 * (CONTACT_COSTS). See docs/tickets.md for the honest state of each.
 */
export const DEFAULT_CONTACT_COSTS: ContactCosts = {
	balie: 10.4,
	telefoon: 5.4,
	'e-mail': 4.5,
	website: 0.4,
	chat: 3,
	whatsapp: 3,
	'sociale-media': 3,
	app: 0.4,
	brief: 12.1,
	mijnoverheid: 0.4,
	huisbezoek: 60,
	anders: 5.4
};

/** Relative weight of an effort estimate (an assumption: each size roughly twice the last). */
export const EFFORT_WEIGHT: Record<Effort, number> = { S: 1, M: 2, L: 4 };

const MONTHS = ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
const MONTH_ALIASES: Record<string, number> = { mar: 2, maa: 2, may: 4, oct: 9 };

function monthIndex(word: string): number {
	const w = word.slice(0, 3).toLowerCase();
	const i = MONTHS.indexOf(w);
	return i !== -1 ? i : (MONTH_ALIASES[w] ?? -1);
}

/**
 * How many times a period fits in a year, read from the free text of an
 * evidence's `period` ("2026-Q3", "2026-03", "jan-jun 2026", "2025",
 * "week 12", "2026-01-01/2026-03-31"). Null when the text says nothing we
 * can read; the caller then assumes a year and says so.
 */
export function periodsPerYear(period: string): number | null {
	const p = period.trim().toLowerCase();
	const interval = /^(\d{4}-\d{2}-\d{2})\s*(?:\/|tot|t\/m|-\s)\s*(\d{4}-\d{2}-\d{2})$/.exec(p);
	if (interval) {
		const days = (Date.parse(interval[2]) - Date.parse(interval[1])) / 86_400_000 + 1;
		return days >= 1 ? 365 / days : null;
	}
	if (/\bq[1-4]\b|kwartaal/.test(p)) return 4;
	if (/\bh[12]\b|half ?jaar|halfjaar|semester/.test(p)) return 2;
	if (/\bweek\b|\bwk\b/.test(p)) return 52;
	if (/^\d{4}-\d{2}$/.test(p) || /\bmaand\b/.test(p)) return 12;
	const range = /([a-z]{3,})\w*\.?\s*(?:-|–|t\/m|tot)\s*([a-z]{3,})/.exec(p);
	if (range) {
		const a = monthIndex(range[1]);
		const b = monthIndex(range[2]);
		if (a !== -1 && b !== -1) return 12 / (((b - a + 12) % 12) + 1);
	}
	const single = /^([a-z]{3,})\w*\.?\s*\d{4}$/.exec(p);
	if (single && monthIndex(single[1]) !== -1) return 12;
	if (/^\d{4}$/.test(p) || /\bjaar\b|per jaar|jaarlijks/.test(p)) return 1;
	return null;
}

/** Avoidable contacts a year on one kanaal kind, from one or more pieces of evidence. */
export type ChannelContacts = { kind: ChannelKind; contactsPerYear: number };

/** What fixing one ticket is expected to save, and how sure that is. */
export type TicketEffect = {
	/** Avoidable contacts a year, summed over kanalen; 0 when no evidence counts contacts. */
	contactsPerYear: number;
	byChannel: ChannelContacts[];
	/** Euro a year: contacts times the cost per contact of their kanaal. */
	valuePerYear: number;
	effort: Effort | null;
	/** valuePerYear divided by the effort's weight (M when not estimated); the ranking key. */
	score: number;
	/** Dutch notes on what was assumed, for the reader of the ranking. */
	assumptions: string[];
};

/**
 * The expected effect of fixing a ticket. Contacts come from the `contacts`
 * evidence of its pain points, each figure scaled to a year by its period.
 * Within one pain point and kanaal the largest yearly figure counts (two
 * periods of the same count are not added up twice); across pain points and
 * kanalen they add up. A figure without a kanaal counts on the kanaal of the
 * pain point's step (`stepKind`), else as `anders`.
 *
 * @param painPoints the ticket's pain points (unknown ids already left out)
 * @param stepKind kanaal kind per step id
 * @param costs euro per contact per kanaal kind
 */
export function ticketEffect(
	ticket: Pick<Ticket, 'effort'>,
	painPoints: readonly Pick<PainPoint, 'stepId' | 'evidence'>[],
	stepKind: ReadonlyMap<string, ChannelKind>,
	costs: ContactCosts = DEFAULT_CONTACT_COSTS
): TicketEffect {
	const assumptions = new Set<string>();
	const perKind = new Map<ChannelKind, number>();
	for (const p of painPoints) {
		const best = new Map<ChannelKind, number>();
		for (const e of p.evidence) {
			if (e.metric !== 'contacts') continue;
			const yearly = yearlyContacts(e, assumptions);
			const kind = e.channel ?? stepKind.get(p.stepId) ?? 'anders';
			best.set(kind, Math.max(best.get(kind) ?? 0, yearly));
		}
		for (const [kind, n] of best) perKind.set(kind, (perKind.get(kind) ?? 0) + n);
	}
	const byChannel = CHANNEL_KINDS.filter((k) => perKind.has(k)).map((kind) => ({
		kind,
		contactsPerYear: perKind.get(kind)!
	}));
	const contactsPerYear = byChannel.reduce((n, c) => n + c.contactsPerYear, 0);
	const valuePerYear = byChannel.reduce((n, c) => n + c.contactsPerYear * costs[c.kind], 0);
	if (contactsPerYear === 0)
		assumptions.add('Geen aantallen klantcontacten als onderbouwing: effect onbekend.');
	const effort = ticket.effort ?? null;
	if (!effort) assumptions.add('Inspanning niet geschat: gerekend als middel.');
	return {
		contactsPerYear: Math.round(contactsPerYear),
		byChannel: byChannel.map((c) => ({ ...c, contactsPerYear: Math.round(c.contactsPerYear) })),
		valuePerYear: Math.round(valuePerYear),
		effort,
		score: valuePerYear / EFFORT_WEIGHT[effort ?? 'M'],
		assumptions: [...assumptions]
	};
}

function yearlyContacts(e: Evidence, assumptions: Set<string>): number {
	const factor = periodsPerYear(e.period);
	if (factor === null) {
		assumptions.add(`Periode "${e.period}" niet herkend: gerekend als één jaar.`);
		return e.value;
	}
	return e.value * factor;
}

/**
 * Where a ticket lands in the value-against-effort view: a quick win (snel
 * resultaat) has value above the median and small or medium effort.
 */
export const QUADRANTS = ['quick-win', 'big-bet', 'fill-in', 'reconsider'] as const;
export type Quadrant = (typeof QUADRANTS)[number];
export const QUADRANT_LABELS: Record<Quadrant, string> = {
	'quick-win': 'Snel resultaat: veel effect, weinig werk',
	'big-bet': 'Grote klus: veel effect, veel werk',
	'fill-in': 'Tussendoor: weinig effect, weinig werk',
	reconsider: 'Heroverwegen: weinig effect, veel werk'
};

/**
 * The quadrant of each effect, split at the median value of those with any
 * value (so half the tickets with figures count as "veel effect"); effort L
 * counts as much work, S and M (and not estimated) as little.
 */
export function quadrants(effects: readonly TicketEffect[]): Quadrant[] {
	const values = effects
		.map((e) => e.valuePerYear)
		.filter((v) => v > 0)
		.sort((a, b) => a - b);
	const median = values.length === 0 ? Infinity : values[Math.floor((values.length - 1) / 2)];
	return effects.map((e) => {
		const high = e.valuePerYear > 0 && e.valuePerYear >= median;
		const heavy = e.effort === 'L';
		return high ? (heavy ? 'big-bet' : 'quick-win') : heavy ? 'reconsider' : 'fill-in';
	});
}

/**
 * Parses CONTACT_COSTS ("telefoon=6.20;balie=12"; `,` or `;` between pairs,
 * a decimal point or comma) over the defaults. Throws with a Dutch message
 * naming the bad pair.
 */
export function parseContactCosts(raw: string | undefined): ContactCosts {
	const costs = { ...DEFAULT_CONTACT_COSTS };
	if (!raw || !raw.trim()) return costs;
	for (const pair of raw.split(/[;\s]+|,(?=\s*[a-z])/i).filter(Boolean)) {
		const m = /^([a-z-]+)\s*=\s*(\d+(?:[.,]\d+)?)$/i.exec(pair.trim());
		const kind = m?.[1].toLowerCase() as ChannelKind | undefined;
		if (!m || !kind || !(CHANNEL_KINDS as readonly string[]).includes(kind)) {
			throw new Error(`CONTACT_COSTS: "${pair}" is geen kanaal=bedrag; kanalen: ${CHANNEL_KINDS.join(', ')}`);
		}
		costs[kind] = Number(m[2].replace(',', '.'));
	}
	return costs;
}
