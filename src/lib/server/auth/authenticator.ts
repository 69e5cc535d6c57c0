import type { Role } from '$lib/sync/protocol';
import type { SqliteStore } from '../persistence/sqlite';
import { roleForToken } from './tokens';

/** Answers "what may this token do on this journey" for the REST API and the sync endpoint. */
export class Authenticator {
	constructor(private readonly store: SqliteStore) {}

	/** The role the token grants on the journey; null for a wrong token or an unknown journey. */
	role(journeyId: string, token: string): Role | null {
		const hashes = this.store.tokenHashes(journeyId);
		return hashes ? roleForToken(token, hashes) : null;
	}
}
