import { describe, expect, it } from 'vitest';
import { Draft } from './draft.svelte';

describe('Draft', () => {
	it('writes what was typed when the field is left and nobody else changed it', () => {
		const d = new Draft();
		d.input('Belt', 'Oud');
		d.observe('Oud');
		expect(d.commit()).toBe('Belt');
		expect(d.text).toBeNull();
	});

	it('keeps the draft and holds back the write when someone else changed the value meanwhile', () => {
		const d = new Draft();
		d.input('Mijn titel', 'Oud');
		d.observe('Hun titel');
		expect(d.text).toBe('Mijn titel');
		expect(d.theirs).toBe('Hun titel');
		expect(d.commit()).toBeNull();
		expect(d.keepMine()).toBe('Mijn titel');
		expect(d.theirs).toBeNull();
	});

	it('drops the draft when the user takes the other version', () => {
		const d = new Draft();
		d.input('Mijn titel', 'Oud');
		d.observe('Hun titel');
		d.reset();
		expect(d.text).toBeNull();
		expect(d.commit()).toBeNull();
	});

	it('has no conflict when the other wrote the same text, or when there is no draft', () => {
		const d = new Draft();
		d.observe('Iets');
		expect(d.theirs).toBeNull();
		d.input('Zelfde', 'Oud');
		d.observe('Zelfde');
		expect(d.text).toBeNull();
		expect(d.theirs).toBeNull();
	});
});
