import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { E2E_ADMIN_TOKEN } from './tests/e2e/admin-token';

const port = Number(process.env.E2E_PORT ?? 3217);
// A fresh DATA_DIR per run: the e2e tests start from the seeded library, never from leftovers.
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'klantreis-e2e-'));
// The workers load this file again: they must see the same folder (tests/e2e/notes.test.ts writes to it).
process.env.E2E_DATA_DIR = dataDir;

/** Debian's Chromium: Playwright's own browser download is not reachable here. */
const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export default defineConfig({
	testDir: 'tests/e2e',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : 'list',
	use: {
		baseURL: `http://127.0.0.1:${port}`,
		locale: 'nl-NL',
		trace: 'off',
		launchOptions: {
			executablePath,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-dev-shm-usage',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
				'--no-first-run'
			]
		}
	},
	projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
	webServer: {
		command: 'node scripts/start.js',
		url: `http://127.0.0.1:${port}/api/health`,
		reuseExistingServer: false,
		timeout: 180_000,
		env: { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_TOKEN: E2E_ADMIN_TOKEN }
	}
});
