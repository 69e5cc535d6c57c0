import { describe, expect, it } from 'vitest';
import { crossSiteReason } from './cross-site';

function check(method: string, path: string, headers: Record<string, string>, origin: string | null = null) {
	const url = new URL(`http://klantreis.test:3000${path}`);
	return crossSiteReason(new Request(url, { method, headers }), url, origin);
}

describe('crossSiteReason', () => {
	it('lets scripts without Origin or Sec-Fetch-Site through, API and reads alike', () => {
		expect(check('POST', '/api/journeys', { host: 'klantreis.test:3000' })).toBeNull();
		expect(check('DELETE', '/api/admin/journeys/x', { host: 'klantreis.test:3000' })).toBeNull();
		expect(check('GET', '/api/journeys', { origin: 'https://evil.example' })).toBeNull();
	});

	it('refuses another site by Origin or by Sec-Fetch-Site', () => {
		const host = { host: 'klantreis.test:3000' };
		expect(check('POST', '/api/personas', { ...host, origin: 'https://evil.example' })).toBe('origin');
		expect(check('PUT', '/api/personas/x', { ...host, origin: 'null' })).toBe('origin');
		expect(check('PATCH', '/api/x', { ...host, 'sec-fetch-site': 'cross-site' })).toBe('sec-fetch-site');
		// Same host name on another port is another origin, and the Host here has a port.
		expect(check('POST', '/api/journeys', { ...host, origin: 'http://klantreis.test:4000' })).toBe('origin');
	});

	it('lets our own pages through, also behind a proxy or with ORIGIN set', () => {
		expect(
			check('POST', '/api/journeys', {
				host: 'klantreis.test:3000',
				origin: 'http://klantreis.test:3000',
				'sec-fetch-site': 'same-origin'
			})
		).toBeNull();
		// nginx's $host carries no port.
		expect(
			check('POST', '/api/journeys', { host: 'klantreis.test', origin: 'https://klantreis.test' })
		).toBeNull();
		expect(
			check('POST', '/api/journeys', {
				host: '127.0.0.1:3000',
				'x-forwarded-host': 'intranet.gemeente.nl',
				origin: 'https://intranet.gemeente.nl'
			})
		).toBeNull();
		expect(
			check(
				'POST',
				'/api/journeys',
				{ host: '127.0.0.1:3000', origin: 'https://klantreis.gemeente.nl' },
				'https://klantreis.gemeente.nl'
			)
		).toBeNull();
	});

	it('refuses a form post to a page without Origin (browsers always send one)', () => {
		expect(
			check('POST', '/personas', {
				host: 'klantreis.test:3000',
				'content-type': 'application/x-www-form-urlencoded'
			})
		).toBe('origin');
	});
});
