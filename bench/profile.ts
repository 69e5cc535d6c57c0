// npx tsx bench/profile.ts <file.cpuprofile> [top] [--under name,name…]
// Sums a V8 CPU profile (node --cpu-prof) up by function and by package: where the server's time went.
// --under adds the total time spent in (and below) functions of those names, e.g. the parts of a
// page request: `--under render_response,readJourney,uneval,hash`.
import { readFileSync } from 'node:fs';

type Node = {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
};
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

const args = process.argv.slice(2);
const underAt = args.indexOf('--under');
const under = underAt >= 0 ? (args.splice(underAt, 2)[1] ?? '').split(',').filter(Boolean) : [];
const [file, topArg] = args;
if (!file) {
	console.error('usage: npx tsx bench/profile.ts <file.cpuprofile> [top]');
	process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
// Waiting for I/O is not work: shares are of the busy time.
let idle = 0;
for (const [id, us] of self) {
	if (byId.get(id)!.callFrame.functionName === '(idle)') {
		idle += us;
		self.delete(id);
	}
}
const total = [...self.values()].reduce((a, b) => a + b, 0);

/** Where a function lives: a package in node_modules, our code, or the runtime. */
function where(url: string): string {
	if (!url) return '(runtime)';
	const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
	if (pkg) return pkg;
	if (url.startsWith('node:')) return url;
	if (/\/build\/|\/src\//.test(url)) return 'klantreis';
	return url.replace(/^.*\//, '');
}

const fns = new Map<string, number>();
const pkgs = new Map<string, number>();
for (const [id, us] of self) {
	const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
	const name = `${functionName || '(anonymous)'} ${where(url)}${url ? `:${lineNumber + 1}` : ''}`;
	fns.set(name, (fns.get(name) ?? 0) + us);
	pkgs.set(where(url), (pkgs.get(where(url)) ?? 0) + us);
}
const pct = (us: number) => `${((us / total) * 100).toFixed(1)}%`.padStart(6);
const ms = (us: number) => `${(us / 1000).toFixed(0)} ms`.padStart(9);
console.log(`Profile ${file}: ${(total / 1e6).toFixed(1)} s busy, ${(idle / 1e6).toFixed(1)} s idle`);
console.log('\nSelf time by package or area:');
for (const [k, v] of [...pkgs].sort((a, b) => b[1] - a[1]).slice(0, 15))
	console.log(`${pct(v)} ${ms(v)}  ${k}`);
console.log(`\nSelf time by function (top ${top}):`);
for (const [k, v] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top))
	console.log(`${pct(v)} ${ms(v)}  ${k}`);

if (under.length > 0) {
	const parent = new Map<number, number>();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	console.log('\nTotal time in and below (a function that calls itself counts once):');
	for (const name of under) {
		let us = 0;
		for (const [id, t] of self) {
			for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
				if (byId.get(at)!.callFrame.functionName === name) {
					us += t;
					break;
				}
			}
		}
		console.log(`${pct(us)} ${ms(us)}  ${name}`);
	}
}
