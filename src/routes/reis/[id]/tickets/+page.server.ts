import { env } from '$env/dynamic/private';
import { pageAccess } from '$lib/server/auth/page-access';
import { services } from '$lib/server/services';
import { departmentList } from './departments';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url, cookies, request, setHeaders }) => {
	const { role, token } = await pageAccess(params.id, url, cookies, request);
	const s = services();
	// The page holds a capability token: never cache it anywhere.
	setHeaders({ 'cache-control': 'no-store' });
	const { journey } = await s.journeys.snapshot(params.id);
	return {
		id: params.id,
		role,
		token,
		journey,
		departments: departmentList(
			env.DEPARTMENTS,
			journey.tickets.map((t) => t.department)
		)
	};
};
