import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { config as settings } from './config';

/**
 * The address other devices in the room use for a journey link (de link voor de
 * zaal): where the page was opened when that is reachable, `ORIGIN` when it is
 * set, or this machine's network address when the server listens on one.
 * `origin` is null when no other device can reach the app; `reason` then says
 * why, for the share panel.
 */
export type PublicOrigin =
	| { origin: string; source: 'request' | 'ORIGIN' | 'network' }
	| { origin: null; source: 'none'; reason: 'loopback-only' | 'no-network' };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** True for a host name only this machine can reach (localhost, 127.x.x.x, ::1). */
export function isLoopback(hostname: string): boolean {
	const h = hostname.toLowerCase();
	return LOOPBACK_HOSTS.has(h) || h.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** True when a bind address (`HOST`) accepts connections from other machines' view of us. */
function listensOnNetwork(host: string): boolean {
	return host === '0.0.0.0' || host === '::' || host === '' || !isLoopback(host);
}

/**
 * Pure choice of the public origin. `requestOrigin` is where this page was
 * opened (`url.origin`); `configuredOrigin` is `ORIGIN` or null; `host` is the
 * bind address (`HOST`, default `0.0.0.0`); `interfaces` is
 * `os.networkInterfaces()`. A specific non-loopback `HOST` is itself the
 * network address; with `0.0.0.0` or `::` the first non-internal IPv4 address
 * is taken, with the request's port. The network address is always `http:`:
 * Klantreis itself speaks plain HTTP (TLS lives in a proxy, and behind a
 * proxy the page is not opened on loopback), while adapter-node reports
 * `https:` for a request whose protocol it was not told.
 */
export function choosePublicOrigin(input: {
	requestOrigin: string;
	configuredOrigin: string | null;
	host: string;
	interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>;
}): PublicOrigin {
	if (input.configuredOrigin) {
		return { origin: new URL(input.configuredOrigin).origin, source: 'ORIGIN' };
	}
	const request = new URL(input.requestOrigin);
	if (!isLoopback(request.hostname)) return { origin: request.origin, source: 'request' };
	if (!listensOnNetwork(input.host)) return { origin: null, source: 'none', reason: 'loopback-only' };
	let address: string | null = null;
	if (input.host === '0.0.0.0' || input.host === '::' || input.host === '') {
		for (const list of Object.values(input.interfaces)) {
			const found = list?.find((i) => i.family === 'IPv4' && !i.internal);
			if (found) {
				address = found.address;
				break;
			}
		}
	} else {
		address = input.host.includes(':') ? `[${input.host}]` : input.host;
	}
	if (!address) return { origin: null, source: 'none', reason: 'no-network' };
	const port = request.port ? `:${request.port}` : '';
	return { origin: `http://${address}${port}`, source: 'network' };
}

/** The public origin for a request to this server (settings from the environment, see config.ts). */
export function publicOrigin(requestUrl: URL): PublicOrigin {
	const config = settings();
	return choosePublicOrigin({
		requestOrigin: requestUrl.origin,
		configuredOrigin: config.origin,
		host: config.host,
		interfaces: networkInterfaces()
	});
}
