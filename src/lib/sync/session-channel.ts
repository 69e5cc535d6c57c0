import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { MessageType } from './protocol';

/** Origin of what the server sent for the session doc (not sent back to it). */
export const SESSION_REMOTE_ORIGIN = Symbol('klantreis.session-remote');

/**
 * Carries the trainer session's own document (docs/hostmanship.md) over a
 * journey's y-websocket connection, as message type 100 (MessageType.SessionDoc):
 * each frame is that type followed by a y-protocols sync message for the
 * session doc. After `subscribe()` it sends its sync step 1 now and after every
 * reconnect (which is also how the server learns to send session frames to this
 * socket), answers the server's step 1, and sends local updates while connected.
 * The server applies only the facilitator's updates; a participant's local
 * writes stay local, so the UI offers the controls to the facilitator alone.
 */
export class SessionChannel {
	private subscribed = false;
	/** The session doc has had the server's state since the last (re)connect. */
	synced = false;
	private readonly listeners = new Set<(synced: boolean) => void>();

	constructor(
		private readonly provider: WebsocketProvider,
		readonly doc: Y.Doc
	) {
		provider.messageHandlers[MessageType.SessionDoc] = (encoder, decoder) => {
			encoding.writeVarUint(encoder, MessageType.SessionDoc);
			const kind = syncProtocol.readSyncMessage(decoder, encoder, this.doc, SESSION_REMOTE_ORIGIN);
			if (kind === syncProtocol.messageYjsSyncStep2 && !this.synced) this.setSynced(true);
		};
		provider.on('status', this.onStatus);
		doc.on('update', this.onUpdate);
	}

	/** Asks the server for the session doc on this socket, from now on (also after reconnects). */
	subscribe(): void {
		if (this.subscribed) return;
		this.subscribed = true;
		if (this.provider.wsconnected) this.sendStep1();
	}

	/** Hears when the session doc has (or lost) the server's state. */
	onSynced(listener: (synced: boolean) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	destroy(): void {
		this.provider.off('status', this.onStatus);
		this.doc.off('update', this.onUpdate);
		delete this.provider.messageHandlers[MessageType.SessionDoc];
		this.listeners.clear();
	}

	private readonly onStatus = ({ status }: { status: string }) => {
		if (status !== 'connected') {
			if (this.synced) this.setSynced(false);
			return;
		}
		if (this.subscribed) this.sendStep1();
	};

	private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
		if (origin === SESSION_REMOTE_ORIGIN || !this.subscribed) return;
		this.send((e) => syncProtocol.writeUpdate(e, update));
	};

	private sendStep1(): void {
		this.send((e) => syncProtocol.writeSyncStep1(e, this.doc));
	}

	private send(write: (encoder: encoding.Encoder) => void): void {
		const ws = this.provider.ws;
		if (!this.provider.wsconnected || !ws || ws.readyState !== ws.OPEN) return;
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, MessageType.SessionDoc);
		write(encoder);
		ws.send(encoding.toUint8Array(encoder));
	}

	private setSynced(synced: boolean): void {
		this.synced = synced;
		for (const listener of this.listeners) listener(synced);
	}
}
