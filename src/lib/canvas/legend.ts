import { EMOTION_LABELS, TICKET_STATUS_LABELS, TICKET_STATUSES, type TicketStatus } from '$lib/model';
import { HEAT, HEAT_LEVELS } from './layout';

/**
 * The frame around an exported map (PNG, SVG, print), so it can go to a
 * management team as it is: a header with the title, organisation and date,
 * and a legend below the map (personas with their line, the emotion scale,
 * the doenvermogen lane, pain-point and other marks). Pure: SVG markup as
 * strings with every style inline, in canvas units (px at 100%).
 */

export type FrameInput = {
	title: string;
	organisation: string;
	/** The date as it should read, e.g. "29 november 2026". */
	date: string;
	/** The personas whose emotion curve (and doenvermogen row) the map shows, with their line style. */
	personas: { name: string; color: string; dash: string }[];
	/** The map's kanalen in the contact lane, with their fill (a pattern of the map); none when no lane. */
	kanalen?: { name: string; fill: string }[];
	/** Some fase is marked "geen persoonlijk contact" ("klik, bel, kom"). */
	noHumanAlternative?: boolean;
	/** Width of the map, px; the legend wraps within it. */
	width: number;
};

export type Frame = {
	/** `<g>` with the header, drawn at the top. */
	header: string;
	headerHeight: number;
	/** `<g>` with the legend, to be drawn at y = 0 below the map (the caller translates it). */
	legend: string;
	legendHeight: number;
};

/** The colour of the dot a card carries for its tickets' status (most urgent status wins). */
export const TICKET_MARK_COLORS: Record<TicketStatus, string> = {
	open: '#b8470b',
	'in-progress': '#0f62fe',
	done: '#1e6b30',
	rejected: '#6f6f6f'
};

const FONT = 'font-family="system-ui, sans-serif"';
const ROW = 26;
/** A rough text width (px) for a size: enough to keep legend items from overlapping. */
const textWidth = (text: string, size = 13) => text.length * size * 0.58;

/** Escapes text for SVG markup. */
export function escapeXml(text: string): string {
	return text.replace(
		/[&<>"']/g,
		(c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`
	);
}

type Item = { width: number; draw: (x: number, y: number) => string };

const text = (x: number, y: number, value: string, extra = '') =>
	`<text x="${x}" y="${y}" ${FONT} font-size="13" fill="#1a1a1a" dominant-baseline="central"${extra}>${escapeXml(value)}</text>`;

function label(value: string): Item {
	return {
		width: value.length * 13 * 0.66 + 12,
		draw: (x, y) => text(x, y, value, ' font-weight="700"')
	};
}

function swatch(mark: (x: number, y: number) => string, value: string, markWidth = 22): Item {
	return {
		width: markWidth + 6 + textWidth(value) + 18,
		draw: (x, y) => mark(x, y) + text(x + markWidth + 6, y, value)
	};
}

/** The header and legend for a map export; see Frame. */
export function exportFrame(input: FrameInput): Frame {
	const margin = 16;
	const subtitle = [input.organisation, input.date].filter(Boolean).join(' · ');
	const header =
		`<g data-export="header">` +
		`<text x="${margin}" y="34" ${FONT} font-size="26" font-weight="700" fill="#154273">${escapeXml(input.title)}</text>` +
		`<text x="${margin}" y="60" ${FONT} font-size="15" fill="#4a4a4a">${escapeXml(subtitle)}</text>` +
		`</g>`;

	const groups: Item[][] = [];
	if (input.personas.length) {
		groups.push([
			label("Persona's (emotiecurve):"),
			...input.personas.map((p) =>
				swatch(
					(x, y) =>
						`<line x1="${x}" x2="${x + 28}" y1="${y}" y2="${y}" stroke="${p.color}" stroke-width="3"${p.dash ? ` stroke-dasharray="${p.dash}"` : ''}/>`,
					p.name,
					28
				)
			)
		]);
		groups.push([
			label('Emotie:'),
			...[-2, -1, 0, 1, 2].map((v) =>
				swatch(
					(x, y) => text(x, y, v > 0 ? `+${v}` : String(v), ' font-weight="700"'),
					EMOTION_LABELS[String(v)],
					18
				)
			)
		]);
		groups.push([
			label('Doenvermogen:'),
			...HEAT_LEVELS.map((level) =>
				swatch(
					(x, y) =>
						`<rect x="${x}" y="${y - 8}" width="22" height="16" fill="${HEAT[level].fill}" stroke="#7d95b3" stroke-width="0.5"/>`,
					HEAT[level].label
				)
			)
		]);
	}
	if (input.kanalen?.length) {
		groups.push([
			label('Contacten per kanaal:'),
			...input.kanalen.map((k) =>
				swatch(
					(x, y) =>
						`<rect x="${x}" y="${y - 8}" width="22" height="16" fill="${escapeXml(k.fill)}" stroke="#4a4a4a" stroke-width="0.5"/>`,
					k.name
				)
			),
			swatch(
				(x, y) =>
					`<rect x="${x}" y="${y - 8}" width="22" height="16" fill="url(#kr-kanaal-ander)" stroke="#4a4a4a" stroke-width="0.5"/>`,
				'ander kanaal (niet op de kaart)'
			)
		]);
	}
	groups.push([
		label('Tekens:'),
		swatch(
			(x, y) =>
				`<line x1="${x}" x2="${x + 22}" y1="${y}" y2="${y}" stroke="#154273" stroke-width="2.5" opacity="0.7"/>`,
			'de reis, stap voor stap'
		),
		swatch(
			(x, y) =>
				`<line x1="${x}" x2="${x + 22}" y1="${y}" y2="${y}" stroke="#b8470b" stroke-width="2.5" stroke-dasharray="7 5"/>`,
			'kanaalwissel'
		),
		swatch(
			(x, y) => `<path d="M${x + 11} ${y - 8} L${x + 21} ${y + 8} L${x + 1} ${y + 8} Z" fill="#a4000f"/>`,
			'pijnpunten (aantal)'
		),
		swatch(
			(x, y) =>
				`<rect x="${x}" y="${y - 9}" width="22" height="18" rx="9" fill="#a4161a"/>` +
				`<text x="${x + 11}" y="${y}" ${FONT} font-size="11" font-weight="700" fill="#fff" text-anchor="middle" dominant-baseline="central">!</text>`,
			"persona's die vastlopen"
		),
		...(input.noHumanAlternative
			? [
					swatch(
						(x, y) =>
							`<rect x="${x}" y="${y - 9}" width="22" height="18" rx="4" fill="#fdecea" stroke="#a4161a"/>` +
							`<circle cx="${x + 11}" cy="${y}" r="6" fill="none" stroke="#a4161a" stroke-width="2"/>` +
							`<line x1="${x + 6.8}" y1="${y + 4.2}" x2="${x + 15.2}" y2="${y - 4.2}" stroke="#a4161a" stroke-width="2"/>`,
						'fase zonder persoonlijk contact (geen telefoon, balie of huisbezoek)'
					)
				]
			: [])
	]);
	groups.push([
		label('Verbeterticket:'),
		...TICKET_STATUSES.map((status) =>
			swatch(
				(x, y) => `<circle cx="${x + 7}" cy="${y}" r="6" fill="${TICKET_MARK_COLORS[status]}"/>`,
				TICKET_STATUS_LABELS[status].toLowerCase(),
				14
			)
		)
	]);

	// Lay the items out in rows, a new row for each group and wherever the width runs out.
	const parts: string[] = [];
	let y = 18 + ROW / 2;
	for (const group of groups) {
		let x = margin;
		for (const item of group) {
			if (x > margin && x + item.width > input.width - margin) {
				x = margin + 24;
				y += ROW;
			}
			parts.push(item.draw(x, y));
			x += item.width;
		}
		y += ROW;
	}
	const legendHeight = y;
	const legend =
		`<g data-export="legend">` +
		`<line x1="${margin}" x2="${input.width - margin}" y1="6" y2="6" stroke="#c7d3e3"/>` +
		parts.join('') +
		`</g>`;
	return { header, headerHeight: 76, legend, legendHeight };
}

/** Today's date as the frame shows it, in Dutch ("29 november 2026"). */
export function exportDate(date = new Date()): string {
	return date.toLocaleDateString('nl-NL', { day: 'numeric', month: 'long', year: 'numeric' });
}
