import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address';
import { proxySettings } from './config';

function request(headers: Record<string, string>, remoteAddress = '10.0.0.9'): IncomingMessage {
	return { headers, socket: { remoteAddress } } as unknown as IncomingMessage;
}

describe('clientAddress', () => {
	it('uses the socket address unless a proxy header is configured', () => {
		const spoofed = request({ 'x-forwarded-for': '1.2.3.4' });
		expect(clientAddress(spoofed, proxySettings({}))).toBe('10.0.0.9');
	});

	it('reads X-Forwarded-For from the right, one hop per trusted proxy', () => {
		const req = request({ 'x-forwarded-for': '6.6.6.6, 192.0.2.7, 10.0.0.2' });
		expect(clientAddress(req, proxySettings({ ADDRESS_HEADER: 'X-Forwarded-For' }))).toBe('10.0.0.2');
		expect(clientAddress(req, proxySettings({ ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '2' }))).toBe(
			'192.0.2.7'
		);
	});

	it('reads a single-address header as it is, and falls back when it is missing', () => {
		const settings = proxySettings({ ADDRESS_HEADER: 'X-Real-IP' });
		expect(clientAddress(request({ 'x-real-ip': '192.0.2.44' }), settings)).toBe('192.0.2.44');
		expect(clientAddress(request({}), settings)).toBe('10.0.0.9');
	});
});
