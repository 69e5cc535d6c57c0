import { json } from '@sveltejs/kit';
import { ReplyInput, toIssues } from '$lib/model';
import { authorizeDepartment, refusal } from '$lib/server/api/department';
import { apiError, readJson, writeHandler } from '$lib/server/api/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Adds a reply (reactie) to a ticket's thread; 201 with the reply, live in the journey at once. */
export const POST: RequestHandler = writeHandler(async ({ request, params }) => {
	const access = await authorizeDepartment(request);
	if ('response' in access) return access.response;
	const body = await readJson(request);
	if (!body.ok) return body.response;
	const parsed = ReplyInput.safeParse(body.value);
	if (!parsed.success) return apiError(400, 'De reactie klopt niet', toIssues(parsed.error));
	const outcome = await services().departments.reply(
		access.link,
		params.journeyId,
		params.ticketId,
		parsed.data
	);
	return typeof outcome === 'string' ? refusal(outcome) : json(outcome, { status: 201 });
});
