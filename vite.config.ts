import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin, ViteDevServer } from 'vite';
import { defineConfig } from 'vitest/config';
import { writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_MARKER, normaliseBasePath } from './scripts/base-path.js';
import type * as servicesModule from './src/lib/server/services';

type ServicesModule = typeof servicesModule;

/**
 * Mounts the sync endpoint on Vite's dev server, so `vite dev` and
 * `npm start` serve /sync/<journeyId> with the same module.
 */
function klantreisSync(): Plugin {
	const base = normaliseBasePath(process.env.BASE_PATH);
	return {
		name: 'klantreis-sync',
		configureServer(server: ViteDevServer) {
			server.httpServer?.on('upgrade', (req, socket, head) => {
				if (!req.url?.startsWith(`${base}/sync`)) return;
				server
					.ssrLoadModule('/src/lib/server/services.ts')
					.then((m) => (m as ServicesModule).services().sync.handleUpgrade(req, socket, head))
					.catch((e: unknown) => {
						console.error('[klantreis] sync niet beschikbaar:', e);
						socket.destroy();
					});
			});
		}
	};
}

/**
 * Records in the build dir the base path the app was built with, so that
 * `npm start` can tell a build for another BASE_PATH and rebuild. Runs after
 * SvelteKit's adapter (a sequential hook of a later plugin), which empties
 * the build dir first.
 */
function klantreisBaseMarker(): Plugin {
	let ssr = false;
	return {
		name: 'klantreis-base-marker',
		apply: 'build',
		configResolved(config) {
			ssr = !!config.build.ssr;
		},
		closeBundle: {
			sequential: true,
			order: 'post',
			handler() {
				const out = process.env.KLANTREIS_BUILD_DIR || 'build';
				if (!ssr || !existsSync(join(out, 'handler.js'))) return;
				writeFileSync(join(out, BASE_MARKER), normaliseBasePath(process.env.BASE_PATH));
			}
		}
	};
}

export default defineConfig({
	plugins: [sveltekit(), klantreisSync(), klantreisBaseMarker()],
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					include: ['src/**/*.test.ts'],
					environment: 'node'
				}
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					globalSetup: ['tests/integration/global-setup.ts'],
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			}
		]
	}
});
