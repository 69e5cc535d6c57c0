import { DEFAULT_DEPARTMENTS } from '$lib/model';

/**
 * The vakafdelingen this instance offers: the `DEPARTMENTS` setting (names
 * separated by `;` or line breaks) or else the Dutch defaults, followed by
 * any department an existing ticket already names, so nothing disappears.
 */
export function departmentList(setting: string | undefined, inUse: Iterable<string> = []): string[] {
	const configured = (setting ?? '')
		.split(/[;\n]/)
		.map((d) => d.trim().slice(0, 120))
		.filter(Boolean);
	const base = configured.length > 0 ? configured : [...DEFAULT_DEPARTMENTS];
	return [...new Set([...base, ...inUse])];
}
