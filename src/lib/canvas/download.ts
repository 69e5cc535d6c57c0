import { saveBlob } from '$lib/save-file';

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

/** A standalone copy of the map, at zoom 1, with computed styles written onto each element. */
export function standaloneSvg(svg: SVGSVGElement, width: number, height: number): string {
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
	clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
	clone.setAttribute('width', String(width));
	clone.setAttribute('height', String(height));
	clone.setAttribute('viewBox', `0 0 ${width} ${height}`);
	clone.removeAttribute('class');
	const background = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
	background.setAttribute('width', '100%');
	background.setAttribute('height', '100%');
	background.setAttribute('fill', '#ffffff');
	clone.insertBefore(background, clone.firstChild);
	return new XMLSerializer().serializeToString(clone);
}

export function downloadSvg(svg: SVGSVGElement, width: number, height: number, filename: string) {
	saveBlob(new Blob([standaloneSvg(svg, width, height)], { type: 'image/svg+xml' }), filename);
}

export async function downloadPng(svg: SVGSVGElement, width: number, height: number, filename: string) {
	const markup = standaloneSvg(svg, width, height);
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
