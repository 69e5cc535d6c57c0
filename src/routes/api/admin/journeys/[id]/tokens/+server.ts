import { json } from '@sveltejs/kit';
import { z } from 'zod';
import { authorizeAdmin } from '$lib/server/api/admin';
import { apiError, readJson } from '$lib/server/api/http';
import { services } from '$lib/server/services';
import { CloseCode, ROLES } from '$lib/sync/protocol';
import type { RequestHandler } from './$types';

/** Body of a rotation: which roles get a new token (all three when left out). */
const Rotation = z.object({ roles: z.array(z.enum(ROLES)).min(1).optional() }).strict();

/**
 * New tokens for a journey's roles. The old links stop working at once: REST
 * calls with them are refused and their open sockets closed with 4403.
 */
export const POST: RequestHandler = async ({ request, params, getClientAddress }) => {
	const refused = authorizeAdmin(request, getClientAddress());
	if (refused) return refused;
	const s = services();
	if (!(await s.journeys.exists(params.id))) return apiError(404, 'Deze klantreis bestaat niet');
	let body: unknown = {};
	if (request.headers.get('content-length') !== '0' && request.body) {
		const read = await readJson(request);
		if (!read.ok) return read.response;
		body = read.value ?? {};
	}
	const parsed = Rotation.safeParse(body);
	if (!parsed.success) {
		return apiError(
			400,
			'Kies de rollen om te vernieuwen: { roles: ["facilitator", "editor", "viewer"] }',
			parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
		);
	}
	const roles = [...new Set(parsed.data.roles ?? ROLES)];
	const { tokens, links } = await s.journeys.rotateTokens(params.id, roles);
	const closed = s.sync.closeJourney(params.id, CloseCode.Forbidden, 'deze link is ingetrokken', roles);
	s.rooms.closeElsewhere(params.id, CloseCode.Forbidden, 'deze link is ingetrokken', roles);
	s.log(
		`Tokens van klantreis ${params.id} vernieuwd (${roles.join(', ')}); ${closed} verbinding(en) gesloten`
	);
	return json({ id: params.id, tokens, links, closed });
};
