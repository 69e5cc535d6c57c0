/**
 * Content types worth compressing: text the app renders or exports (pages,
 * JSON, CSV, Markdown, SVG). Images and archives are compressed already.
 */
const COMPRESSIBLE = /^(text\/|application\/(json|javascript|xml|xhtml\+xml|x-ndjson)|image\/svg\+xml)/i;

/** Below this (when the length is known) gzip's header costs more than it saves. */
const MIN_BYTES = 1024;

/** Whether the client accepts gzip (`Accept-Encoding`, a q of 0 refuses it). */
export function acceptsGzip(acceptEncoding: string | null): boolean {
	if (!acceptEncoding) return false;
	for (const part of acceptEncoding.split(',')) {
		const [name, ...params] = part.trim().toLowerCase().split(';');
		if (name !== 'gzip' && name !== '*') continue;
		const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
		return q === undefined || Number(q.slice(2)) > 0;
	}
	return false;
}

/**
 * A gzip-compressed version of a dynamic response (a journey page, a REST
 * snapshot, an export) when the request accepts gzip, streamed: the body is
 * compressed as it is produced, never held whole. Static files never get
 * here (adapter-node serves their precompressed .gz/.br itself).
 *
 * Returns the response unchanged when it has no body, is already encoded,
 * is not text, or is known to be smaller than a kilobyte. Sets
 * `Vary: Accept-Encoding`. An ETag stays as SvelteKit computed it (over the
 * page before compression): Kit answers If-None-Match with 304 by comparing it
 * as it is, and a dynamic response is never served in ranges. Uses the web
 * `CompressionStream` of Node (zlib underneath, default level).
 */
export function compressResponse(request: Request, response: Response): Response {
	if (!response.body || request.method === 'HEAD') return response;
	if (response.status === 204 || response.status === 206 || response.status === 304) return response;
	const headers = response.headers;
	if (headers.has('content-encoding')) return response;
	if (!COMPRESSIBLE.test(headers.get('content-type') ?? '')) return response;
	const length = headers.get('content-length');
	if (length !== null && Number(length) < MIN_BYTES) return response;
	headers.append('vary', 'Accept-Encoding');
	if (!acceptsGzip(request.headers.get('accept-encoding'))) return response;

	const out = new Headers(headers);
	out.set('content-encoding', 'gzip');
	out.delete('content-length');
	return new Response(response.body.pipeThrough(new CompressionStream('gzip')), {
		status: response.status,
		statusText: response.statusText,
		headers: out
	});
}
