import * as Y from 'yjs';
import { z } from 'zod';
import {
	compareJourneys,
	versionChanges,
	type JourneyComparison,
	type VersionChanges
} from '$lib/analysis/compare';
import type { Journey } from '$lib/model';
import { Presence } from '$lib/sync/awareness';
import { readJourney } from '$lib/sync/journey-doc';
import type { Journeys, CreatedJourney } from './journeys';
import type { Store, VersionRow } from './persistence/store';
import { newVersionId, packState, unpackState } from './persistence/versions';
import type { Room, Rooms } from './sync/rooms';

/**
 * Names remembered per loaded room at most: every page load is a new Yjs
 * client id, and a client that reconnects in a loop must not grow the table
 * without end.
 */
const MAX_EDITORS_PER_ROOM = 1000;

/** A version (versie) as the API lists it. */
export type VersionInfo = { id: string; name: string; createdAt: string; auto: boolean };

/** A version's name as a person gives it ("na workshop 12 maart"). */
export const VersionName = z.object({
	name: z
		.string({ error: 'Geef de versie een naam' })
		.trim()
		.min(1, 'Geef de versie een naam')
		.max(120, 'Een naam is hoogstens 120 tekens')
});

/** What a version's page shows about where it came from: what changed, and who edited. */
export type VersionDetail = {
	version: VersionInfo;
	journey: Journey;
	/** The version before it (older), or null for the first. */
	previous: VersionInfo | null;
	/** Steps, pain points and tickets that changed since `previous` (everything is "added" for the first). */
	changes: VersionChanges;
	/** Display names of the people whose edits are in this version and not in the previous one. */
	editors: string[];
	/** Titles of what was removed (from the previous version), by id. */
	removedTitles: Record<string, string>;
};

export class VersionError extends Error {
	constructor(
		readonly status: 404 | 409,
		message: string
	) {
		super(message);
	}
}

function info(row: VersionRow): VersionInfo {
	return {
		id: row.id,
		name: row.name,
		createdAt: new Date(row.createdAt).toISOString(),
		auto: row.autoDay !== null
	};
}

/** The client ids in a Yjs state and how far each got (its state vector). */
function clocks(state: Uint8Array): Map<number, number> {
	return Y.decodeStateVector(Y.encodeStateVectorFromUpdate(state));
}

/**
 * Named and automatic versions of a journey, the gewenste reis made from
 * one, and their comparison. Versions are packed Yjs states in the store
 * (see persistence/versions.ts); reading one builds a doc from it and reads
 * it back with readJourney, like the live snapshot, so it validates.
 */
export class Versions {
	constructor(
		private readonly store: Store,
		private readonly rooms: Rooms,
		private readonly journeys: Journeys,
		private readonly log: (message: string) => void
	) {}

	/**
	 * Remembers the display names of the people who may edit a journey, as
	 * their awareness announces them: the Yjs client id of their doc is the
	 * awareness client id, so a version's state vector says whose edits it
	 * holds. Only new or renamed names are written.
	 */
	watchEditors(room: Room): void {
		const known = new Map<number, string>();
		room.awareness.on(
			'update',
			({ added, updated }: { added: number[]; updated: number[] }, origin: unknown) => {
				const role = (origin as { role?: string } | null)?.role;
				if (role !== 'facilitator' && role !== 'editor') return;
				for (const clientId of [...added, ...updated]) {
					const parsed = Presence.safeParse(room.awareness.getStates().get(clientId));
					if (!parsed.success || known.get(clientId) === parsed.data.user.name) continue;
					if (!known.has(clientId) && known.size >= MAX_EDITORS_PER_ROOM) continue;
					known.set(clientId, parsed.data.user.name);
					Promise.resolve(this.store.putEditor(room.id, clientId, parsed.data.user.name)).catch(
						(e: unknown) => this.log(`Naam van een bewerker van ${room.id} niet bewaard: ${String(e)}`)
					);
				}
			}
		);
	}

	/** Saves the journey as it is now under a name; `{ id, name, createdAt }`. */
	async save(journeyId: string, name: string): Promise<{ id: string; name: string; createdAt: string }> {
		const state = await this.rooms.withDoc(journeyId, (doc) => Y.encodeStateAsUpdate(doc));
		const packed = packState(state);
		const createdAt = Date.now();
		const id = newVersionId();
		await this.store.putVersion({
			id,
			journeyId,
			name,
			createdAt,
			autoDay: null,
			storedBytes: packed.byteLength,
			state: packed
		});
		return { id, name, createdAt: new Date(createdAt).toISOString() };
	}

	/** Every version, newest first. */
	async list(journeyId: string): Promise<VersionInfo[]> {
		return (await this.store.listVersions(journeyId)).map(info);
	}

	private async state(journeyId: string, versionId: string): Promise<{ row: VersionRow; state: Uint8Array }> {
		const row = await this.store.getVersion(journeyId, versionId);
		if (!row) throw new VersionError(404, 'Deze versie bestaat niet');
		return { row, state: unpackState(row.state) };
	}

	private journeyOf(journeyId: string, state: Uint8Array): Journey {
		const doc = new Y.Doc();
		try {
			Y.applyUpdate(doc, state);
			return readJourney(doc, journeyId).journey;
		} finally {
			doc.destroy();
		}
	}

	/** The journey as it was at the version, valid against the schema. */
	async read(journeyId: string, versionId: string): Promise<Journey> {
		const { state } = await this.state(journeyId, versionId);
		return this.journeyOf(journeyId, state);
	}

	/** The version with what changed since the one before it, and who edited in between. */
	async detail(journeyId: string, versionId: string): Promise<VersionDetail> {
		const { row, state } = await this.state(journeyId, versionId);
		const journey = this.journeyOf(journeyId, state);
		const list = await this.store.listVersions(journeyId);
		const index = list.findIndex((v) => v.id === versionId);
		const previousRow = index >= 0 ? (list[index + 1] ?? null) : null;
		const previous = previousRow ? await this.state(journeyId, previousRow.id) : null;
		const before = previous
			? this.journeyOf(journeyId, previous.state)
			: { steps: [], painPoints: [], tickets: [] };
		const now = clocks(state);
		const then = previous ? clocks(previous.state) : new Map<number, number>();
		const wrote = [...now].filter(([client, clock]) => clock > (then.get(client) ?? 0)).map(([c]) => c);
		const names =
			wrote.length > 0 ? await this.store.editorNames(journeyId, wrote) : new Map<number, string>();
		const changes = versionChanges(before, journey);
		const gone = new Set([
			...changes.steps.removed,
			...changes.painPoints.removed,
			...changes.tickets.removed
		]);
		const removedTitles = Object.fromEntries(
			[
				...before.steps.map((s) => [s.id, s.title]),
				...before.painPoints.map((p) => [p.id, p.description || p.id]),
				...before.tickets.map((t) => [t.id, t.title])
			].filter(([id]) => gone.has(id))
		);
		return {
			version: info(row),
			journey,
			previous: previousRow ? info(previousRow) : null,
			changes,
			removedTitles,
			editors: [...new Set(names.values())].sort((a, b) => a.localeCompare(b, 'nl'))
		};
	}

	/** A new journey from a version, with its own tokens; the live journey is untouched. */
	async restore(journeyId: string, versionId: string): Promise<CreatedJourney> {
		const { row, state } = await this.state(journeyId, versionId);
		const journey = this.journeyOf(journeyId, state);
		const title = `${journey.title} (${row.name})`.slice(0, 200);
		return this.journeys.create({ ...journey, title, basedOn: undefined });
	}

	/**
	 * Makes the gewenste reis of a journey: a copy of it now, with its own
	 * tokens, whose meta holds `basedOn`, and recorded on the server so that
	 * the comparison never trusts the doc alone for reading the other journey.
	 */
	async makeDesired(journeyId: string): Promise<CreatedJourney> {
		const { journey } = await this.journeys.snapshot(journeyId);
		const title = `Gewenste reis: ${journey.title}`.slice(0, 200);
		const created = await this.journeys.create({ ...journey, title }, { basedOn: journeyId });
		await this.store.linkDesired(created.id, journeyId);
		return created;
	}

	/** The desired journeys made from a journey (ids and titles; their links were handed out once). */
	async desiredOf(journeyId: string): Promise<{ id: string; title: string; createdAt: string }[]> {
		return (await this.store.desiredOf(journeyId)).map((d) => ({
			...d,
			createdAt: new Date(d.createdAt).toISOString()
		}));
	}

	/** The id of the current journey a desired journey is based on, or null. */
	async basedOn(journeyId: string): Promise<string | null> {
		return this.store.basedOn(journeyId);
	}

	/** Compares a desired journey with the current one it is based on (409 when it is no desired journey). */
	async compare(desiredId: string): Promise<{
		comparison: JourneyComparison;
		current: Journey;
		desired: Journey;
	}> {
		const currentId = await this.store.basedOn(desiredId);
		if (!currentId) throw new VersionError(409, 'Deze klantreis is geen gewenste reis van een andere reis');
		if (!(await this.journeys.exists(currentId))) {
			throw new VersionError(
				404,
				'De huidige reis waar deze gewenste reis op gebaseerd is, bestaat niet meer'
			);
		}
		const [current, desired] = await Promise.all([
			this.journeys.snapshot(currentId),
			this.journeys.snapshot(desiredId)
		]);
		return {
			comparison: compareJourneys(current.journey, desired.journey),
			current: current.journey,
			desired: desired.journey
		};
	}
}
