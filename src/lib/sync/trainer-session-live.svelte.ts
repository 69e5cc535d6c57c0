import type { TrainerSession } from '$lib/model';
import type { JourneySession } from './journey-session.svelte';
import { readSession } from './trainer-session';

/**
 * The trainer session (trainerssessie, docs/hostmanship.md) of a live journey,
 * as runes: `current` is the validated session, read again whenever the
 * document changes. Lives as long as the page that shows it; the connection
 * is the journey layout's (JourneySession).
 */
export class LiveTrainerSession {
	current = $state<TrainerSession | null>(null);

	constructor(readonly journey: JourneySession) {}

	/** Starts reading; returns the cleanup for `$effect`. */
	start(): () => void {
		const doc = this.journey.doc;
		const refresh = () => (this.current = readSession(doc).session);
		refresh();
		doc.on('update', refresh);
		return () => doc.off('update', refresh);
	}
}
