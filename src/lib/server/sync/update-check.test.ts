import { afterAll, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { checkInline, INLINE_CHECK_MAX_BYTES, MAX_CLOCK, UpdateChecker } from './update-check';

const LIMITS = { maxStructs: 200, maxDeletes: 200, timeoutMs: 5000 };
const checker = new UpdateChecker(LIMITS, () => {});
afterAll(() => checker.close());

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function random(seed: number) {
	return () => {
		seed = (seed * 1103515245 + 12345) & 0x7fffffff;
		return seed / 0x7fffffff;
	};
}

/** Updates as clients send them: map entries of every value kind, text with emoji, XML, arrays, deletes. */
function realUpdates(): Uint8Array[] {
	const rnd = random(7);
	const doc = new Y.Doc();
	const updates: Uint8Array[] = [];
	doc.on('update', (u: Uint8Array) => updates.push(u));
	const steps = doc.getMap<unknown>('steps');
	const text = doc.getText('t');
	const xml = doc.getXmlFragment('note:s1');
	const list = doc.getArray<unknown>('list');
	for (let i = 0; i < 120; i++) {
		const pick = Math.floor(rnd() * 8);
		if (pick === 0)
			steps.set(`k${i % 10}`, { title: `Stap ${i}`, n: i * 1.5, ok: true, x: null, big: 2 ** 40 });
		else if (pick === 1) text.insert(Math.floor(rnd() * (text.length + 1)), `tekst 🙂 é ${i}`);
		else if (pick === 2 && text.length > 3) text.delete(1, 2);
		else if (pick === 3) {
			const p = new Y.XmlElement('paragraph');
			p.setAttribute('align', 'left');
			p.insert(0, [new Y.XmlText(`regel ${i}`)]);
			xml.insert(0, [p]);
		} else if (pick === 4) list.push([i, 'x', [1, [2, { a: -5 }]], new Uint8Array([1, 2, 3]), null]);
		else if (pick === 5 && list.length > 1) list.delete(0, 1);
		else if (pick === 6) text.format(0, Math.min(3, text.length), { bold: true });
		else {
			const m = new Y.Map<unknown>();
			m.set('id', `m${i}`);
			steps.set(`m${i % 5}`, m);
		}
	}
	// A merged update of everything (many structs per client, a delete set).
	updates.push(Y.encodeStateAsUpdate(doc));
	return updates;
}

async function worker(update: Uint8Array) {
	return checker.check(update.slice());
}

describe('the inline structural check', () => {
	it('gives the worker’s verdict and counts for what clients send', async () => {
		const updates = realUpdates();
		let inline = 0;
		for (const u of updates) {
			const mine = checkInline(u, LIMITS);
			if (mine === null) continue;
			inline++;
			expect(mine).toEqual(await worker(u));
		}
		// Everything small is read inline; only larger updates may go to the worker.
		expect(inline).toBeGreaterThanOrEqual(
			updates.filter((u) => u.byteLength <= INLINE_CHECK_MAX_BYTES).length - 1
		);
		// A hundred worker round trips: generous on a busy machine (no timing is asserted).
	}, 60_000);

	it('never passes what the worker refuses, for truncated and mutated updates', async () => {
		const rnd = random(11);
		const updates = realUpdates().filter((u) => u.byteLength < 4000);
		let compared = 0;
		for (const u of updates.slice(0, 60)) {
			for (let k = 0; k < 4; k++) {
				const bad = u.slice(0, k === 0 ? Math.floor(rnd() * u.byteLength) : u.byteLength);
				if (k > 0) for (let j = 0; j < k; j++) bad[Math.floor(rnd() * bad.length)] = Math.floor(rnd() * 256);
				const mine = checkInline(bad, LIMITS);
				if (mine === null || !mine.ok) continue;
				compared++;
				const theirs = await worker(bad);
				if (!theirs.ok) {
					// Only content Yjs parses later (JSON) may differ; applying it then fails as well.
					expect(theirs.reason).toBe('Yjs-update kon niet worden gelezen');
					expect(() => Y.applyUpdate(new Y.Doc(), bad)).toThrow();
				} else expect(mine).toEqual(theirs);
			}
		}
		expect(compared).toBeGreaterThan(20);
	}, 60_000);

	it('refuses crafted updates without reading past their bytes', () => {
		const message = (write: (e: encoding.Encoder) => void) => {
			const e = encoding.createEncoder();
			write(e);
			return encoding.toUint8Array(e);
		};
		// 30 million structs claimed in 7 bytes: refused at the end of the bytes, nothing allocated.
		const huge = message((e) => {
			encoding.writeVarUint(e, 1);
			encoding.writeVarUint(e, 30_000_000);
			encoding.writeVarUint(e, 5);
			encoding.writeVarUint(e, 0);
		});
		const started = performance.now();
		expect(checkInline(huge, { maxStructs: 1e9, maxDeletes: 1e9 })).toMatchObject({ ok: false });
		expect(performance.now() - started).toBeLessThan(50);
		expect(checkInline(huge, LIMITS)).toEqual({ ok: false, reason: 'Yjs-update bevat te veel onderdelen' });
		// A clock past MAX_CLOCK.
		const doc = new Y.Doc();
		doc.clientID = 1;
		let update: Uint8Array = new Uint8Array();
		doc.on('update', (u: Uint8Array) => (update = u));
		doc.getMap('meta').set('title', 'x');
		const clocked = message((e) => {
			encoding.writeVarUint(e, 1);
			encoding.writeVarUint(e, 1);
			encoding.writeVarUint(e, 1);
			encoding.writeVarUint(e, MAX_CLOCK + 1);
			encoding.writeUint8Array(e, update.subarray(4));
		});
		expect(checkInline(clocked, LIMITS)).toMatchObject({ ok: false });
		// A delete range past MAX_CLOCK.
		const deletes = message((e) => {
			encoding.writeVarUint(e, 0);
			encoding.writeVarUint(e, 1);
			encoding.writeVarUint(e, 9);
			encoding.writeVarUint(e, 1);
			encoding.writeVarUint(e, 0);
			encoding.writeVarUint(e, MAX_CLOCK * 2);
		});
		expect(checkInline(deletes, LIMITS)).toEqual({
			ok: false,
			reason: 'Yjs-update verwijdert een onmogelijk bereik'
		});
		// Larger than the inline limit: the worker's.
		expect(checkInline(new Uint8Array(INLINE_CHECK_MAX_BYTES + 1), LIMITS)).toBeNull();
	});
});

/** Keeps the event loop busy for `ms`, as a server busy with other work would. */
function blockEventLoop(ms: number): void {
	const until = performance.now() + ms;
	while (performance.now() < until) {
		// busy
	}
}

describe('the check worker’s time limit', () => {
	/** 200,000 delete ranges (800 KB): Yjs takes many milliseconds to decode them. */
	function manyDeletes(): Uint8Array {
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 0); // no structs
		encoding.writeVarUint(e, 1); // one client in the delete set
		encoding.writeVarUint(e, 7);
		encoding.writeVarUint(e, 200_000);
		for (let i = 0; i < 200_000; i++) {
			encoding.writeVarUint(e, i * 2);
			encoding.writeVarUint(e, 1);
		}
		return encoding.toUint8Array(e);
	}

	/** An update for the worker (any size; `check` always goes to the worker). */
	function edit(): Uint8Array {
		const doc = new Y.Doc();
		doc.getMap('meta').set('title', 'Aanvraag bijzondere bijstand');
		return Y.encodeStateAsUpdate(doc);
	}

	it('counts no start-up: an update sent while the worker starts on a busy server is checked', async () => {
		const fresh = new UpdateChecker({ ...LIMITS, timeoutMs: 250 }, () => {});
		try {
			const verdict = fresh.check(edit());
			// Four time limits of other work while the thread starts and Yjs loads in it.
			blockEventLoop(1000);
			expect(await verdict).toEqual({ ok: true, structs: 1, deletes: 0 });
		} finally {
			fresh.close();
		}
	});

	it('takes an answer that waits behind a busy event loop instead of calling the check slow', async () => {
		const fresh = new UpdateChecker({ ...LIMITS, timeoutMs: 250 }, () => {});
		try {
			expect(await fresh.check(edit())).toMatchObject({ ok: true });
			const verdict = fresh.check(edit());
			// Busy in the check phase: the timers phase (the check's own timer, due by then) comes
			// before the next poll for messages.
			await new Promise<void>((resolve) =>
				setImmediate(() => {
					blockEventLoop(1000);
					resolve();
				})
			);
			expect(await verdict).toEqual({ ok: true, structs: 1, deletes: 0 });
		} finally {
			fresh.close();
		}
	});

	it('still refuses a check that runs over, and checks the next update with a fresh worker', async () => {
		const logged: string[] = [];
		// Read at each check: one millisecond for the crafted update, then the usual time.
		const limits = { ...LIMITS, timeoutMs: 1 };
		const fresh = new UpdateChecker(limits, (m) => logged.push(m));
		try {
			expect(await fresh.check(manyDeletes())).toEqual({
				ok: false,
				reason: 'Yjs-update is te bewerkelijk',
				timedOut: true
			});
			expect(logged.some((m) => m.includes('duurde langer dan 1 ms'))).toBe(true);
			limits.timeoutMs = 5000;
			expect(await fresh.check(edit())).toEqual({ ok: true, structs: 1, deletes: 0 });
		} finally {
			fresh.close();
		}
	});
});
