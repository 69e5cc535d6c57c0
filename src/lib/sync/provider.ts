import type * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { CloseCode, SYNC_PATH } from './protocol';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected' | 'refused';

/** The sync URL on the host that served the page (http -> ws, https -> wss). */
export function syncUrl(location: { protocol: string; host: string }): string {
	return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${SYNC_PATH}`;
}

/**
 * Connects a doc to the sync endpoint with the official y-websocket client.
 * `onStatus` hears every change; a refusal (4401/4403) is final.
 */
export function connect(
	doc: Y.Doc,
	journeyId: string,
	token: string,
	url: string,
	onStatus: (status: ConnectionStatus, detail?: string) => void
): WebsocketProvider {
	const provider = new WebsocketProvider(url, journeyId, doc, { params: { token }, maxBackoffTime: 5000 });
	provider.on('status', ({ status }: { status: string }) => {
		onStatus(status === 'connected' ? 'connected' : status === 'connecting' ? 'connecting' : 'disconnected');
	});
	provider.on('closed', ({ code, reason }: { code: number; reason: string }) => {
		if (
			code === CloseCode.Unauthenticated ||
			code === CloseCode.Forbidden ||
			code === CloseCode.JourneyDeleted
		) {
			onStatus('refused', reason);
		} else if (code === CloseCode.DocumentTooLarge) {
			onStatus(
				'disconnected',
				'de klantreis is te groot geworden; uw laatste wijziging is niet bewaard. Verwijder iets en laad de pagina opnieuw.'
			);
		} else onStatus('disconnected', reason);
	});
	return provider;
}
