import { saveBlob } from '$lib/save-file';
import type { Frame } from './legend';

/**
 * Downloads of the map as drawn: the SVG with its styles inlined, and a PNG
 * rendered from that SVG. Runs in the browser only.
 */

const STYLE_PROPS = [
	'fill',
	'stroke',
	'stroke-width',
	'stroke-dasharray',
	'font-size',
	'font-weight',
	'font-family',
	'opacity',
	'text-anchor',
	'dominant-baseline'
];

/** Width of an export at least, so a small map still has room for its title and legend. */
const MIN_EXPORT_WIDTH = 760;

/**
 * A standalone copy of the map, at zoom 1, with computed styles written onto
 * each element; with a `frame` (exportFrame) the title, organisation and date
 * go above the map and the legend below it. Returns the SVG markup.
 */
export function standaloneSvg(
	svg: SVGSVGElement,
	width: number,
	height: number,
	frame?: Frame
): { markup: string; width: number; height: number } {
	const clone = svg.cloneNode(true) as SVGSVGElement;
	const source = svg.querySelectorAll<SVGElement>('*');
	const target = clone.querySelectorAll<SVGElement>('*');
	source.forEach((el, i) => {
		const computed = getComputedStyle(el);
		const style = STYLE_PROPS.map((p) => `${p}:${computed.getPropertyValue(p)}`).join(';');
		target[i].setAttribute('style', style);
	});
	clone.querySelectorAll('[data-export="skip"]').forEach((el) => el.remove());
	clone.querySelector('[data-viewport]')?.removeAttribute('transform');
	const serializer = new XMLSerializer();
	const map = [...clone.childNodes].map((n) => serializer.serializeToString(n)).join('');
	const top = frame?.headerHeight ?? 0;
	const totalWidth = frame ? Math.max(width, MIN_EXPORT_WIDTH) : width;
	const totalHeight = top + height + (frame?.legendHeight ?? 0);
	const markup =
		`<svg xmlns="http://www.w3.org/2000/svg" width="${totalWidth}" height="${totalHeight}" ` +
		`viewBox="0 0 ${totalWidth} ${totalHeight}" role="img" aria-label="${clone.getAttribute('aria-label') ?? ''}">` +
		`<rect width="100%" height="100%" fill="#ffffff"/>` +
		(frame?.header ?? '') +
		`<g transform="translate(0,${top})">${map}</g>` +
		(frame ? `<g transform="translate(0,${top + height})">${frame.legend}</g>` : '') +
		`</svg>`;
	return { markup, width: totalWidth, height: totalHeight };
}

export function downloadSvg(
	svg: SVGSVGElement,
	width: number,
	height: number,
	filename: string,
	frame?: Frame
) {
	const { markup } = standaloneSvg(svg, width, height, frame);
	saveBlob(new Blob([markup], { type: 'image/svg+xml' }), filename);
}

export async function downloadPng(
	svg: SVGSVGElement,
	mapWidth: number,
	mapHeight: number,
	filename: string,
	frame?: Frame
) {
	const { markup, width, height } = standaloneSvg(svg, mapWidth, mapHeight, frame);
	const image = new Image();
	const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml' }));
	try {
		await new Promise<void>((resolve, reject) => {
			image.onload = () => resolve();
			image.onerror = () => reject(new Error('De kaart kon niet als afbeelding worden getekend'));
			image.src = url;
		});
		const scale = 2;
		const canvas = document.createElement('canvas');
		canvas.width = width * scale;
		canvas.height = height * scale;
		const ctx = canvas.getContext('2d');
		if (!ctx) throw new Error('Geen tekenvlak beschikbaar');
		ctx.scale(scale, scale);
		ctx.drawImage(image, 0, 0, width, height);
		const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
		if (!blob) throw new Error('PNG maken is mislukt');
		saveBlob(blob, filename);
	} finally {
		URL.revokeObjectURL(url);
	}
}

/** A file name from a journey title: lower case, dashes, no odd characters. */
export function fileName(title: string, extension: string): string {
	const base = title
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
	return `${base || 'klantreis'}.${extension}`;
}
