/** A fixed-window counter per key (a client address). */
export class RateLimiter {
	private readonly windows = new Map<string, { start: number; count: number }>();

	constructor(
		private readonly limit: number,
		private readonly windowMs: number
	) {}

	/** Counts one event; false when the key is over its limit in this window. */
	take(key: string, now = Date.now()): boolean {
		let w = this.windows.get(key);
		if (!w || now - w.start >= this.windowMs) {
			w = { start: now, count: 0 };
			this.windows.set(key, w);
			if (this.windows.size > 10_000) this.sweep(now);
		}
		w.count++;
		return w.count <= this.limit;
	}

	private sweep(now: number) {
		for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key);
	}
}
