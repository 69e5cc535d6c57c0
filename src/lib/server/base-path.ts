import { base } from '$app/paths';

/**
 * The path prefix the app is served under: BASE_PATH when the app was built
 * (SvelteKit's `paths.base`), '' or e.g. `/klantreis`. Read once when this
 * module loads, outside page rendering, where Kit may make `base` relative.
 * Links the server hands out (the API's role links, cookie paths) and the
 * sync endpoint's path start with it.
 */
export const BASE_PATH: string = base;
