/**
 * Reads V8 heap snapshots (`.heapsnapshot`, as BenchServer.heapSnapshot writes them) and
 * compares two of one process. V8 gives an object the same id in every snapshot of a process,
 * so an object in the later snapshot whose id the earlier one lacks was allocated in between
 * and is still alive. Node's own (native, synthetic) nodes get new ids each time and count
 * only in the net change.
 */
import { readFileSync } from 'node:fs';

type Snapshot = {
	snapshot: {
		meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] };
	};
	nodes: number[];
	edges: number[];
	strings: string[];
};

type Heap = {
	count: number;
	id: Int32Array | Float64Array;
	name: string[];
	type: string[];
	size: Float64Array;
	/** Edges: from, to, type, name. */
	edgeFrom: Int32Array;
	edgeTo: Int32Array;
	edgeType: string[];
	edgeName: string[];
};

function load(file: string): Heap {
	const raw = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
	const { node_fields, node_types, edge_fields, edge_types } = raw.snapshot.meta;
	const nf = node_fields.length;
	const ef = edge_fields.length;
	const count = raw.nodes.length / nf;
	const fType = node_fields.indexOf('type');
	const fName = node_fields.indexOf('name');
	const fId = node_fields.indexOf('id');
	const fSize = node_fields.indexOf('self_size');
	const fEdges = node_fields.indexOf('edge_count');
	const eType = edge_fields.indexOf('type');
	const eName = edge_fields.indexOf('name_or_index');
	const eTo = edge_fields.indexOf('to_node');
	const heap: Heap = {
		count,
		id: new Float64Array(count),
		name: new Array<string>(count),
		type: new Array<string>(count),
		size: new Float64Array(count),
		edgeFrom: new Int32Array(raw.edges.length / ef),
		edgeTo: new Int32Array(raw.edges.length / ef),
		edgeType: new Array<string>(raw.edges.length / ef),
		edgeName: new Array<string>(raw.edges.length / ef)
	};
	let e = 0;
	for (let n = 0; n < count; n++) {
		const base = n * nf;
		const type = node_types[0][raw.nodes[base + fType]];
		heap.type[n] = type;
		heap.name[n] = raw.strings[raw.nodes[base + fName]];
		heap.id[n] = raw.nodes[base + fId];
		heap.size[n] = raw.nodes[base + fSize];
		for (let k = 0; k < raw.nodes[base + fEdges]; k++, e++) {
			const eb = e * ef;
			const t = edge_types[0][raw.edges[eb + eType]];
			heap.edgeFrom[e] = n;
			heap.edgeTo[e] = raw.edges[eb + eTo] / nf;
			heap.edgeType[e] = t;
			const v = raw.edges[eb + eName];
			heap.edgeName[e] = t === 'element' || t === 'hidden' ? `[${v}]` : raw.strings[v];
		}
	}
	return heap;
}

/** How a node is named in the summary: objects by constructor, the rest by kind. */
function label(heap: Heap, n: number): string {
	const type = heap.type[n];
	if (type === 'object' || type === 'closure' || type === 'native') return `${heap.name[n]} (${type})`;
	if (type === 'hidden' || type === 'code' || type === 'synthetic')
		return `(${type}) ${heap.name[n].slice(0, 60)}`;
	return `(${type})`;
}

/** Compiled code and what V8 keeps for it, JS objects, strings, and the embedder's (Node's) own nodes. */
export const KINDS = {
	code: 'code, feedback and shapes (V8)',
	native: 'native (Node, ids not stable)',
	strings: 'strings',
	closures: 'closures',
	objects: 'JS objects and arrays'
} as const;
export type Kind = keyof typeof KINDS;

function kindOf(key: string): Kind {
	if (key.startsWith('(code)') || key === '(object shape)' || key.includes('system / ')) return 'code';
	if (key.includes('(native)') || key.startsWith('(synthetic)')) return 'native';
	if (key === '(string)' || key === '(concatenated string)' || key === '(sliced string)') return 'strings';
	if (key.includes('(closure)')) return 'closures';
	return 'objects';
}

export function kb(bytes: number): string {
	return `${(bytes / 1024).toFixed(1)} KB`;
}

/** Objects alive in `after` that `before` did not have, by constructor and by what holds them. */
/** What a process's heap gained between two snapshots. */
export type HeapDiff = {
	/** Net change of self sizes by kind (see KINDS), in bytes; objects that died count against it. */
	byKind: Record<Kind, number>;
	/** A readable summary: by kind, by constructor, and where the older heap holds the new objects. */
	report: string;
};

export function diff(beforeFile: string, afterFile: string, top = 25): HeapDiff {
	const before = load(beforeFile);
	const old = new Set<number>();
	for (let n = 0; n < before.count; n++) old.add(before.id[n]);
	const after = load(afterFile);
	const fresh = new Uint8Array(after.count);
	let bytes = 0;
	const byLabel = new Map<string, { count: number; size: number }>();
	for (let n = 0; n < after.count; n++) {
		if (old.has(after.id[n]) || after.type[n] === 'native' || after.type[n] === 'synthetic') continue;
		fresh[n] = 1;
		bytes += after.size[n];
		const key = label(after, n);
		const entry = byLabel.get(key) ?? { count: 0, size: 0 };
		entry.count++;
		entry.size += after.size[n];
		byLabel.set(key, entry);
	}
	// Where the growth hangs: edges from an old object into a new one; each new object is
	// counted under the first such entry that reaches it through new objects only.
	const out: number[][] = Array.from({ length: after.count }, () => []);
	for (let e = 0; e < after.edgeFrom.length; e++) {
		if (after.edgeType[e] === 'weak') continue;
		out[after.edgeFrom[e]].push(e);
	}
	const owner = new Int32Array(after.count).fill(-1);
	const byEntry = new Map<string, { count: number; size: number }>();
	for (let n = 0; n < after.count; n++) {
		if (fresh[n]) continue;
		for (const e of out[n]) {
			const to = after.edgeTo[e];
			if (!fresh[to] || owner[to] !== -1) continue;
			const key = `${label(after, n)} .${after.edgeName[e]} -> ${label(after, to)}`;
			const entry = byEntry.get(key) ?? { count: 0, size: 0 };
			const stack = [to];
			owner[to] = n;
			while (stack.length > 0) {
				const m = stack.pop()!;
				entry.count++;
				entry.size += after.size[m];
				for (const f of out[m]) {
					const next = after.edgeTo[f];
					if (fresh[next] && owner[next] === -1) {
						owner[next] = n;
						stack.push(next);
					}
				}
			}
			byEntry.set(key, entry);
		}
	}
	// Net change per label, old objects that died included (new code often replaces old code).
	const net = new Map<string, { count: number; size: number }>();
	const add = (heap: Heap, n: number, sign: number) => {
		const key = label(heap, n);
		const entry = net.get(key) ?? { count: 0, size: 0 };
		entry.count += sign;
		entry.size += sign * heap.size[n];
		net.set(key, entry);
	};
	for (let n = 0; n < before.count; n++) add(before, n, -1);
	for (let n = 0; n < after.count; n++) add(after, n, 1);
	const byKind = new Map<string, { count: number; size: number }>();
	for (const [key, v] of net) {
		const kind = KINDS[kindOf(key)];
		const entry = byKind.get(kind) ?? { count: 0, size: 0 };
		entry.count += v.count;
		entry.size += v.size;
		byKind.set(kind, entry);
	}
	const rows = (map: Map<string, { count: number; size: number }>) =>
		[...map]
			.sort((a, b) => Math.abs(b[1].size) - Math.abs(a[1].size))
			.slice(0, top)
			.map(([key, { count, size }]) => `  ${kb(size).padStart(10)}  ${String(count).padStart(7)}  ${key}`)
			.join('\n');
	const report =
		`net change by kind (self size, count):\n${rows(byKind)}\n` +
		`net change by constructor (self size, count):\n${rows(net)}\n` +
		`new objects: ${kb(bytes)} (${[...byLabel.values()].reduce((n, v) => n + v.count, 0)} objects)\n` +
		`by constructor (self size, count):\n${rows(byLabel)}\n` +
		`by where the older heap holds them (self size of what hangs there, count):\n${rows(byEntry)}`;
	const kinds = Object.fromEntries(
		Object.entries(KINDS).map(([k, name]) => [k, byKind.get(name)?.size ?? 0])
	) as Record<Kind, number>;
	return { byKind: kinds, report };
}
