import { json } from '@sveltejs/kit';
import type { Issue } from '$lib/model';
import type { Role } from '$lib/sync/protocol';
import { ValidationError } from '$lib/sync/write';
import { services } from '../services';

/** The contract's error body: `{ error, issues?: [{ path, message }] }`. */
export function apiError(status: number, error: string, issues?: Issue[]): Response {
	return json(issues ? { error, issues } : { error }, { status });
}

/**
 * Wraps the handler of an API call that writes a journey's doc on the server
 * (through `rooms.change`, or a new journey's doc). A write the write path
 * refuses (`ValidationError`, write.ts: a reference to nothing, an id in use, a
 * value past a limit that the route's own input check let through) answers
 * like a body that fails its schema: 400 with the paths. Nothing was written:
 * the write path validates before it transacts.
 */
export function writeHandler<E>(handler: (event: E) => Promise<Response>): (event: E) => Promise<Response> {
	return async (event) => {
		try {
			return await handler(event);
		} catch (e) {
			if (e instanceof ValidationError) return apiError(400, 'De wijziging klopt niet', e.issues);
			throw e;
		}
	};
}

/** Reads a JSON body; a Response (400/413) when it cannot be read. */
export async function readJson(
	request: Request
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
	const max = services().config.limits.maxBodyBytes;
	const length = Number(request.headers.get('content-length') ?? '0');
	if (length > max) return { ok: false, response: apiError(413, `De inhoud is groter dan ${max} bytes`) };
	let text: string;
	try {
		const read = await readText(request, max);
		if (read === null) return { ok: false, response: apiError(413, `De inhoud is groter dan ${max} bytes`) };
		text = read;
	} catch (e) {
		// adapter-node stops a body that runs past BODY_SIZE_LIMIT (a chunked upload, a false length).
		if ((e as { status?: number } | null)?.status === 413) {
			return { ok: false, response: apiError(413, `De inhoud is groter dan ${max} bytes`) };
		}
		return { ok: false, response: apiError(400, 'De inhoud kon niet worden gelezen') };
	}
	try {
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch (e) {
		return {
			ok: false,
			response: apiError(400, 'De inhoud is geen geldige JSON', [
				{ path: '', message: e instanceof Error ? e.message : 'Onleesbare JSON' }
			])
		};
	}
}

/**
 * A body as text, counting bytes as they arrive: null past `max`, so a chunked
 * upload without a length is stopped there, not held whole in memory (the
 * server-wide BODY_SIZE_LIMIT is as large as the contact import needs).
 */
export async function readText(request: Request, max: number): Promise<string | null> {
	if (!request.body) return '';
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let seen = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		seen += value.byteLength;
		if (seen > max) {
			await reader.cancel();
			return null;
		}
		chunks.push(value);
	}
	return Buffer.concat(chunks).toString('utf8');
}

/** The bearer token of a request, or null. */
export function bearerToken(request: Request): string | null {
	const header = request.headers.get('authorization');
	const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
	return match ? match[1] : null;
}

/**
 * The role a request holds on a journey, or the error Response: 401 without
 * a token, 404 for an unknown journey, 403 for a token that does not open it.
 */
export async function authorize(
	request: Request,
	journeyId: string
): Promise<{ role: Role } | { response: Response }> {
	const token = bearerToken(request);
	if (!token) return { response: apiError(401, 'Geef een token mee: Authorization: Bearer <token>') };
	const s = services();
	if (!(await s.journeys.exists(journeyId)))
		return { response: apiError(404, 'Deze klantreis bestaat niet') };
	const role = await s.auth.role(journeyId, token);
	if (!role) return { response: apiError(403, 'Dit token geeft geen toegang tot deze klantreis') };
	return { role };
}
