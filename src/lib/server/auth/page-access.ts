import { error, type Cookies } from '@sveltejs/kit';
import type { Role } from '$lib/sync/protocol';
import { services } from '../services';
import { BASE_PATH } from '../base-path';
import { keepToken } from './capability-cookie';

/** The cookie that keeps a page's capability token once it has left the address bar. */
export function tokenCookie(journeyId: string): string {
	return `klantreis_${journeyId}`;
}

/**
 * Access for the journey's pages (`/reis/<id>/...`). The token comes from the
 * role link's `?token=` once; the page then takes it out of the address bar
 * (so it is not shared by a screenshot, a bookmark or the history), and this
 * HttpOnly, SameSite=Strict cookie, scoped to the journey's pages, carries it
 * on reloads. Throws the 401/403/404 page otherwise.
 */
export async function pageAccess(
	journeyId: string,
	url: URL,
	cookies: Cookies,
	request: Request
): Promise<{ role: Role; token: string }> {
	const fromLink = url.searchParams.get('token');
	const token = fromLink ?? cookies.get(tokenCookie(journeyId));
	if (!token) {
		error(401, {
			message: 'Deze link is niet compleet: het token ontbreekt. Vraag de begeleider om de link opnieuw.'
		});
	}
	const s = services();
	if (!(await s.journeys.exists(journeyId))) error(404, { message: 'Deze klantreis bestaat niet (meer).' });
	const role = await s.auth.role(journeyId, token);
	if (!role) {
		if (!fromLink) cookies.delete(tokenCookie(journeyId), { path: `${BASE_PATH}/reis/${journeyId}` });
		error(403, {
			message:
				'Deze link geeft geen toegang (meer) tot deze klantreis. Vraag de begeleider om een nieuwe link.'
		});
	}
	if (fromLink) keepToken(cookies, tokenCookie(journeyId), token, `${BASE_PATH}/reis/${journeyId}`, request);
	return { role, token };
}
