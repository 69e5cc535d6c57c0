import type { Role } from '$lib/sync/protocol';
import { isPromise, type MaybePromise, type Store } from '../persistence/store';
import { roleForToken } from './tokens';

/** Answers "what may this token do on this journey" for the REST API and the sync endpoint. */
export class Authenticator {
	constructor(private readonly store: Store) {}

	/**
	 * The role the token grants on the journey; null for a wrong token or an
	 * unknown journey. Synchronous with the embedded store, so a socket upgrade
	 * is decided without a tick; a Promise with PostgreSQL.
	 */
	role(journeyId: string, token: string): MaybePromise<Role | null> {
		const hashes = this.store.tokenHashes(journeyId);
		if (isPromise(hashes)) return hashes.then((h) => (h ? roleForToken(token, h) : null));
		return hashes ? roleForToken(token, hashes) : null;
	}
}
