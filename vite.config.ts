import { sveltekit } from '@sveltejs/kit/vite';
import type { Plugin, ViteDevServer } from 'vite';
import { defineConfig } from 'vitest/config';
import type * as servicesModule from './src/lib/server/services';

type ServicesModule = typeof servicesModule;

/**
 * Mounts the sync endpoint on Vite's dev server, so `vite dev` and
 * `npm start` serve /sync/<journeyId> with the same module.
 */
function klantreisSync(): Plugin {
	return {
		name: 'klantreis-sync',
		configureServer(server: ViteDevServer) {
			server.httpServer?.on('upgrade', (req, socket, head) => {
				if (!req.url?.startsWith('/sync')) return;
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

export default defineConfig({
	plugins: [sveltekit(), klantreisSync()],
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
