// The path prefix the app is served under (BASE_PATH), shared by svelte.config.js, vite.config.ts and start.js.

/** Name of the file in the build dir that records the base path the build was made with. */
export const BASE_MARKER = 'klantreis-base-path.txt';

/**
 * BASE_PATH as SvelteKit's `paths.base` wants it: '' for none, else `/a/b`
 * (a leading slash, no trailing one). `klantreis/` and `/klantreis/` both give
 * `/klantreis`. Throws with a Dutch message for characters a path segment
 * should not hold.
 * @param {string | undefined} raw
 * @returns {'' | `/${string}`}
 */
export function normaliseBasePath(raw) {
	const trimmed = (raw ?? '').trim().replace(/^\/+|\/+$/g, '');
	if (trimmed === '') return '';
	if (!/^[A-Za-z0-9._~-]+(\/[A-Za-z0-9._~-]+)*$/.test(trimmed)) {
		throw new Error(`BASE_PATH moet een pad zijn zoals /klantreis, niet "${raw}"`);
	}
	return /** @type {`/${string}`} */ (`/${trimmed}`);
}
