import type { TrainerSession } from '$lib/model';
import type { JourneyConnection } from './journey-connection.svelte';
import { LOCAL_ORIGIN } from './origins';
import { readSession, type SessionDocs } from './trainer-session';

/**
 * The trainer session (trainerssessie, docs/hostmanship.md) of a live journey,
 * as runes: `current` is the validated session, read again whenever either of
 * its documents changes. Lives as long as the page that shows it; the
 * connection is the journey layout's (JourneyConnection), which carries the
 * session doc on the same socket.
 */
export class LiveTrainerSession {
	current = $state<TrainerSession | null>(null);
	/** The facilitator leads the session; everyone else follows, adds findings and votes. */
	readonly isTrainer: boolean;

	constructor(readonly connection: JourneyConnection) {
		this.isTrainer = connection.role === 'facilitator';
	}

	get docs(): SessionDocs {
		return { journey: this.connection.doc, session: this.connection.sessionDoc };
	}

	/** Both documents have the server's state: the session shown is the room's. */
	get synced(): boolean {
		return this.connection.synced && this.connection.sessionSynced;
	}

	/** Asks for the session doc and starts reading; returns the cleanup for `$effect`. */
	start(): () => void {
		const { journey, session } = this.docs;
		this.connection.openTrainerSession();
		const refresh = () => (this.current = readSession(this.docs).session);
		refresh();
		journey.on('update', refresh);
		session.on('update', refresh);
		return () => {
			journey.off('update', refresh);
			session.off('update', refresh);
		};
	}

	/**
	 * A trainer's control (start, step, reveal, timer, budget, prompts, end),
	 * written with this person's origin. Does nothing for anyone else: the
	 * server would not take it from them either.
	 */
	control(fn: (docs: SessionDocs, origin: typeof LOCAL_ORIGIN) => void): void {
		if (this.isTrainer) fn(this.docs, LOCAL_ORIGIN);
	}
}
