import { json, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { BASE_PATH } from '$lib/server/base-path';
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
	return response;
};
