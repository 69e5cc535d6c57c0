import { env } from '$env/dynamic/private';
import { departmentList } from './departments';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent }) => {
	// Access, the token and the journey come from the journey layout (+layout.server.ts).
	const { journey } = await parent();
	return {
		departments: departmentList(
			env.DEPARTMENTS,
			journey.tickets.map((t) => t.department)
		)
	};
};
