import { describe, expect, it } from 'vitest';
import type { NetworkInterfaceInfo } from 'node:os';
import { choosePublicOrigin, isLoopback } from './public-origin';

const lo: NetworkInterfaceInfo = {
	address: '127.0.0.1',
	netmask: '255.0.0.0',
	family: 'IPv4',
	mac: '00:00:00:00:00:00',
	internal: true,
	cidr: '127.0.0.1/8'
};
const v6: NetworkInterfaceInfo = {
	address: 'fe80::1',
	netmask: 'ffff:ffff:ffff:ffff::',
	family: 'IPv6',
	mac: '02:00:00:00:00:01',
	internal: false,
	cidr: 'fe80::1/64',
	scopeid: 2
};
const wifi: NetworkInterfaceInfo = {
	...lo,
	address: '192.168.1.23',
	internal: false,
	cidr: '192.168.1.23/24'
};
const interfaces = { lo: [lo], eth0: [v6], wlan0: [wifi] };

describe('choosePublicOrigin', () => {
	it('keeps the address the page was opened on when other devices can reach it', () => {
		expect(
			choosePublicOrigin({
				requestOrigin: 'http://192.168.1.23:3000',
				configuredOrigin: null,
				host: '0.0.0.0',
				interfaces
			})
		).toEqual({ origin: 'http://192.168.1.23:3000', source: 'request' });
	});

	it('takes ORIGIN when it is set, also on localhost', () => {
		expect(
			choosePublicOrigin({
				requestOrigin: 'http://localhost:3000',
				configuredOrigin: 'https://klantreis.gemeente.nl/',
				host: '127.0.0.1',
				interfaces
			})
		).toEqual({ origin: 'https://klantreis.gemeente.nl', source: 'ORIGIN' });
	});

	it.each(['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000'])(
		'opened on %s with HOST 0.0.0.0: the first non-internal IPv4 address, with the port',
		(requestOrigin) => {
			expect(
				choosePublicOrigin({ requestOrigin, configuredOrigin: null, host: '0.0.0.0', interfaces })
			).toEqual({ origin: 'http://192.168.1.23:3000', source: 'network' });
		}
	);

	it('the network address is plain http, whatever protocol adapter-node guessed for the request', () => {
		expect(
			choosePublicOrigin({
				requestOrigin: 'https://127.0.0.1:3000',
				configuredOrigin: null,
				host: '0.0.0.0',
				interfaces
			})
		).toEqual({ origin: 'http://192.168.1.23:3000', source: 'network' });
	});

	it('a specific network HOST is itself the address', () => {
		expect(
			choosePublicOrigin({
				requestOrigin: 'http://localhost:8080',
				configuredOrigin: null,
				host: '10.0.0.5',
				interfaces
			})
		).toEqual({ origin: 'http://10.0.0.5:8080', source: 'network' });
	});

	it('says no device can use the link when the server listens on loopback only', () => {
		expect(
			choosePublicOrigin({
				requestOrigin: 'http://127.0.0.1:3000',
				configuredOrigin: null,
				host: '127.0.0.1',
				interfaces
			})
		).toEqual({ origin: null, source: 'none', reason: 'loopback-only' });
	});

	it('says so when the machine has no network address', () => {
		expect(
			choosePublicOrigin({
				requestOrigin: 'http://localhost:3000',
				configuredOrigin: null,
				host: '0.0.0.0',
				interfaces: { lo: [lo], eth0: [v6] }
			})
		).toEqual({ origin: null, source: 'none', reason: 'no-network' });
	});
});

describe('isLoopback', () => {
	it('knows the loopback names and nothing else', () => {
		for (const h of ['localhost', '127.0.0.1', '127.1.2.3', '[::1]', 'app.localhost'])
			expect(isLoopback(h)).toBe(true);
		for (const h of ['192.168.1.2', 'klantreis.nl', '10.0.0.1', 'localhost.nl'])
			expect(isLoopback(h)).toBe(false);
	});
});
