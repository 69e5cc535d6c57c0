import { pageAccess } from '$lib/server/auth/page-access';
import { services } from '$lib/server/services';
import type { PageServerLoad } from './$types';

/** The versions of a journey and its link to the current or the desired journeys. */
export const load: PageServerLoad = async ({ params, url, cookies, request }) => {
	const { role, token } = await pageAccess(params.id, url, cookies, request);
	// The page holds a capability token: never cache it anywhere.
	const s = services();
	const [{ journey }, versions, basedOn, desired] = await Promise.all([
		s.journeys.snapshot(params.id),
		s.versions.list(params.id),
		s.versions.basedOn(params.id),
		s.versions.desiredOf(params.id)
	]);
	return { id: params.id, role, token, title: journey.title, versions, basedOn, desired };
};
