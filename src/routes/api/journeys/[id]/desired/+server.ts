import { json } from '@sveltejs/kit';
import { apiError, authorize, writeHandler } from '$lib/server/api/http';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * Makes the gewenste reis (facilitator): a linked copy with its own links,
 * whose meta holds `basedOn: <id>`; `201 { id, tokens, links }`.
 */
export const POST: RequestHandler = writeHandler(async ({ request, params, getClientAddress }) => {
	const access = await authorize(request, params.id);
	if ('response' in access) return access.response;
	if (access.role !== 'facilitator') return apiError(403, 'Alleen de begeleider kan een gewenste reis maken');
	const s = services();
	if (!s.creations.take(getClientAddress())) {
		return apiError(429, 'Te veel nieuwe klantreizen vanaf dit adres; probeer het over een minuut opnieuw');
	}
	return json(await s.versions.makeDesired(params.id), { status: 201 });
});

/**
 * Both sides of the link (any role): `{ basedOn, desired: [{ id, title, createdAt }] }`,
 * the current journey this one is based on (or null) and the desired journeys made from it.
 */
export const GET: RequestHandler = async ({ request, params }) => {
	const access = await authorize(request, params.id);
	if ('response' in access) return access.response;
	const { versions } = services();
	return json({ basedOn: await versions.basedOn(params.id), desired: await versions.desiredOf(params.id) });
};
