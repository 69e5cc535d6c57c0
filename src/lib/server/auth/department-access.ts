import { error, type Cookies } from '@sveltejs/kit';
import type { DepartmentLink } from '../departments';
import { services } from '../services';
import { BASE_PATH } from '../base-path';
import { keepToken } from './capability-cookie';

/** The cookie that keeps an afdelingslink's token once it has left the address bar. */
export const DEPARTMENT_COOKIE = 'klantreis_afdeling';
/** Under BASE_PATH, as the browser sees the page (a cookie for `/afdeling` would never be sent). */
const COOKIE_PATH = `${BASE_PATH}/afdeling`;

/**
 * Access for the department page (`/afdeling`), as `pageAccess` does for a
 * journey: the token comes from the link's `?token=` once, the page takes it
 * out of the address bar, and this HttpOnly, SameSite=Strict cookie scoped to
 * `/afdeling` carries it on reloads, form posts and downloads. The link is
 * looked up on every request, so a deleted link is refused at once (403).
 */
export async function departmentPageAccess(
	url: URL,
	cookies: Cookies,
	request: Request
): Promise<{ link: DepartmentLink }> {
	const fromLink = url.searchParams.get('token');
	const token = fromLink ?? cookies.get(DEPARTMENT_COOKIE);
	if (!token) {
		error(401, {
			message:
				'Deze link is niet compleet: het token ontbreekt. Vraag de beheerder om de afdelingslink opnieuw.'
		});
	}
	const link = await services().departments.byToken(token);
	if (!link) {
		if (!fromLink) cookies.delete(DEPARTMENT_COOKIE, { path: COOKIE_PATH });
		error(403, {
			message: 'Deze afdelingslink geeft geen toegang (meer). Vraag de beheerder om een nieuwe link.'
		});
	}
	if (fromLink) keepToken(cookies, DEPARTMENT_COOKIE, token, COOKIE_PATH, request);
	return { link };
}
