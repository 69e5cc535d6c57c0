import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The cycle check that eslint.config.js's layer rules point to: the import
 * graph of src/ (every .ts, .svelte.ts and .svelte file, tests left out) must
 * have no cycle. A cycle makes module order matter (a value read before its
 * module ran is `undefined`) and erases the layers STYLE.md asks for. Type-only
 * imports count too: they are gone at run time, but a type cycle still ties two
 * layers together.
 */

const SRC = 'src';
const EXTENSIONS = ['', '.ts', '.svelte.ts', '.svelte', '.js', '/index.ts'];

function files(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return files(path);
		return /\.(ts|svelte)$/.test(name) && !/\.test\.ts$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
	});
}

function resolve(from: string, spec: string): string | null {
	let base: string;
	if (spec.startsWith('$lib/') || spec === '$lib') base = join(SRC, 'lib', spec.slice(5));
	else if (spec.startsWith('.')) base = join(dirname(from), spec);
	else return null;
	for (const ext of EXTENSIONS) {
		const path = base + ext;
		if (existsSync(path) && statSync(path).isFile()) return path;
	}
	return null;
}

/** Module graph: file → the files of src it imports (statically or with `import()`). */
function graph(): Map<string, string[]> {
	const edges = new Map<string, string[]>();
	const pattern = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
	for (const file of files(SRC)) {
		const text = readFileSync(file, 'utf8');
		const targets = new Set<string>();
		for (const m of text.matchAll(pattern)) {
			const target = resolve(file, m[1] ?? m[2]);
			if (target && target !== file) targets.add(target);
		}
		edges.set(file, [...targets]);
	}
	return edges;
}

/** Strongly connected components with more than one module (Tarjan). */
function cycles(edges: Map<string, string[]>): string[][] {
	let index = 0;
	const indices = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const found: string[][] = [];
	function visit(v: string) {
		indices.set(v, index);
		low.set(v, index++);
		stack.push(v);
		onStack.add(v);
		for (const w of edges.get(v) ?? []) {
			if (!indices.has(w)) {
				visit(w);
				low.set(v, Math.min(low.get(v)!, low.get(w)!));
			} else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
		}
		if (low.get(v) === indices.get(v)) {
			const component: string[] = [];
			let w: string;
			do {
				w = stack.pop()!;
				onStack.delete(w);
				component.push(relative(SRC, w));
			} while (w !== v);
			if (component.length > 1) found.push(component.sort());
		}
	}
	for (const v of edges.keys()) if (!indices.has(v)) visit(v);
	return found;
}

describe('the import graph of src/', () => {
	const edges = graph();

	it('is read (the check would pass vacuously on an empty graph)', () => {
		expect(edges.size).toBeGreaterThan(100);
		expect(edges.get(join(SRC, 'lib', 'sync', 'journey-doc.ts'))).toContain(
			join(SRC, 'lib', 'sync', 'doc-layout.ts')
		);
	});

	it('has no cycles', () => {
		expect(cycles(edges)).toEqual([]);
	});

	it('finds a cycle when there is one', () => {
		const a = 'src/a.ts';
		const b = 'src/b.ts';
		expect(
			cycles(
				new Map([
					[a, [b]],
					[b, [a]]
				])
			)
		).toEqual([['a.ts', 'b.ts']]);
	});
});
