import { error } from '@sveltejs/kit';
import { services } from '$lib/server/services';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ params, url, setHeaders }) => {
	const token = url.searchParams.get('token');
	if (!token)
		error(401, {
			message: 'Deze link is niet compleet: het token ontbreekt. Vraag de begeleider om de link opnieuw.'
		});
	const s = services();
	if (!s.journeys.exists(params.id)) error(404, { message: 'Deze klantreis bestaat niet (meer).' });
	const role = s.auth.role(params.id, token);
	if (!role) error(403, { message: 'Deze link geeft geen toegang tot deze klantreis.' });
	// The page holds a capability token: never cache it anywhere.
	setHeaders({ 'cache-control': 'no-store' });
	return { id: params.id, role, token, journey: s.journeys.snapshot(params.id).journey };
};
