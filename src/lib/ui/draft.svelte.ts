/**
 * Concept (draft): what someone is typing in a field whose value others can
 * change live. While they type, a remote change does not overwrite their text;
 * it is kept as `theirs`, and they choose: keep their own version or take the
 * other. Without this, Yjs would replace unsaved text without a word.
 *
 * Call `input` on every keystroke, `observe` whenever the shared value changes,
 * and `commit` when the field is left (its `change` event).
 */
export class Draft {
	/** The text being typed, or null when the field shows the shared value. */
	text = $state<string | null>(null);
	/** A different value someone else wrote while this one was being typed; null when none. */
	theirs = $state<string | null>(null);
	/** The shared value when typing began: a later, different one is someone else's. */
	#base = '';

	/** The user typed: `text` is the field's content, `shared` the value in the document now. */
	input(text: string, shared: string): void {
		if (this.text === null) this.#base = shared;
		this.text = text;
	}

	/** The shared value is now `shared`; a conflict when it moved away from the base under a draft. */
	observe(shared: string): void {
		if (this.text === null) return;
		if (shared === this.text) this.reset();
		else if (shared !== this.#base) this.theirs = shared;
	}

	/**
	 * The field was left. Returns the text to write, or null for nothing to write:
	 * no draft, or a conflict the user has not yet decided (leaving the field to
	 * press one of the two buttons must not decide it for them).
	 */
	commit(): string | null {
		if (this.text === null || this.theirs !== null) return null;
		const text = this.text;
		this.reset();
		return text;
	}

	/** "Uw versie bewaren": the draft to write, whatever the other wrote. */
	keepMine(): string | null {
		const text = this.text;
		this.reset();
		return text;
	}

	/** "Die overnemen": drop the draft; the field shows the shared value again. */
	reset(): void {
		this.text = null;
		this.theirs = null;
	}
}
