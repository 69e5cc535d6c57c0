import { json } from '@sveltejs/kit';
import { toIssues } from '$lib/model';
import { apiError, authorize, readJson } from '$lib/server/api/http';
import { services } from '$lib/server/services';
import { VersionName } from '$lib/server/versions';
import type { RequestHandler } from './$types';

/** Saves the journey as it is now under a name (facilitator, editor): `201 { id, name, createdAt }`. */
export const POST: RequestHandler = async ({ request, params, getClientAddress }) => {
	const access = await authorize(request, params.id);
	if ('response' in access) return access.response;
	if (access.role === 'viewer') return apiError(403, 'Met een kijklink kunt u geen versie bewaren');
	// A version is a copy of the whole document: it shares the per-address budget of new journeys.
	if (!services().creations.take(getClientAddress())) {
		return apiError(
			429,
			'Te veel nieuwe versies of klantreizen vanaf dit adres; probeer het over een minuut opnieuw'
		);
	}
	const body = await readJson(request);
	if (!body.ok) return body.response;
	const parsed = VersionName.safeParse(body.value);
	if (!parsed.success) return apiError(400, 'De versie klopt niet', toIssues(parsed.error));
	return json(await services().versions.save(params.id, parsed.data.name), { status: 201 });
};

/** The versions of a journey, newest first (any role): `[{ id, name, createdAt, auto }]`. */
export const GET: RequestHandler = async ({ request, params }) => {
	const access = await authorize(request, params.id);
	if ('response' in access) return access.response;
	return json(await services().versions.list(params.id));
};
