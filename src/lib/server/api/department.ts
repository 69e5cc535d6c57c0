import type { DepartmentLink } from '../departments';
import { services } from '../services';
import { apiError, bearerToken } from './http';

/**
 * The afdelingslink a request holds, or the error Response: 401 without a
 * token, 403 for a token that opens no link (never made, or deleted: a
 * deleted link is cut off at once, since every request looks it up).
 */
export async function authorizeDepartment(
	request: Request
): Promise<{ link: DepartmentLink } | { response: Response }> {
	const token = bearerToken(request);
	if (!token)
		return {
			response: apiError(401, 'Geef het token van de afdelingslink mee: Authorization: Bearer <token>')
		};
	const link = await services().departments.byToken(token);
	if (!link) return { response: apiError(403, 'Deze afdelingslink geeft geen toegang (meer)') };
	return { link };
}

/** The answer to a change the department may not or cannot make. */
export function refusal(outcome: 'missing' | 'forbidden'): Response {
	return outcome === 'missing'
		? apiError(404, 'Deze klantreis of dit ticket bestaat niet')
		: apiError(403, 'Dit ticket hoort bij een andere vakafdeling');
}
