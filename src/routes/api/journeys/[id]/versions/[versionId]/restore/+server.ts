import { json } from '@sveltejs/kit';
import { apiError, authorize, writeHandler } from '$lib/server/api/http';
import { services } from '$lib/server/services';
import { VersionError } from '$lib/server/versions';
import type { RequestHandler } from './$types';

/**
 * A new journey from a version (facilitator): `201 { id, tokens, links }`.
 * The live journey is untouched; restoring never overwrites what others are editing.
 */
export const POST: RequestHandler = writeHandler(async ({ request, params, getClientAddress }) => {
	const access = await authorize(request, params.id);
	if ('response' in access) return access.response;
	if (access.role !== 'facilitator') {
		return apiError(403, 'Alleen de begeleider kan een versie terugzetten als nieuwe klantreis');
	}
	const s = services();
	if (!s.creations.take(getClientAddress())) {
		return apiError(429, 'Te veel nieuwe klantreizen vanaf dit adres; probeer het over een minuut opnieuw');
	}
	try {
		return json(await s.versions.restore(params.id, params.versionId), { status: 201 });
	} catch (e) {
		if (e instanceof VersionError) return apiError(e.status, e.message);
		throw e;
	}
});
