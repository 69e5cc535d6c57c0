import type { Cookies } from '@sveltejs/kit';
import { config } from '../config';

/** How long a capability cookie lasts: 90 days, then the link is needed again. */
const MAX_AGE_S = 60 * 60 * 24 * 90;

/**
 * Keeps a capability token that came in a link's `?token=` in an HttpOnly,
 * SameSite=Strict cookie scoped to `path` (a journey's pages, the department
 * page), so the page can take it out of the address bar and still work on
 * reloads, form posts and downloads. Behind TLS (a proxy says
 * `x-forwarded-proto: https`, or ORIGIN is https) the cookie is Secure; on a
 * plain-http intranet it cannot be, and then carries nothing the link itself did not.
 */
export function keepToken(
	cookies: Cookies,
	name: string,
	token: string,
	path: string,
	request: Request
): void {
	cookies.set(name, token, {
		path,
		httpOnly: true,
		sameSite: 'strict',
		secure: request.headers.get('x-forwarded-proto') === 'https' || config().httpsOrigin,
		maxAge: MAX_AGE_S
	});
}
