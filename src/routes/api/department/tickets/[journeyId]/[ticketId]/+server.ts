import { json } from '@sveltejs/kit';
import { TicketPatch, toIssues } from '$lib/model';
import { authorizeDepartment, refusal } from '$lib/server/api/department';
import { apiError, readJson, writeHandler } from '$lib/server/api/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Sets a ticket's status, due date (or effort) from the back office; 200 with the ticket. */
export const PATCH: RequestHandler = writeHandler(async ({ request, params }) => {
	const access = await authorizeDepartment(request);
	if ('response' in access) return access.response;
	const body = await readJson(request);
	if (!body.ok) return body.response;
	const parsed = TicketPatch.safeParse(body.value);
	if (!parsed.success) return apiError(400, 'De wijziging klopt niet', toIssues(parsed.error));
	const outcome = await services().departments.patch(
		access.link,
		params.journeyId,
		params.ticketId,
		parsed.data
	);
	return typeof outcome === 'string' ? refusal(outcome) : json(outcome);
});
