import { flushSync, tick } from 'svelte';
import type { StageCoverage, StepFigures } from '$lib/analysis/contacts';
import type { Journey } from '$lib/model';
import { kanaalPatternId } from './contact-lane';
import { downloadPng, downloadSvg, fileName, standaloneSvg } from './download';
import { personaStyle, type MapLayout } from './layout';
import { exportDate, exportFrame, type Frame } from './legend';

/** What an export of the map is made of, read at the moment of the export. */
export type MapExportSource = {
	svg: SVGSVGElement | undefined;
	journey: Journey;
	layout: MapLayout;
	/** Personas whose emotion curve is drawn (they get a legend entry). */
	personaIds: string[];
	/** The contact lane's figures; null when the map draws no contact lane (no kanaal legend then). */
	contacts: { steps: StepFigures[]; period: string } | null;
	coverage: StageCoverage[];
};

/**
 * Downloads and print of the map (JourneyCanvas), as runes state: the whole
 * map, every card's text, with title and legend (legend.ts `exportFrame`).
 * `exporting` is true while a download or print is drawn (the canvas then
 * draws all text); `printMarkup` is the framed map for print, '' on screen.
 */
export class MapExport {
	exporting = $state(false);
	printMarkup = $state('');

	constructor(private readonly source: () => MapExportSource) {}

	/** The header and legend of an export, for the map as it is now. */
	frame(): Frame {
		const { journey, layout, personaIds, contacts, coverage } = this.source();
		const index = new Map(journey.personas.map((p, i) => [p.id, i]));
		return exportFrame({
			title: journey.title,
			organisation: journey.organisation,
			date: exportDate(),
			personas: personaIds.flatMap((id) => {
				const i = index.get(id);
				return i === undefined ? [] : [{ name: journey.personas[i].name, ...personaStyle(i) }];
			}),
			// The patterns are the map's own (ContactLane's <defs>): the legend sits in the same file.
			kanalen: contacts
				? journey.channels.map((c, i) => ({ name: c.name, fill: `url(#${kanaalPatternId(i)})` }))
				: [],
			noHumanAlternative: coverage.some((c) => !c.humanAlternative),
			width: layout.width
		});
	}

	/** Downloads the map as an SVG or PNG file named after the journey, with title and legend. */
	download = async (kind: 'svg' | 'png'): Promise<void> => {
		const { svg, journey, layout } = this.source();
		if (!svg) return;
		this.exporting = true;
		await tick();
		try {
			const name = fileName(journey.title, kind);
			if (kind === 'svg') downloadSvg(svg, layout.width, layout.height, name, this.frame());
			else await downloadPng(svg, layout.width, layout.height, name, this.frame());
		} finally {
			this.exporting = false;
		}
	};

	/** Print lays the framed map, whole, on the page (A3 landscape: the page's @page rule). */
	beforePrint = (): void => {
		this.exporting = true;
		flushSync();
		const { svg, layout } = this.source();
		if (svg) this.printMarkup = standaloneSvg(svg, layout.width, layout.height, this.frame()).markup;
		this.exporting = false;
		flushSync();
	};

	/** After print the screen shows the live map again. */
	afterPrint = (): void => {
		this.printMarkup = '';
	};
}
