// `npm test`: every suite, in order, then one line "N passed, N failed" over all of them.
// Checks (svelte-check, lint, build) count as one test each; vitest and Playwright report their own counts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const out = join(root, '.test-output');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

let passed = 0;
let failed = 0;
const failures = [];
/** Printed just above the summary, so they are not lost in the output. */
const notes = [];

function run(name, command, args, env = {}) {
	console.log(`\n=== ${name} ===`);
	const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
	return result.status === 0;
}

function check(name, command, args) {
	if (run(name, command, args)) passed++;
	else {
		failed++;
		failures.push(name);
	}
}

const bin = (name) => join(root, 'node_modules', '.bin', name);

/** Debian's Chromium for Playwright: its own browser download is not reachable here. */
function ensureChromium() {
	const path = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
	if (existsSync(path)) return path;
	if (process.env.CHROMIUM_PATH) {
		console.error(`CHROMIUM_PATH=${path} bestaat niet.`);
		return null;
	}
	if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
		console.log('Chromium ontbreekt: installeren met apt-get (ongeveer 30 s)...');
		spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
		const r = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
			stdio: 'inherit',
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
		});
		if (r.status === 0 && existsSync(path)) return path;
	}
	console.error(
		'Geen Chromium gevonden voor de e2e-tests. Installeer Chromium (Debian: apt-get install chromium) ' +
			'of zet CHROMIUM_PATH op het pad van een Chromium- of Chrome-binary.'
	);
	return null;
}

check('svelte-check', 'npm', ['run', '--silent', 'check']);
check('lint (prettier, eslint)', 'npm', ['run', '--silent', 'lint']);
const built = run('build', process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build']);
if (built) passed++;
else {
	failed++;
	failures.push('build');
}

// Unit and integration tests (vitest); integration tests start the built server.
const vitestJson = join(out, 'vitest.json');
run('vitest (unit, integration)', bin('vitest'), [
	'run',
	'--reporter=default',
	'--reporter=json',
	`--outputFile.json=${vitestJson}`
]);
if (existsSync(vitestJson)) {
	const report = JSON.parse(readFileSync(vitestJson, 'utf8'));
	passed += report.numPassedTests;
	failed += report.numFailedTests;
	if (report.numFailedTests > 0 || report.numFailedTestSuites > 0) failures.push('vitest');
	// A file that fails to load has no tests to count: count it as one failure.
	const broken = report.testResults.filter(
		(r) => r.status === 'failed' && r.assertionResults.length === 0
	).length;
	failed += broken;
	// Without PostgreSQL, Redis or nginx the scale tests skip themselves (CI=true fails them instead): say so.
	const scaleSkipped = report.testResults
		.filter((r) => /(scale[^/]*|persistence\/postgres)\.test\.ts$/.test(r.name))
		.flatMap((r) => r.assertionResults)
		.filter((a) => a.status === 'skipped' || a.status === 'pending').length;
	if (scaleSkipped > 0) {
		notes.push(
			`Let op: ${scaleSkipped} schaaltest(s) overgeslagen: PostgreSQL (127.0.0.1:5432, database "test") ` +
				'en Redis (127.0.0.1:6379) of nginx ontbreken. Start ze (zie docs/scaling.md) of draai .ci/run, ' +
				'dat ze start en ontbrekende diensten als fout telt (CI=true).'
		);
	}
} else {
	failed++;
	failures.push('vitest (no report)');
}

// End-to-end tests in Chromium.
const chromium = ensureChromium();
const playwrightJson = join(out, 'playwright.json');
if (chromium && built) {
	run('playwright (e2e, Chromium)', bin('playwright'), ['test'], {
		CHROMIUM_PATH: chromium,
		PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightJson
	});
	if (existsSync(playwrightJson)) {
		const stats = JSON.parse(readFileSync(playwrightJson, 'utf8')).stats;
		passed += stats.expected + stats.flaky;
		failed += stats.unexpected;
		if (stats.unexpected > 0) failures.push('playwright');
		if (stats.expected + stats.flaky + stats.unexpected === 0) {
			failed++;
			failures.push('playwright (no tests ran)');
		}
	} else {
		failed++;
		failures.push('playwright (no report)');
	}
} else {
	failed++;
	failures.push(chromium ? 'playwright (no build)' : 'playwright (no Chromium)');
}

console.log('');
for (const note of notes) console.log(note);
if (failures.length) console.log(`Failed: ${failures.join(', ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
