import type * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { CloseCode, SYNC_PATH } from './protocol';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected' | 'refused';

/**
 * The sync URL on the host that served the page (http -> ws, https -> wss),
 * under the app's base path (`base`: '' or e.g. `/klantreis`, as
 * `$app/paths` gives it; a relative one is taken from the page's address).
 */
export function syncUrl(location: { protocol: string; host: string; href?: string }, base = ''): string {
	const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
	if (!base.startsWith('/') && base !== '' && location.href) {
		return `${scheme}://${location.host}${new URL(`${base}${SYNC_PATH}`, location.href).pathname}`;
	}
	return `${scheme}://${location.host}${base}${SYNC_PATH}`;
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
