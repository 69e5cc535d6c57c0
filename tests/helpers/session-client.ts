import * as Y from 'yjs';
import { SessionChannel } from '../../src/lib/sync/session-channel';
import type { SessionDocs } from '../../src/lib/sync/trainer-session';
import { connectClient, type Client } from './clients';

/** The official y-websocket client on a journey, plus the trainer session doc on the same socket (as the app does). */
export type SessionClient = Client & {
	session: Y.Doc;
	docs: SessionDocs;
	channel: SessionChannel;
	/** Resolves once the session doc has the server's state. */
	sessionSynced: (timeoutMs?: number) => Promise<void>;
};

export function connectSessionClient(wsUrl: string, journeyId: string, token: string): SessionClient {
	const client = connectClient(wsUrl, journeyId, token);
	const session = new Y.Doc();
	const channel = new SessionChannel(client.provider, session);
	channel.subscribe();
	return {
		...client,
		session,
		docs: { journey: client.doc, session },
		channel,
		sessionSynced: (timeoutMs = 10_000) =>
			channel.synced
				? Promise.resolve()
				: new Promise((resolve, reject) => {
						const timer = setTimeout(() => reject(new Error('session doc did not sync')), timeoutMs);
						const off = channel.onSynced((synced) => {
							if (!synced) return;
							clearTimeout(timer);
							off();
							resolve();
						});
					}),
		destroy: () => {
			channel.destroy();
			client.destroy();
			session.destroy();
		}
	};
}
