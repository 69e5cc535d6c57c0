import { json } from '@sveltejs/kit';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/**
 * `{ status: 'ok', ... }` while this instance can serve; 503 with
 * `status: 'unavailable'` when its database or Redis does not answer or it
 * is stopping, so a load balancer sends no one here.
 */
export const GET: RequestHandler = async () => {
	const health = await services().health();
	return json(health, {
		status: health.status === 'ok' ? 200 : 503,
		headers: { 'cache-control': 'no-store' }
	});
};
