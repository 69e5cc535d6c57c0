// A preload that times the sync server's own path, for Klantreis and the reference alike:
// per document update from a client, the time from `ws` emitting the message to the first
// and to the last `ws.send` of the broadcast that follows, and the time inside each send.
// Nothing in the server changes; both use the same `ws`, so both are timed the same way.
//
//   KLANTREIS_SEND_PROBE_DIR=/tmp/probe NODE_OPTIONS="--import ./bench/send-probe.mjs" \
//     npm run bench -- --quick --only sync-latency
//
// Each server process writes `<dir>/<klantreis|reference>-<pid>.json` when it exits: medians
// and p90s in milliseconds over the updates whose broadcast reached at least 40 sockets.
// Only the server processes are timed (scripts/start.js and bench/reference-server.js).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import WebSocket from 'ws';

const script = process.argv[1] || '';
const dir = process.env.KLANTREIS_SEND_PROBE_DIR;
const who = /scripts[\\/]start\.js$/.test(script)
	? 'klantreis'
	: /reference-server\.js$/.test(script)
		? 'reference'
		: null;
if (dir && who) {
	const now = () => performance.now();
	/** A y-websocket document update: message type 0 (sync), sync type 2 (update). */
	const isUpdate = (data) => {
		const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : data;
		return bytes && bytes[0] === 0 && bytes[1] === 2;
	};
	// gap: from the end of one send of a broadcast to the start of the next (the loop, or the
	// process waiting for a core); gapSum: those gaps added up per broadcast.
	const samples = { firstSend: [], lastSend: [], perSend: [], gap: [], gapSum: [] };
	let gapSum = 0;
	let arrived = 0;
	let first = 0;
	let last = 0;
	let sends = 0;
	const settle = () => {
		if (arrived && sends >= 40) {
			samples.firstSend.push(first - arrived);
			samples.lastSend.push(last - arrived);
			samples.gapSum.push(gapSum);
		}
		gapSum = 0;
		sends = 0;
	};
	/** Garbage collections while the server ran: count and pause in ms, minor (scavenge) and major. */
	const gc = { minor: { count: 0, ms: 0 }, major: { count: 0, ms: 0 } };
	new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			const kind = entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR ? gc.minor : gc.major;
			kind.count++;
			kind.ms += entry.duration;
		}
	}).observe({ entryTypes: ['gc'] });
	const emit = WebSocket.prototype.emit;
	WebSocket.prototype.emit = function (event, data, ...rest) {
		if (event === 'message' && isUpdate(data)) {
			settle();
			arrived = now();
		}
		return emit.call(this, event, data, ...rest);
	};
	/** Every frame the server sent, by y-websocket message type (0 sync, 1 awareness, ...): count and bytes. */
	const frames = {};
	const send = WebSocket.prototype.send;
	WebSocket.prototype.send = function (data, ...rest) {
		const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : data;
		if (bytes && typeof bytes !== 'string') {
			const type = `${bytes[0]}.${bytes[0] === 0 ? bytes[1] : ''}`;
			const f = (frames[type] ??= { count: 0, bytes: 0 });
			f.count++;
			f.bytes += bytes.byteLength;
		}
		if (!arrived || !isUpdate(data)) return send.call(this, data, ...rest);
		const start = now();
		if (sends > 0) {
			samples.gap.push(start - last);
			gapSum += start - last;
		}
		const result = send.call(this, data, ...rest);
		last = now();
		if (sends++ === 0) first = start;
		samples.perSend.push(last - start);
		return result;
	};
	const quantile = (values, q) => {
		const sorted = [...values].sort((a, b) => a - b);
		return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : null;
	};
	process.on('exit', () => {
		settle();
		const summary = { server: who, updates: samples.firstSend.length, frames, gc };
		for (const [name, values] of Object.entries(samples)) {
			summary[name] = { p50: quantile(values, 0.5), p90: quantile(values, 0.9), p99: quantile(values, 0.99) };
		}
		mkdirSync(dir, { recursive: true });
		writeFileSync(join(dir, `${who}-${process.pid}.json`), JSON.stringify(summary, null, '\t'));
	});
}
