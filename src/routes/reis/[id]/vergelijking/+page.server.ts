import { comparisonFromLink } from './compare.server';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, url, cookies, request }) => {
	return { id: params.id, ...(await comparisonFromLink(params.id, url, cookies, request)) };
};
