import type { IncomingMessage } from 'node:http';
import type { ProxySettings } from './config';

/**
 * The client's address for the per-address limits of the sync endpoint, read
 * the way adapter-node reads it for the REST API (ADDRESS_HEADER, XFF_DEPTH),
 * so one setting serves both. Without a header set, the socket's own address:
 * a header a client can write must not be trusted unless a proxy overwrites it.
 */
export function clientAddress(req: IncomingMessage, settings: ProxySettings): string {
	const own = req.socket.remoteAddress ?? 'unknown';
	if (!settings.addressHeader) return own;
	const raw = req.headers[settings.addressHeader];
	const value = Array.isArray(raw) ? raw.join(',') : raw;
	if (!value) return own;
	if (settings.addressHeader !== 'x-forwarded-for') return value.trim() || own;
	const hops = value
		.split(',')
		.map((h) => h.trim())
		.filter(Boolean);
	return hops[hops.length - settings.xffDepth] ?? hops[0] ?? own;
}
