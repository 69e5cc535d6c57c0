import { json } from '@sveltejs/kit';
import { services } from '$lib/server/services';
import type { RequestHandler } from './$types';

/** The persona library of this instance. */
export const GET: RequestHandler = () => json(services().store.listPersonas());
