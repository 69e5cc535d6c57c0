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

	/** True when the key has used its whole limit in this window (counts nothing). */
	exhausted(key: string, now = Date.now()): boolean {
		const w = this.windows.get(key);
		return !!w && now - w.start < this.windowMs && w.count >= this.limit;
	}

	private sweep(now: number) {
		for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key);
	}
}

/**
 * A token bucket: `ratePerSecond` tokens flow in, at most `capacity` are held.
 * Used per connection for messages, bytes and CPU time, so a burst (the first
 * sync, a large paste) passes and a steady flood does not.
 */
export class TokenBucket {
	private tokens: number;
	private last: number;

	constructor(
		private readonly ratePerSecond: number,
		private readonly capacity: number,
		now = performance.now()
	) {
		this.tokens = capacity;
		this.last = now;
	}

	private refill(now: number): void {
		this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.ratePerSecond);
		this.last = now;
	}

	/** Takes `n` tokens; false (and nothing taken) when there are not enough. */
	take(n: number, now = performance.now()): boolean {
		this.refill(now);
		if (this.tokens < n) return false;
		this.tokens -= n;
		return true;
	}

	/** Spends `n` tokens after the fact (time already used); false when the bucket is now in debt. */
	spend(n: number, now = performance.now()): boolean {
		this.refill(now);
		this.tokens -= n;
		return this.tokens >= 0;
	}
}
