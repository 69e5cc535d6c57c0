import { json } from '@sveltejs/kit';
import { DepartmentLinkInput, toIssues } from '$lib/model';
import { authorizeAdmin } from '$lib/server/api/admin';
import { apiError, readJson } from '$lib/server/api/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** Every afdelingslink, oldest first, without tokens (only their hashes are kept). */
export const GET: RequestHandler = async ({ request, getClientAddress }) => {
	const refused = authorizeAdmin(request, getClientAddress());
	if (refused) return refused;
	return json(await services().departments.list());
};

/** Makes an afdelingslink for one vakafdeling (or all: null); the token is in this answer only. */
export const POST: RequestHandler = async ({ request, getClientAddress }) => {
	const refused = authorizeAdmin(request, getClientAddress());
	if (refused) return refused;
	const body = await readJson(request);
	if (!body.ok) return body.response;
	const parsed = DepartmentLinkInput.safeParse(body.value);
	if (!parsed.success) return apiError(400, 'De afdelingslink klopt niet', toIssues(parsed.error));
	return json(await services().departments.create(parsed.data.department), { status: 201 });
};
