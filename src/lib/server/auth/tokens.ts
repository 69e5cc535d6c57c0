import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ROLES, type Role } from '$lib/sync/protocol';

/** A capability secret: 256 random bits, URL-safe. */
export function generateToken(): string {
	return randomBytes(32).toString('base64url');
}

/**
 * Tokens are stored as SHA-256 hashes. A slow password hash buys nothing for
 * 256-bit random secrets, and a fast one keeps every socket upgrade cheap.
 */
export function hashToken(token: string): string {
	return createHash('sha256').update(token, 'utf8').digest('hex');
}

export type TokenHashes = Record<Role, string>;

/**
 * The editor and viewer tokens are derived from the facilitator's (HMAC), so
 * the facilitator page can show all three links while the server keeps only
 * hashes; holding an editor or viewer token reveals nothing of the others.
 */
export function tokensFromFacilitator(facilitator: string): Record<Role, string> {
	const derive = (role: Role) =>
		createHmac('sha256', facilitator).update(`klantreis:${role}`).digest('base64url');
	return { facilitator, editor: derive('editor'), viewer: derive('viewer') };
}

export function issueTokens(): { tokens: Record<Role, string>; hashes: TokenHashes } {
	const tokens = tokensFromFacilitator(generateToken());
	const hashes = Object.fromEntries(ROLES.map((r) => [r, hashToken(tokens[r])])) as TokenHashes;
	return { tokens, hashes };
}

/**
 * The role a token grants, or null. Compares against every role's hash in
 * constant time, so neither the role nor a near miss shows in the timing.
 */
export function roleForToken(token: string, hashes: TokenHashes): Role | null {
	const candidate = Buffer.from(hashToken(token), 'hex');
	let found: Role | null = null;
	for (const role of ROLES) {
		const stored = Buffer.from(hashes[role], 'hex');
		if (stored.length === candidate.length && timingSafeEqual(stored, candidate) && found === null) {
			found = role;
		}
	}
	return found;
}

/** A short random id for a new journey (ids are not secrets; tokens are). */
export function newJourneyId(): string {
	return randomBytes(9).toString('base64url').replace(/[-_]/g, 'x');
}
