import { config } from '$lib/server/config';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent }) => {
	// Access, the token and the journey come from the journey layout (+layout.server.ts).
	const { journey } = await parent();
	// The instance's vakafdelingen (DEPARTMENTS or the defaults), then any an existing
	// ticket already names, so nothing disappears.
	return {
		departments: [...new Set([...config().departments, ...journey.tickets.map((t) => t.department)])]
	};
};
