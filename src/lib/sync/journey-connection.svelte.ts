import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import type { Journey } from '$lib/model';
import { peersOf, type Peer, type Presence } from './awareness';
import { layout } from './doc-layout';
import { onDocChanged, readJourney, type Problem } from './journey-doc';
import { LOCAL_ORIGIN } from './origins';
import { canWrite, CloseCode, type Role } from './protocol';
import { connect, syncUrl, type ConnectionStatus } from './provider';
import { resolve } from '$app/paths';
import { SessionChannel } from './session-channel';
import { write } from './write';

export type UserIdentity = Presence['user'];

/** Sockets that closed without ever connecting before the page says it cannot reach the server. */
const UNREACHABLE_AFTER_TRIES = 3;

/**
 * The journey's live connection (not the trainer session, which rides on it):
 * a Y.Doc kept in sync over the sync endpoint
 * and in IndexedDB (so edits made offline survive a reload and merge on
 * reconnect), with runes for the validated Journey, the people here, the
 * connection and undo.
 */
export class JourneyConnection {
	readonly doc = new Y.Doc();
	journey = $state<Journey>() as Journey;
	problems = $state<Problem[]>([]);
	status = $state<ConnectionStatus>('connecting');
	/** Why the server closed the connection, when it said so. */
	closeReason = $state('');
	online = $state(true);
	/**
	 * True after a few tries without ever getting through (a proxy that does not
	 * pass `<base>/sync` on, a firewall): the page says so instead of "Verbinding maken…".
	 */
	unreachable = $state(false);
	synced = $state(false);
	peers = $state<Peer[]>([]);
	canUndo = $state(false);
	canRedo = $state(false);
	readonly canWrite: boolean;
	provider: WebsocketProvider | null = $state(null);
	/**
	 * The trainer session's own document (docs/hostmanship.md): only the
	 * facilitator's writes reach the server. It travels on this same socket
	 * once a page asks for it (`openTrainerSession`).
	 */
	readonly sessionDoc = new Y.Doc();
	/** The session doc has the server's state (false until asked for, and while reconnecting). */
	sessionSynced = $state(false);
	private undoManager: Y.UndoManager | null = null;
	private channel: SessionChannel | null = null;
	private wantsSession = false;

	constructor(
		readonly id: string,
		readonly role: Role,
		private readonly token: string,
		initial: Journey
	) {
		this.journey = initial;
		this.canWrite = canWrite(role);
	}

	/** True once the journey is read from the doc (IndexedDB's copy or the server's). */
	private fromDoc = false;

	/**
	 * Puts the notes, by step id, into the first journey: the map page gets them streamed
	 * after its first paint (+layout.server.ts). Once the journey comes from the doc, the
	 * doc's notes are the truth and these are ignored.
	 */
	fillNotes(notes: Record<string, string>): void {
		if (this.fromDoc) return;
		this.journey = {
			...this.journey,
			steps: this.journey.steps.map((s) => (notes[s.id] ? { ...s, note: notes[s.id] } : s))
		};
	}

	/** Connects; returns the cleanup for `$effect`. */
	start(user: UserIdentity | null): () => void {
		const refresh = () => {
			const { journey, problems } = readJourney(this.doc, this.id);
			this.fromDoc = true;
			this.journey = journey;
			this.problems = problems;
		};
		// Read once the transactions are cleaned up: only the entries that changed are parsed again.
		const stopReading = onDocChanged(this.doc, refresh);

		const l = layout(this.doc);
		this.undoManager = new Y.UndoManager(
			[l.meta, l.stages, l.channels, l.steps, l.personas, l.painPoints, l.tickets],
			{ trackedOrigins: new Set([LOCAL_ORIGIN]), captureTimeout: 400 }
		);
		const stackChanged = () => {
			this.canUndo = (this.undoManager?.undoStack.length ?? 0) > 0;
			this.canRedo = (this.undoManager?.redoStack.length ?? 0) > 0;
		};
		this.undoManager.on('stack-item-added', stackChanged);
		this.undoManager.on('stack-item-popped', stackChanged);
		this.undoManager.on('stack-cleared', stackChanged);

		let offline: { destroy: () => Promise<void> } | null = null;
		let stopped = false;
		// IndexedDB keeps this browser's copy; loaded lazily so it stays out of the first paint.
		void import('y-indexeddb').then(({ IndexeddbPersistence }) => {
			if (stopped) return;
			offline = new IndexeddbPersistence(`klantreis:${this.id}`, this.doc);
		});

		// The base path as the client knows it (absolute in the browser): resolve('/') is `${base}/`.
		const url = syncUrl(window.location, resolve('/').slice(0, -1));
		let failedTries = 0;
		const provider = connect(this.doc, this.id, this.token, url, (status, reason) => {
			this.status = status;
			if (reason) this.closeReason = reason;
			if (status === 'connected') {
				failedTries = 0;
				this.unreachable = false;
			}
		});
		this.provider = provider;
		const channel = new SessionChannel(provider, this.sessionDoc);
		this.channel = channel;
		channel.onSynced((synced) => (this.sessionSynced = synced));
		if (this.wantsSession) channel.subscribe();
		provider.on('sync', (synced: boolean) => {
			this.synced = synced;
			if (synced) refresh();
		});
		provider.on('connection-close', (event: CloseEvent | null) => {
			if (this.status !== 'connected' && ++failedTries >= UNREACHABLE_AFTER_TRIES) this.unreachable = true;
			if (event && event.code !== CloseCode.ServiceRestart && event.reason) this.closeReason = event.reason;
		});
		const awareness = provider.awareness;
		// Our own pointer moves many times a second; only other people's changes redraw anything.
		const peersChanged = (changes: { added: number[]; updated: number[]; removed: number[] }) => {
			const ids = [...changes.added, ...changes.updated, ...changes.removed];
			if (ids.some((id) => id !== awareness.clientID)) this.peers = peersOf(awareness);
		};
		awareness.on('change', peersChanged);
		if (user) awareness.setLocalStateField('user', user);

		// Going offline is known to the browser before the socket notices: hand over to
		// IndexedDB at once, and reconnect as soon as the network is back.
		const onOnline = () => {
			this.online = navigator.onLine;
			if (!navigator.onLine) provider.disconnect();
			else if (!provider.shouldConnect && this.status !== 'refused') provider.connect();
		};
		window.addEventListener('online', onOnline);
		window.addEventListener('offline', onOnline);
		onOnline();

		return () => {
			stopped = true;
			window.removeEventListener('online', onOnline);
			window.removeEventListener('offline', onOnline);
			awareness.off('change', peersChanged);
			channel.destroy();
			this.channel = null;
			stopReading();
			this.undoManager?.destroy();
			provider.destroy();
			void offline?.destroy();
			this.doc.destroy();
			this.sessionDoc.destroy();
		};
	}

	/**
	 * Asks the server for the trainer session's document on this socket; it
	 * stays subscribed (also after reconnects) for the rest of this connection's life.
	 */
	openTrainerSession(): void {
		this.wantsSession = true;
		this.channel?.subscribe();
	}

	/**
	 * Runs a change as this person's own transaction (undo follows this origin).
	 * Each change is its own undo step, however quickly the next one follows;
	 * `merge` folds a continuous input (a slider being dragged) into one.
	 */
	change(fn: (doc: Y.Doc) => void, options: { merge?: boolean } = {}): void {
		if (!this.canWrite) return;
		if (!options.merge) this.undoManager?.stopCapturing();
		write(this.doc, LOCAL_ORIGIN, () => fn(this.doc));
	}

	undo(): void {
		if (this.canWrite) this.undoManager?.undo();
	}

	redo(): void {
		if (this.canWrite) this.undoManager?.redo();
	}

	/** Shares who this person is, where their cursor is and what they edit. */
	setPresence(fields: Partial<Presence>): void {
		const awareness = this.provider?.awareness;
		if (!awareness) return;
		for (const [key, value] of Object.entries(fields)) awareness.setLocalStateField(key, value);
	}
}
