import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';

/** A raw socket on the sync endpoint: what a hostile or broken client would open. */
export type RawSocket = {
	ws: WebSocket;
	opened: Promise<void>;
	closed: Promise<{ code: number; reason: string; messages: number }>;
	send: (data: Uint8Array | string) => void;
	isOpen: () => boolean;
};

export function openRaw(url: string): RawSocket {
	const ws = new WebSocket(url);
	let messages = 0;
	ws.on('message', () => messages++);
	const opened = new Promise<void>((resolve, reject) => {
		ws.once('open', () => resolve());
		ws.once('close', () => reject(new Error('closed before open')));
	});
	opened.catch(() => {});
	const closed = new Promise<{ code: number; reason: string; messages: number }>((resolve) => {
		ws.on('close', (code, reason) => resolve({ code, reason: reason.toString(), messages }));
		ws.on('error', () => {});
	});
	return {
		ws,
		opened,
		closed,
		send: (data) => {
			if (ws.readyState === WebSocket.OPEN) ws.send(data, () => {});
		},
		isOpen: () => ws.readyState === WebSocket.OPEN
	};
}

function message(write: (e: encoding.Encoder) => void): Uint8Array {
	const e = encoding.createEncoder();
	write(e);
	return encoding.toUint8Array(e);
}

/** y-websocket sync message carrying a Yjs update (sync type 2). */
export function updateMessage(update: Uint8Array): Uint8Array {
	return message((e) => {
		encoding.writeVarUint(e, 0);
		encoding.writeVarUint(e, 2);
		encoding.writeVarUint8Array(e, update);
	});
}

/** y-websocket awareness message with a raw awareness update. */
export function awarenessMessage(update: Uint8Array): Uint8Array {
	return message((e) => {
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint8Array(e, update);
	});
}

/** An awareness update for one client id with the given JSON state. */
export function awarenessUpdate(clientId: number, clock: number, state: unknown): Uint8Array {
	return message((e) => {
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint(e, clientId);
		encoding.writeVarUint(e, clock);
		encoding.writeVarString(e, JSON.stringify(state));
	});
}

/**
 * A 7-byte Yjs update that claims 30 million structs: Yjs allocates an array
 * that size before it finds out the bytes are missing (about 200 ms of CPU
 * when applied directly).
 */
export function hugeStructCountUpdate(): Uint8Array {
	return message((e) => {
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint(e, 30_000_000);
		encoding.writeVarUint(e, 5);
		encoding.writeVarUint(e, 0);
	});
}

/** A small seeded PRNG (mulberry32), so a failing fuzz run can be replayed. */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Times `n` health checks `gapMs` apart; resolves with every latency in ms (Infinity for a failure). */
export async function healthLatencies(url: string, n: number, gapMs: number): Promise<number[]> {
	const out: number[] = [];
	for (let i = 0; i < n; i++) {
		const start = performance.now();
		try {
			const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5000) });
			await res.json();
			out.push(res.ok ? performance.now() - start : Infinity);
		} catch {
			out.push(Infinity);
		}
		await new Promise((r) => setTimeout(r, gapMs));
	}
	return out;
}
