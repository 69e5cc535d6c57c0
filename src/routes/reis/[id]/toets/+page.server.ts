import { buildToets } from '$lib/analysis/toets';
import { today } from './access.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent }) => {
	// Access (and the no-store header) come from the journey layout (+layout.server.ts).
	const { journey } = await parent();
	return { toets: buildToets(journey), date: today() };
};
