import type { Cookies } from '@sveltejs/kit';
import type { Journey } from '$lib/model';
import { pageAccess } from '$lib/server/auth/page-access';
import { services } from '$lib/server/services';

/**
 * The journey behind a role link (`?token=`) or the journey's page cookie, as
 * the journey page loads it: 401 without a token, 404 for an unknown journey,
 * 403 for a wrong token.
 */
export async function journeyFromLink(
	id: string,
	url: URL,
	cookies: Cookies,
	request: Request
): Promise<{ journey: Journey; token: string }> {
	const { token } = await pageAccess(id, url, cookies, request);
	return { journey: (await services().journeys.snapshot(id)).journey, token };
}

export function today(): string {
	return new Date().toLocaleDateString('nl-NL', { day: 'numeric', month: 'long', year: 'numeric' });
}
