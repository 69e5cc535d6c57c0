import type { ContactFigure } from '$lib/analysis/contacts';
import { journeyOfSessionRoom } from '$lib/sync/protocol';
import type { TokenHashes } from '../auth/tokens';

/**
 * A value now (the embedded SQLite store answers synchronously) or later
 * (PostgreSQL). Callers `await` it; code on the hot path (the room's write
 * queue) checks for a Promise, so the SQLite path stays free of extra ticks.
 */
export type MaybePromise<T> = T | Promise<T>;

export function isPromise<T>(value: MaybePromise<T>): value is Promise<T> {
	return typeof (value as Promise<T> | null)?.then === 'function';
}

/** Raised when the database cannot be opened or read; the server must not start empty. */
export class StorageError extends Error {
	constructor(message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.name = 'StorageError';
	}
}

/**
 * Where a room's document is stored: a journey's own (`doc_snapshots`,
 * `doc_updates`), or its trainer session's (room `<id>/sessie`:
 * `session_snapshots`, `session_updates`), both keyed by the journey id and
 * deleted with the journey. The table names are constants, never input.
 */
export function docTables(room: string): { id: string; snapshots: string; updates: string } {
	const journeyId = journeyOfSessionRoom(room);
	return journeyId === null
		? { id: room, snapshots: 'doc_snapshots', updates: 'doc_updates' }
		: { id: journeyId, snapshots: 'session_snapshots', updates: 'session_updates' };
}

export type StoredDoc = { snapshot: Uint8Array | null; updates: Uint8Array[] };

export type JourneyRow = { id: string; title: string; createdAt: number; storedBytes: number };

/** An afdelingslink as stored: its token only as a hash. `department` null opens every department. */
export type DepartmentLinkRow = { id: string; department: string | null; createdAt: number };

/**
 * A journey with a stamp that changes whenever its stored document does (a
 * new update row or a new snapshot): the department index keys its cached
 * tickets on it, so it reads only the journeys that changed.
 */
export type JourneyStamp = { id: string; title: string; stamp: string };

/**
 * A version (versie) of a journey as stored: `state` is the Yjs state of the
 * doc at `createdAt` (`Y.encodeStateAsUpdate`), packed (see versions.ts).
 * `autoDay` is the day (`YYYY-MM-DD`, Europe/Amsterdam) of an automatic
 * version, null for a named one.
 */
export type VersionRow = {
	id: string;
	journeyId: string;
	name: string;
	createdAt: number;
	autoDay: string | null;
	storedBytes: number;
};
export type StoredVersion = VersionRow & { state: Uint8Array };

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
	ping(): MaybePromise<void>;
	close(): MaybePromise<void>;

	createJourney(id: string, title: string, state: Uint8Array, hashes: TokenHashes): MaybePromise<void>;
	journeyExists(id: string): MaybePromise<boolean>;
	tokenHashes(id: string): MaybePromise<TokenHashes | null>;
	setTitle(id: string, title: string): MaybePromise<void>;
	/** Every journey with its stored size, newest first (for the instance administrator). */
	listJourneys(): MaybePromise<JourneyRow[]>;
	/** Deletes a journey with its tokens, snapshot and updates; false when there was none. */
	deleteJourney(id: string): MaybePromise<boolean>;
	/** Replaces the token hashes of the given roles in one transaction. */
	replaceTokenHashes(id: string, hashes: Partial<TokenHashes>): MaybePromise<void>;

	/** A room's document (a journey id, or `<id>/sessie` for its trainer session: see docTables). */
	loadDoc(id: string): MaybePromise<StoredDoc>;
	/** Appends one update; resolved once it is durable. */
	appendUpdate(id: string, update: Uint8Array): MaybePromise<void>;
	/**
	 * Appends several updates in one transaction, synchronously (the embedded
	 * store only): all are durable when it returns, or it throws and none is.
	 */
	appendUpdates?(rows: readonly (readonly [id: string, update: Uint8Array])[]): void;
	/** Replaces the stored updates by one snapshot that holds `state` and every stored update. */
	compact(id: string, state: Uint8Array): MaybePromise<void>;

	// --- versions and the desired journey (#19) ---

	/**
	 * Stores a version. An automatic one (`autoDay` set) replaces the one of
	 * the same journey and day, keeping its id: one per day with edits.
	 */
	putVersion(version: StoredVersion): MaybePromise<void>;
	/** The versions of a journey without their state, newest first. */
	listVersions(journeyId: string): MaybePromise<VersionRow[]>;
	/** One version with its packed state; null when the journey has no such version. */
	getVersion(journeyId: string, versionId: string): MaybePromise<StoredVersion | null>;
	/** Remembers the display name behind a Yjs client id that wrote to a journey (last name wins). */
	putEditor(journeyId: string, clientId: number, name: string): MaybePromise<void>;
	/** Display names by Yjs client id for the given ids. */
	editorNames(journeyId: string, clientIds: number[]): MaybePromise<Map<number, string>>;
	/** Records that `journeyId` is the gewenste reis of `basedOn`. */
	linkDesired(journeyId: string, basedOn: string): MaybePromise<void>;
	/** The journey a desired journey is based on, by the server's own record (never the doc alone). */
	basedOn(journeyId: string): MaybePromise<string | null>;
	/** The desired journeys made from a journey, newest first. */
	desiredOf(journeyId: string): MaybePromise<{ id: string; title: string; createdAt: number }[]>;

	listPersonas(): MaybePromise<unknown[]>;
	putPersona(id: string, persona: unknown): MaybePromise<void>;
	getPersona(id: string): MaybePromise<unknown>;
	/** Removes a persona from the library; false when there was none. Journeys keep their own copies. */
	deletePersona(id: string): MaybePromise<boolean>;
	listTemplates(): MaybePromise<unknown[]>;
	getTemplate(id: string): MaybePromise<unknown>;
	putTemplate(id: string, journey: unknown): MaybePromise<void>;
	getSetting(key: string): MaybePromise<string | null>;
	setSetting(key: string, value: string): MaybePromise<void>;

	/**
	 * Replaces a journey's contact figures of the given months by `figures`, in one
	 * transaction (an import replaces the months it covers, so importing the same
	 * export twice changes nothing). Counts only: no row of an export is stored.
	 */
	replaceContactFigures(
		journeyId: string,
		months: readonly string[],
		figures: readonly ContactFigure[]
	): MaybePromise<void>;
	/** Every contact figure of a journey (per month, onderwerp and kanaal). */
	contactFigures(journeyId: string): MaybePromise<ContactFigure[]>;
	/** Every journey with a stamp of its stored document (department index). */
	journeyStamps(): MaybePromise<JourneyStamp[]>;
	/** Afdelingslinks (department links): the token is stored as its hash only. */
	createDepartmentLink(
		id: string,
		department: string | null,
		tokenHash: string
	): MaybePromise<DepartmentLinkRow>;
	/** Every afdelingslink, oldest first; no hashes. */
	listDepartmentLinks(): MaybePromise<DepartmentLinkRow[]>;
	/** The link a token hash belongs to, or null (deleted or never made). */
	departmentLinkByHash(tokenHash: string): MaybePromise<DepartmentLinkRow | null>;
	/** Deletes a link; it stops working at once. False when there was none. */
	deleteDepartmentLink(id: string): MaybePromise<boolean>;
}
