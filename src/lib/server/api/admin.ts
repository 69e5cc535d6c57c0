import { createHash, timingSafeEqual } from 'node:crypto';
import { services } from '../services';
import { apiError, bearerToken } from './http';

function digest(value: string): Buffer {
	return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Admits the instance administrator (Bearer ADMIN_TOKEN), or answers with the
 * error: 404 when no ADMIN_TOKEN is set (the admin API does not exist then),
 * 401 for a missing or wrong token, 429 after repeated wrong tokens from one address.
 * The lockout is checked before the token, so during it the right token also
 * gets 429: otherwise the answer (200 or 429) would still tell a guesser when
 * a guess was right.
 */
export function authorizeAdmin(request: Request, address: string): Response | null {
	const s = services();
	const expected = s.config.adminToken;
	if (!expected) return apiError(404, 'Beheer staat uit: zet ADMIN_TOKEN om het te gebruiken');
	const locked = () =>
		apiError(429, 'Te veel mislukte pogingen vanaf dit adres; probeer het over een minuut opnieuw');
	if (s.adminFailures.exhausted(address)) return locked();
	const token = bearerToken(request);
	// Hashes of equal length, compared in constant time: the timing gives nothing away.
	if (token && timingSafeEqual(digest(token), digest(expected))) return null;
	if (!s.adminFailures.take(address)) return locked();
	return apiError(401, 'Geef het beheertoken mee: Authorization: Bearer <ADMIN_TOKEN>');
}
