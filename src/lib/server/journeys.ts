import * as Y from 'yjs';
import type { Journey, JourneyInput } from '$lib/model';
import { readJourney, writeJourney, type Problem } from '$lib/sync/journey-doc';
import { SEED_ORIGIN } from '$lib/sync/origins';
import { ROLES, sessionRoomId, type Role } from '$lib/sync/protocol';
import { generateToken, hashToken, issueTokens, newJourneyId } from './auth/tokens';
import type { Store } from './persistence/store';
import type { Rooms } from './sync/rooms';
import { BASE_PATH } from './base-path';

export type CreatedJourney = {
	id: string;
	tokens: Record<Role, string>;
	links: Record<Role, string>;
};

/** The page path (under the base path) that opens a journey in the role of its token. */
export function journeyLink(id: string, token: string): string {
	return `${BASE_PATH}/reis/${encodeURIComponent(id)}?token=${encodeURIComponent(token)}`;
}

/** Creating journeys and reading their snapshots from the live document. */
export class Journeys {
	constructor(
		private readonly store: Store,
		private readonly rooms: Rooms,
		private readonly log: (message: string) => void
	) {}

	/**
	 * Stores a new journey under a freshly minted id; the input's own id is
	 * ignored, and so is its `basedOn` unless the server sets it (a gewenste
	 * reis, see versions.ts): a posted file cannot claim to be another's copy.
	 */
	async create(input: JourneyInput, options: { basedOn?: string } = {}): Promise<CreatedJourney> {
		const id = newJourneyId();
		const doc = new Y.Doc();
		try {
			writeJourney(doc, { ...input, id, basedOn: options.basedOn } as Journey, SEED_ORIGIN);
			const { tokens, hashes } = issueTokens();
			await this.store.createJourney(id, input.title, Y.encodeStateAsUpdate(doc), hashes);
			const links = Object.fromEntries(ROLES.map((r) => [r, journeyLink(id, tokens[r])])) as Record<
				Role,
				string
			>;
			return { id, tokens, links };
		} finally {
			doc.destroy();
		}
	}

	/** Every journey on the instance, for the administrator; no tokens (only their hashes are stored). */
	async list(): Promise<{ id: string; title: string; createdAt: string; storedBytes: number }[]> {
		return (await this.store.listJourneys()).map((j) => ({
			...j,
			createdAt: new Date(j.createdAt).toISOString()
		}));
	}

	/**
	 * Deletes a journey for good. The caller closes its sockets first; the room
	 * is unloaded without storing it, so nothing writes it back.
	 */
	async delete(id: string): Promise<boolean> {
		this.rooms.discard(id);
		this.rooms.discard(sessionRoomId(id));
		// The store deletes the trainer session's doc with the journey (ON DELETE CASCADE).
		return this.store.deleteJourney(id);
	}

	/** New tokens for the given roles; the old ones stop working at once. */
	async rotateTokens(
		id: string,
		roles: readonly Role[]
	): Promise<{ tokens: Partial<Record<Role, string>>; links: Partial<Record<Role, string>> }> {
		const tokens = Object.fromEntries(roles.map((r) => [r, generateToken()])) as Partial<
			Record<Role, string>
		>;
		await this.store.replaceTokenHashes(id, Object.fromEntries(roles.map((r) => [r, hashToken(tokens[r]!)])));
		const links = Object.fromEntries(roles.map((r) => [r, journeyLink(id, tokens[r]!)]));
		return { tokens, links };
	}

	async exists(id: string): Promise<boolean> {
		return this.store.journeyExists(id);
	}

	/** The journey as it is now, valid against the schema; left-out entries are logged. */
	async snapshot(id: string): Promise<{ journey: Journey; problems: Problem[] }> {
		// Cached per document version in a loaded room: the result is shared, never changed by callers.
		const result = await this.rooms.withDoc(id, (doc) => readJourney(doc, id), 'snapshot');
		if (result.problems.length > 0) {
			this.log(
				`Klantreis ${id}: ${result.problems.length} onderdeel/onderdelen weggelaten uit de momentopname: ` +
					result.problems
						.slice(0, 5)
						.map((p) => `${p.path}: ${p.message}`)
						.join('; ')
			);
		}
		return result;
	}
}
