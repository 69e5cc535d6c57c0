/**
 * Sends the latest of a stream of values at most every `ms` (the last one
 * always): the pointer goes out every 50 ms, as 30 people sending theirs at
 * 60 Hz would be 54,000 messages a second through the server.
 */
export function throttleLatest<T>(send: (value: T) => void, ms: number) {
	let timer: ReturnType<typeof setTimeout> | null = null;
	let pending: { value: T } | null = null;
	const flush = () => {
		timer = null;
		if (!pending) return;
		send(pending.value);
		pending = null;
		timer = setTimeout(flush, ms);
	};
	return {
		push(value: T) {
			if (timer) {
				pending = { value };
				return;
			}
			send(value);
			timer = setTimeout(flush, ms);
		},
		/** Drops what is pending and stops the timer. */
		cancel() {
			if (timer) clearTimeout(timer);
			timer = null;
			pending = null;
		}
	};
}
