import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { normaliseBasePath } from './scripts/base-path.js';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// Overridable so that parallel work on one machine can build side by side.
		outDir: process.env.KLANTREIS_KIT_DIR || '.svelte-kit',
		adapter: adapter({ out: process.env.KLANTREIS_BUILD_DIR || 'build' }),
		// BASE_PATH, read when the app is built: npm start rebuilds when it differs (scripts/start.js).
		paths: { base: normaliseBasePath(process.env.BASE_PATH) },
		// The JSON API takes any content type, so Kit's form CSRF check would turn a
		// malformed API body into a 403; hooks.server.ts checks the origin of form posts instead.
		csrf: { trustedOrigins: ['*'] },
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// Svelte sets style attributes (positions on the canvas); no inline scripts.
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self', 'data:'],
				// 'self' covers ws: and wss: to this host (CSP Level 3); no websocket to any other host.
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
