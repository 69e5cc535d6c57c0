import { json, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { BASE_PATH } from '$lib/server/base-path';
import { compressResponse } from '$lib/server/compress';
import { crossSiteReason } from '$lib/server/cross-site';
import { redact, services } from '$lib/server/services';

/**
 * Opens (and migrates) the database at start-up, so an unreadable one stops
 * the server at once; the server listens only after this settles.
 */
export const init: ServerInit = async () => {
	await services().ready;
};

/**
 * adapter-node's BODY_SIZE_LIMIT is as large as the contact import needs
 * (MAX_IMPORT_BYTES); every other body is held to MAX_BODY_BYTES here (form
 * posts, which Kit reads whole) or in readJson (the API, counted as it reads).
 */
function bodyTooLarge(request: Request, url: URL): Response | null {
	if (request.method === 'GET' || request.method === 'HEAD') return null;
	if (url.pathname.slice(BASE_PATH.length).startsWith('/api/')) return null;
	const max = services().config.limits.maxBodyBytes;
	const length = request.headers.get('content-length');
	if (length === null && request.body)
		return new Response('Geef de lengte van de inhoud mee', { status: 411 });
	if (Number(length) > max) return new Response(`De inhoud is groter dan ${max} bytes`, { status: 413 });
	return null;
}

/**
 * Logs an unexpected error without the request's address: a capability link
 * carries its token in the query, and tokens never appear in logs.
 */
export const handleError: HandleServerError = ({ error, event, status }) => {
	const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
	console.error(
		`[klantreis] Fout ${status} bij ${event.request.method} ${event.url.pathname}: ${redact(message)}`
	);
	return { message: status === 404 ? 'Niet gevonden' : 'Er ging iets mis' };
};

/** For responses without their own policy (the API, errors): nothing may load or frame them. */
const FALLBACK_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export const handle: Handle = async ({ event, resolve }) => {
	if (crossSiteReason(event.request, event.url, services().config.origin, BASE_PATH)) {
		return json(
			{ error: 'Verzoeken van een andere website worden geweigerd: open Klantreis zelf en probeer het daar' },
			{ status: 403 }
		);
	}
	const tooLarge = bodyTooLarge(event.request, event.url);
	if (tooLarge) return tooLarge;
	const started = performance.now();
	const response = await resolve(event);
	response.headers.set('Server-Timing', `app;dur=${(performance.now() - started).toFixed(1)}`);
	// Capability links carry a token: never send it on to another site.
	response.headers.set('Referrer-Policy', 'no-referrer');
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('X-Frame-Options', 'DENY');
	if (!response.headers.has('Content-Security-Policy')) {
		response.headers.set('Content-Security-Policy', FALLBACK_CSP);
	}
	// Pages, snapshots and exports go out gzipped, streamed, when the client accepts it.
	return compressResponse(event.request, response);
};
