import type { IncomingMessage } from 'node:http';

export type ProxySettings = {
	/** adapter-node's ADDRESS_HEADER: the header a trusted proxy puts the client's address in. */
	addressHeader: string;
	/** adapter-node's XFF_DEPTH: how many trusted proxies stand in front (for X-Forwarded-For). */
	xffDepth: number;
};

export function proxySettings(env: NodeJS.ProcessEnv = process.env): ProxySettings {
	const depth = Number(env.XFF_DEPTH ?? '1');
	return {
		addressHeader: (env.ADDRESS_HEADER ?? '').trim().toLowerCase(),
		xffDepth: Number.isInteger(depth) && depth > 0 ? depth : 1
	};
}

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
