import { json } from '@sveltejs/kit';
import { authorizeAdmin } from '$lib/server/api/admin';
import { apiError } from '$lib/server/api/http';
import { services } from '$lib/server/services';
import { CloseCode } from '$lib/sync/protocol';
import type { RequestHandler } from './$types';

/** Deletes a journey for good; its open sockets are closed first. */
export const DELETE: RequestHandler = async ({ request, params, getClientAddress }) => {
	const refused = authorizeAdmin(request, getClientAddress());
	if (refused) return refused;
	const s = services();
	if (!(await s.journeys.exists(params.id))) return apiError(404, 'Deze klantreis bestaat niet');
	const closed = s.sync.closeJourney(params.id, CloseCode.JourneyDeleted, 'deze klantreis is verwijderd');
	s.rooms.closeElsewhere(params.id, CloseCode.JourneyDeleted, 'deze klantreis is verwijderd');
	await s.journeys.delete(params.id);
	s.log(`Klantreis ${params.id} verwijderd door beheer (${closed} verbinding(en) gesloten)`);
	return json({ id: params.id, deleted: true, closed });
};
