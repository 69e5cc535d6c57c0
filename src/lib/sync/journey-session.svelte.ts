import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import type { Journey } from '$lib/model';
import { readJourney, type Problem } from './journey-doc';
import { LOCAL_ORIGIN } from './origins';
import { canWrite, type Role } from './protocol';
import { connect, syncUrl, type ConnectionStatus } from './provider';

/**
 * The live journey of one page: a Y.Doc kept in sync over the sync endpoint,
 * and a rune with the validated Journey read from it after every change.
 */
export class JourneySession {
	readonly doc = new Y.Doc();
	journey = $state<Journey>() as Journey;
	problems = $state<Problem[]>([]);
	status = $state<ConnectionStatus>('connecting');
	synced = $state(false);
	readonly canWrite: boolean;
	private provider: WebsocketProvider | null = null;

	constructor(
		readonly id: string,
		readonly role: Role,
		private readonly token: string,
		initial: Journey
	) {
		this.journey = initial;
		this.canWrite = canWrite(role);
	}

	/** Connects; returns the cleanup for `$effect`. */
	start(): () => void {
		const refresh = () => {
			const { journey, problems } = readJourney(this.doc, this.id);
			this.journey = journey;
			this.problems = problems;
		};
		this.doc.on('update', refresh);
		this.provider = connect(this.doc, this.id, this.token, syncUrl(window.location), (status) => {
			this.status = status;
		});
		this.provider.on('sync', (synced: boolean) => {
			this.synced = synced;
			if (synced) refresh();
		});
		return () => {
			this.doc.off('update', refresh);
			this.provider?.destroy();
			this.doc.destroy();
		};
	}

	/** Runs a change as this person's own transaction (undo follows this origin). */
	change(fn: (doc: Y.Doc) => void): void {
		if (!this.canWrite) return;
		this.doc.transact(() => fn(this.doc), LOCAL_ORIGIN);
	}
}
