import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptsGzip, compressResponse } from './compress';

const page = '<!doctype html><p>' + 'Klantreis '.repeat(5000) + '</p>';

function request(acceptEncoding?: string, method = 'GET'): Request {
	return new Request('http://localhost/reis/x', {
		method,
		headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}
	});
}

function html(body: string | null = page, headers: Record<string, string> = {}): Response {
	return new Response(body, { headers: { 'content-type': 'text/html', ...headers } });
}

describe('compressed responses', () => {
	it('gzips a page for a client that accepts it; the bytes decompress to the page', async () => {
		const res = compressResponse(request('gzip, deflate, br'), html(page, { etag: '"abc"' }));
		expect(res.headers.get('content-encoding')).toBe('gzip');
		expect(res.headers.get('vary')).toMatch(/Accept-Encoding/);
		expect(res.headers.get('etag')).toBe('"abc"');
		const body = Buffer.from(await res.arrayBuffer());
		expect(body.byteLength).toBeLessThan(page.length / 10);
		expect(gunzipSync(body).toString()).toBe(page);
	});

	it('leaves the response alone without gzip in Accept-Encoding, for small or binary bodies, and for HEAD', async () => {
		for (const res of [
			compressResponse(request(), html()),
			compressResponse(request('br;q=1, gzip;q=0'), html()),
			compressResponse(request('gzip'), html('<p>kort</p>', { 'content-length': '11' })),
			compressResponse(
				request('gzip'),
				new Response(new Uint8Array(4096), { headers: { 'content-type': 'image/png' } })
			),
			compressResponse(request('gzip', 'HEAD'), html()),
			compressResponse(request('gzip'), html(page, { 'content-encoding': 'br' }))
		]) {
			expect(res.headers.get('content-encoding')).not.toBe('gzip');
		}
		expect(await compressResponse(request(), html()).text()).toBe(page);
	});

	it('reads Accept-Encoding as browsers and proxies send it', () => {
		expect(acceptsGzip('gzip')).toBe(true);
		expect(acceptsGzip('deflate, gzip;q=0.5')).toBe(true);
		expect(acceptsGzip('*')).toBe(true);
		expect(acceptsGzip('gzip;q=0')).toBe(false);
		expect(acceptsGzip('br')).toBe(false);
		expect(acceptsGzip(null)).toBe(false);
	});
});
