import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The integration tests drive the built server; build once when there is no build yet. */
export default function setup() {
	if (
		existsSync(`${process.env.KLANTREIS_BUILD_DIR || 'build'}/handler.js`) &&
		process.env.KLANTREIS_REBUILD !== '1'
	)
		return;
	const result = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], {
		stdio: 'inherit'
	});
	if (result.status !== 0) throw new Error('vite build failed');
}
