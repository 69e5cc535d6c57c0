import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

export type Client = { doc: Y.Doc; provider: WebsocketProvider; destroy: () => void };

/** The official y-websocket client, as a third-party program would use it. */
export function connectClient(
	wsUrl: string,
	journeyId: string,
	token: string | undefined,
	doc = new Y.Doc()
): Client {
	const provider = new WebsocketProvider(wsUrl, journeyId, doc, {
		params: token === undefined ? {} : { token },
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true
	});
	return {
		doc,
		provider,
		destroy: () => {
			provider.destroy();
			doc.destroy();
		}
	};
}

export function synced(client: Client, timeoutMs = 10_000): Promise<void> {
	if (client.provider.synced) return Promise.resolve();
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('client did not sync')), timeoutMs);
		client.provider.once('sync', () => {
			clearTimeout(timer);
			resolve();
		});
	});
}

/** Polls until `check` holds (for effects that arrive over the network). */
export async function eventually(
	check: () => boolean | Promise<boolean>,
	timeoutMs = 10_000,
	what = 'condition'
) {
	const start = Date.now();
	while (Date.now() - start < timeoutMs) {
		if (await check()) return;
		await new Promise((r) => setTimeout(r, 25));
	}
	throw new Error(`timed out waiting for ${what}`);
}

/** Resolves with the close code when a raw socket is closed, and every message it got before. */
export function rawSocket(url: string): Promise<{ code: number; reason: string; messages: number }> {
	return new Promise((resolve, reject) => {
		const ws = new WebSocket(url);
		let messages = 0;
		ws.on('message', () => messages++);
		ws.on('close', (code, reason) => resolve({ code, reason: reason.toString(), messages }));
		ws.on('error', reject);
	});
}

/** Resolves with the code of the next close of a client's socket that came with a close frame. */
export function closeCode(c: Client): Promise<number> {
	return new Promise((resolve) =>
		c.provider.on('connection-close', (event: CloseEvent | null) => {
			if (event) resolve(event.code);
		})
	);
}
