import { randomBytes } from 'node:crypto';
import { Authenticator } from './auth/authenticator';
import { config as settings, type Config } from './config';
import { seed } from './data/seed';
import { Departments } from './departments';
import { Journeys } from './journeys';
import { PostgresStore } from './persistence/postgres';
import { SqliteStore } from './persistence/sqlite';
import type { Store } from './persistence/store';
import { RateLimiter } from './rate-limit';
import { RedisBus, type Bus } from './sync/bus';
import { Rooms } from './sync/rooms';
import { SyncServer } from './sync/sync-server';
import { Versions } from './versions';

/** What GET /api/health reports; `status: 'ok'` exactly when the instance can serve. */
export type Health = {
	status: 'ok' | 'unavailable';
	instance: string;
	stopping: boolean;
	database: { kind: Store['kind']; ok: boolean };
	redis: { ok: boolean } | null;
	rooms: number;
};

export type Services = {
	config: Config;
	store: Store;
	/** Fan-out to the other instances (REDIS_URL); null on a single instance. */
	bus: Bus | null;
	rooms: Rooms;
	auth: Authenticator;
	journeys: Journeys;
	/** Versions, the gewenste reis and the comparison (#19). */
	versions: Versions;
	/** Afdelingslinks and the tickets across journeys they open. */
	departments: Departments;
	sync: SyncServer;
	creations: RateLimiter;
	/** Failed admin-token attempts per address and minute. */
	adminFailures: RateLimiter;
	log: (message: string) => void;
	/** Settles once the database is migrated and seeded and the bus is connected; rejects when not. */
	ready: Promise<void>;
	health: () => Promise<Health>;
	/**
	 * Graceful stop: reports unavailable, closes every socket with
	 * ServiceRestart (clients reconnect, behind a load balancer elsewhere),
	 * waits for writes in flight, stores every room, then leaves the bus and
	 * closes the database.
	 */
	close: () => Promise<void>;
};

/**
 * One set of services per process. Kept on globalThis because the app
 * (SvelteKit's bundle) and the HTTP server's upgrade handler (scripts/start.js,
 * or the Vite plugin in dev) may load this module separately; both must
 * share the rooms, or a REST snapshot would miss live edits.
 */
const KEY = Symbol.for('klantreis.services');
type Holder = { [KEY]?: Services };

/**
 * Capability tokens never reach a log: whatever a message quotes (a URL, an
 * error with a request in it), token parameters and bearer values are masked,
 * and so are passwords in connection URLs.
 */
export function redact(message: string): string {
	return message
		.replace(/([?&;]token=)[^&\s#"']+/gi, '$1***')
		.replace(/(bearer\s+)[^\s"',]+/gi, '$1***')
		.replace(/(\/\/[^:/@\s]+:)[^@\s]+@/g, '$1***@');
}

function log(message: string): void {
	console.log(`[klantreis] ${redact(message)}`);
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
	return Promise.race([
		promise,
		new Promise<never>((_, reject) =>
			setTimeout(() => reject(new Error(`geen antwoord binnen ${ms} ms`)), ms).unref()
		)
	]);
}

function create(): Services {
	const config = settings();
	const { scale } = config;
	const store: Store = scale.databaseUrl
		? new PostgresStore(scale.databaseUrl, scale.databasePoolSize)
		: new SqliteStore(config.dataDir);
	const bus = scale.redisUrl
		? new RedisBus(
				scale.redisUrl,
				{ prefix: scale.redisPrefix, instanceTimeoutMs: scale.instanceTimeoutMs },
				log
			)
		: null;
	const instance = bus?.instanceId ?? randomBytes(8).toString('hex');
	const rooms = new Rooms(store, config.compactAfterUpdates, log, bus);
	const auth = new Authenticator(store);
	const sync = new SyncServer(rooms, auth, config, log);
	const journeys = new Journeys(store, rooms, log);
	const versions = new Versions(store, rooms, journeys, log);
	rooms.onRoom = (room) => versions.watchEditors(room);

	const ready = (async () => {
		if (store instanceof PostgresStore) {
			// Migrate and seed under one lock: instances that start together take turns.
			await store.migrate(() => seed(store, config, log));
			log('Opslag: PostgreSQL (DATABASE_URL).');
			if (!bus)
				log('Let op: zonder REDIS_URL zien instanties elkaars wijzigingen niet live; draai er dan één.');
		} else {
			await seed(store, config, log);
		}
		if (bus) {
			await bus.connect();
			log(`Verbonden met Redis; instantie ${bus.instanceId}.`);
		}
	})();
	// Whoever awaits `ready` (the server's init) reports a failure; it is never unhandled.
	ready.catch(() => {});

	let stopping = false;
	let closing: Promise<void> | null = null;
	return {
		config,
		store,
		bus,
		rooms,
		auth,
		journeys,
		versions,
		departments: new Departments(store, rooms, config.contactCosts, log),
		sync,
		creations: new RateLimiter(config.limits.maxCreationsPerMinute, 60_000),
		adminFailures: new RateLimiter(10, 60_000),
		log,
		ready,
		async health() {
			const database = await within(Promise.resolve(store.ping()), 2000).then(
				() => true,
				(e: unknown) => {
					log(`Gezondheid: database antwoordt niet: ${e instanceof Error ? e.message : String(e)}`);
					return false;
				}
			);
			const redis = bus ? await bus.health() : null;
			if (redis && !redis.ok) log(`Gezondheid: Redis antwoordt niet: ${redis.detail ?? ''}`);
			const ok = !stopping && database && (redis?.ok ?? true);
			return {
				status: ok ? 'ok' : 'unavailable',
				instance,
				stopping,
				database: { kind: store.kind, ok: database },
				redis: redis ? { ok: redis.ok } : null,
				rooms: rooms.size
			};
		},
		close() {
			stopping = true;
			closing ??= (async () => {
				await sync.close().catch((e: unknown) => log(`Opslaan bij het stoppen: ${String(e)}`));
				await bus?.close();
				await store.close();
			})();
			return closing;
		}
	};
}

export function services(): Services {
	const holder = globalThis as Holder;
	return (holder[KEY] ??= create());
}
