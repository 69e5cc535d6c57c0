import { afterEach, describe, expect, it, vi } from 'vitest';
import { throttleLatest } from './pointer';

describe('throttleLatest', () => {
	afterEach(() => vi.useRealTimers());

	it('sends the first value at once, then the latest at most every interval', () => {
		vi.useFakeTimers();
		const sent: number[] = [];
		const t = throttleLatest<number>((v) => sent.push(v), 50);
		t.push(1);
		t.push(2);
		t.push(3);
		expect(sent).toEqual([1]);
		vi.advanceTimersByTime(50);
		expect(sent).toEqual([1, 3]);
		vi.advanceTimersByTime(50);
		t.push(4);
		expect(sent).toEqual([1, 3, 4]);
	});

	it('cancel drops what is pending', () => {
		vi.useFakeTimers();
		const sent: number[] = [];
		const t = throttleLatest<number>((v) => sent.push(v), 50);
		t.push(1);
		t.push(2);
		t.cancel();
		vi.advanceTimersByTime(100);
		expect(sent).toEqual([1]);
	});
});
