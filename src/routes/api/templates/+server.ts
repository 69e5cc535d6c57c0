import { json } from '@sveltejs/kit';
import { templateSummaries } from '$lib/server/templates';
import type { RequestHandler } from './$types';

/** The journey templates (from `journeys/`), summarised. */
export const GET: RequestHandler = async () => json(await templateSummaries());
