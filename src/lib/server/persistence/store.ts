import type { TokenHashes } from '../auth/tokens';

/**
 * A value now (the embedded SQLite store answers synchronously) or later
 * (PostgreSQL). Callers `await` it; code on the hot path (the room's write
 * queue) checks for a Promise, so the SQLite path stays free of extra ticks.
 */
export type Maybe<T> = T | Promise<T>;

export function isPromise<T>(value: Maybe<T>): value is Promise<T> {
	return typeof (value as Promise<T> | null)?.then === 'function';
}

/** Raised when the database cannot be opened or read; the server must not start empty. */
export class StorageError extends Error {
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'StorageError';
	}
}

export type StoredDoc = { snapshot: Uint8Array | null; updates: Uint8Array[] };

export type JourneyRow = { id: string; title: string; createdAt: number; storedBytes: number };

/**
 * Where journeys, their Yjs updates and snapshots, tokens (hashed), the
 * persona library and the templates live. Two implementations with the same
 * semantics: the embedded SQLite file (the default) and PostgreSQL
 * (DATABASE_URL), which several instances share.
 *
 * - An update is stored (its promise resolved) before anyone else sees it.
 * - `compact` never loses an update: the stored document afterwards holds
 *   `state` and everything stored before, also what another instance stored.
 * - The schema is migrated at start-up, once, also when instances start together.
 */
export interface Store {
	readonly kind: 'sqlite' | 'postgres';
	/** Checks the database answers (health). */
	ping(): Maybe<void>;
	close(): Maybe<void>;

	createJourney(id: string, title: string, state: Uint8Array, hashes: TokenHashes): Maybe<void>;
	journeyExists(id: string): Maybe<boolean>;
	tokenHashes(id: string): Maybe<TokenHashes | null>;
	setTitle(id: string, title: string): Maybe<void>;
	/** Every journey with its stored size, newest first (for the instance administrator). */
	listJourneys(): Maybe<JourneyRow[]>;
	/** Deletes a journey with its tokens, snapshot and updates; false when there was none. */
	deleteJourney(id: string): Maybe<boolean>;
	/** Replaces the token hashes of the given roles in one transaction. */
	replaceTokenHashes(id: string, hashes: Partial<TokenHashes>): Maybe<void>;

	loadDoc(id: string): Maybe<StoredDoc>;
	/** Appends one update; resolved once it is durable. */
	appendUpdate(id: string, update: Uint8Array): Maybe<void>;
	/**
	 * Appends several updates in one transaction, synchronously (the embedded
	 * store only): all are durable when it returns, or it throws and none is.
	 */
	appendUpdates?(rows: readonly (readonly [id: string, update: Uint8Array])[]): void;
	/** Replaces the stored updates by one snapshot that holds `state` and every stored update. */
	compact(id: string, state: Uint8Array): Maybe<void>;

	listPersonas(): Maybe<unknown[]>;
	putPersona(id: string, persona: unknown): Maybe<void>;
	getPersona(id: string): Maybe<unknown>;
	/** Removes a persona from the library; false when there was none. Journeys keep their own copies. */
	deletePersona(id: string): Maybe<boolean>;
	listTemplates(): Maybe<unknown[]>;
	getTemplate(id: string): Maybe<unknown>;
	putTemplate(id: string, journey: unknown): Maybe<void>;
	getSetting(key: string): Maybe<string | null>;
	setSetting(key: string, value: string): Maybe<void>;
}
