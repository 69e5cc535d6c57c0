// npm run bench [-- --quick] [-- --only sync-latency,exports]
// Runs every scenario (medians of its runs), prints a table, writes the JSON to
// bench/results/ and, for a full run of every scenario, the summary to docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Metric, Scenario } from './lib/scenario';
import { median, round } from './lib/stats';
import bundle from './scenarios/bundle';
import canvas from './scenarios/canvas';
import coldStart from './scenarios/cold-start';
import contactImport from './scenarios/contact-import';
import crossInstance from './scenarios/cross-instance';
import department from './scenarios/department';
import exportsScenario from './scenarios/exports';
import manyRooms from './scenarios/many-rooms';
import pageTime from './scenarios/page-time';
import slowReaders from './scenarios/slow-readers';
import syncLatency from './scenarios/sync-latency';
import versions from './scenarios/versions';

/** Every scenario, in the order they run. A new one is a file in scenarios/ and a line here. */
const SCENARIOS: Scenario[] = [
	syncLatency,
	crossInstance,
	manyRooms,
	slowReaders,
	coldStart,
	canvas,
	pageTime,
	exportsScenario,
	contactImport,
	versions,
	department,
	bundle
];

const MARK_START = '<!-- bench:results:start (written by npm run bench; edit outside these marks) -->';
const MARK_END = '<!-- bench:results:end -->';

type Summary = Metric & { runs: number[]; status: 'met' | 'missed' | null };

const { values } = parseArgs({
	options: {
		quick: { type: 'boolean', default: false },
		only: { type: 'string' },
		/** Rewrites docs/benchmarks.md from a saved full run instead of running. */
		from: { type: 'string' }
	}
});
const variant = values.quick ? 'quick' : 'full';
const only = values.only?.split(',').map((s) => s.trim());
const selected = SCENARIOS.filter((s) => !only || only.includes(s.name));
if (only && selected.length !== only.length) {
	console.error(`Unknown scenario in --only; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
	process.exit(2);
}

const root = resolve('.');
// Relative, as scripts/start.js reads it (it joins it to the project folder).
const buildSetting = process.env.KLANTREIS_BUILD_DIR || 'build';
const buildDir = join(root, buildSetting);
const env: Record<string, string> = { KLANTREIS_BUILD_DIR: buildSetting };
if (!existsSync(join(buildDir, 'handler.js'))) {
	console.log(`[bench] No build in ${buildDir}: building first (vite build)...`);
	const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
	const result = spawnSync(process.execPath, [vite, 'build'], {
		stdio: 'inherit',
		env: { ...process.env, ...env }
	});
	if (result.status !== 0) process.exit(result.status ?? 1);
}

const log = (message: string) => console.log(`[bench] ${message}`);
const startedAt = new Date();
const loadBefore = loadavg();
const results: {
	name: string;
	description: string;
	method?: string;
	runs: number;
	/** Runs that threw: their message. */
	errors: string[];
	seconds: number;
	/** 1-minute load average when the scenario started and ended: what else ran on the cores. */
	load?: { before: number; after: number };
	metrics: Summary[];
}[] = [];

for (const scenario of values.from ? [] : selected) {
	const params = scenario[variant];
	const runs: Metric[][] = [];
	const t0 = performance.now();
	const loadAtStart = round(loadavg()[0]);
	const errors: string[] = [];
	for (let i = 0; i < params.runs; i++) {
		log(`${scenario.name}: run ${i + 1} of ${params.runs}`);
		try {
			runs.push(await scenario.run(params, { variant, buildDir, env, log }));
		} catch (e) {
			// One broken scenario must not cost the figures of the others.
			const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
			errors.push(message);
			log(`${scenario.name}: run ${i + 1} failed: ${message}`);
		}
	}
	const metrics: Summary[] = (runs[0] ?? []).map((m) => {
		const all = runs.map((r) => r.find((x) => x.key === m.key)?.value ?? NaN);
		const value = median(all);
		const status = m.target ? (value <= m.target.max ? 'met' : 'missed') : null;
		return { ...m, value, runs: all, status };
	});
	const seconds = (performance.now() - t0) / 1000;
	results.push({
		name: scenario.name,
		description: scenario.description,
		method: scenario.method,
		runs: runs.length,
		errors,
		seconds,
		load: { before: loadAtStart, after: round(loadavg()[0]) },
		metrics
	});
	printTable(scenario.name, metrics);
	log(`${scenario.name}: load average ${loadAtStart} at the start, ${round(loadavg()[0])} at the end`);
}

const machine = {
	cpu: cpus()[0]?.model ?? 'unknown',
	cores: cpus().length,
	memoryGB: round(totalmem() / 2 ** 30),
	os: `Linux ${release()}`,
	node: process.version,
	loadAverage: { before: loadBefore.map(round), after: loadavg().map(round) }
};
const report: { variant: string; date: string; machine: typeof machine; scenarios: typeof results } =
	values.from
		? JSON.parse(readFileSync(values.from, 'utf8'))
		: { variant, date: startedAt.toISOString(), machine, scenarios: results };
if (values.from) {
	writeDocs(report);
	log(`wrote docs/benchmarks.md from ${values.from}`);
	process.exit(0);
}
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
const stamp = startedAt.toISOString().replace(/[:.]/g, '-');
const jsonFile = join(root, 'bench', 'results', `${stamp}-${variant}.json`);
writeFileSync(jsonFile, JSON.stringify(report, null, '\t') + '\n');
writeFileSync(
	join(root, 'bench', 'results', `latest-${variant}.json`),
	JSON.stringify(report, null, '\t') + '\n'
);
log(`wrote ${jsonFile}`);
if (variant === 'full' && !only) {
	writeDocs(report);
	log('wrote docs/benchmarks.md');
}
// A scenario's client library may keep a handle open (a socket's reconnect timer, a worker):
// the results are written, so end here rather than wait for it (a full run once hung here).
process.exit(0);

function fmt(value: number): string {
	return Number.isFinite(value) ? String(round(value)) : String(value);
}

function printTable(name: string, metrics: Summary[]): void {
	const rows = metrics.map((m) => [
		m.label,
		`${fmt(m.value)} ${m.unit}`.trim(),
		m.target ? (m.target.label ?? `≤ ${m.target.max} ${m.unit}`.trim()) : '',
		m.status ?? ''
	]);
	const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), 6));
	console.log(`\n${name}`);
	for (const r of rows)
		console.log('  ' + r.map((c, i) => (i === 1 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  '));
	console.log();
}

/** The sync comparison as one table: ours, the reference, and the ratio, per room size and workload. */
function syncTable(metrics: Summary[]): string {
	const get = (key: string) => metrics.find((m) => m.key === key)?.value ?? NaN;
	const sizes = [
		...new Set(metrics.map((m) => /^map\.(\d+)\.p50$/.exec(m.key)?.[1]).filter(Boolean))
	] as string[];
	const lines = [
		'| clients | workload | p50 ours | p50 reference | p50 ratio | p99 ours | p99 reference | p99 ratio | server CPU ours / reference |',
		'| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'
	];
	const burnerSizes = [
		...new Set(metrics.map((m) => /^burn\.map\.(\d+)\.p50$/.exec(m.key)?.[1]).filter(Boolean))
	] as string[];
	const rows = [
		...sizes.map((n) => ({ n, prefix: '', tag: '' })),
		...burnerSizes.map((n) => ({ n, prefix: 'burn.', tag: ', CPU burner on one core' }))
	];
	for (const { n, prefix, tag } of rows)
		for (const [mode, plain] of [
			['map', 'map edits 20/s'],
			['note', 'typing 20/s']
		]) {
			const label = plain + tag;
			const k = `${prefix}${mode}.${n}`;
			lines.push(
				`| ${n} | ${label} | ${fmt(get(`${k}.p50`))} ms | ${fmt(get(`${k}.ref.p50`))} ms | ${fmt(get(`${k}.ratio.p50`))}× | ${fmt(get(`${k}.p99`))} ms | ` +
					`${fmt(get(`${k}.ref.p99`))} ms | ${fmt(get(`${k}.ratio.p99`))}× | ${fmt(get(`${k}.cpu`))}% / ${fmt(get(`${k}.ref.cpu`))}% |`
			);
		}
	return lines.join('\n');
}

function writeDocs(r: typeof report): void {
	const lines: string[] = [
		MARK_START,
		'',
		`Full run of ${r.date.slice(0, 10)} (${r.date}); medians of the runs per scenario.`,
		'',
		`- Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGB} GB, ${r.machine.os}`,
		`- Node ${r.machine.node}`,
		`- Load average (1, 5, 15 min) before: ${r.machine.loadAverage.before.join(', ')}; after: ${r.machine.loadAverage.after.join(', ')}`,
		''
	];
	const targets = r.scenarios.flatMap((s) =>
		s.metrics.filter((m) => m.target).map((m) => ({ s: s.name, m }))
	);
	lines.push(
		'### Targets',
		'',
		'| scenario | figure | median | target | |',
		'| --- | --- | ---: | --- | --- |'
	);
	for (const { s, m } of targets)
		lines.push(
			`| ${s} | ${m.label} | ${fmt(m.value)} ${m.unit} | ${m.target!.label ?? `≤ ${m.target!.max} ${m.unit}`} | ${m.status === 'met' ? 'met' : '**missed**'} |`
		);
	lines.push('');
	for (const s of r.scenarios) {
		lines.push(`### ${s.name}`, '', s.description, '');
		if (s.load)
			lines.push(`Load average (1 min) at its start: ${s.load.before}; at its end: ${s.load.after}.`, '');
		for (const error of s.errors ?? []) lines.push(`Run failed: \`${error}\``, '');
		if (s.name === 'sync-latency') lines.push(syncTable(s.metrics), '');
		lines.push(`| figure | median | runs (${s.runs}) | target |`, '| --- | ---: | --- | --- |');
		for (const m of s.metrics)
			lines.push(
				`| ${m.label} | ${fmt(m.value)} ${m.unit} | ${m.runs.map(fmt).join(', ')} | ${m.target ? `${m.target.label ?? `≤ ${m.target.max}`} (${m.status})` : ''} |`
			);
		lines.push('');
		if (s.method) lines.push(`Method: ${s.method}`, '');
	}
	lines.push(MARK_END);
	const file = join(root, 'docs', 'benchmarks.md');
	const block = lines.join('\n');
	let text = existsSync(file)
		? readFileSync(file, 'utf8')
		: '# Benchmarks\n\n' + MARK_START + '\n' + MARK_END + '\n';
	const a = text.indexOf(MARK_START);
	const b = text.indexOf(MARK_END);
	text =
		a >= 0 && b > a ? text.slice(0, a) + block + text.slice(b + MARK_END.length) : text + '\n' + block + '\n';
	writeFileSync(file, text);
}
