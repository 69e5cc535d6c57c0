import { Authenticator } from './auth/authenticator';
import { readConfig, type Config } from './config';
import { seed } from './data/seed';
import { Journeys } from './journeys';
import { SqliteStore } from './persistence/sqlite';
import { RateLimiter } from './rate-limit';
import { Rooms } from './sync/rooms';
import { SyncServer } from './sync/sync-server';

export type Services = {
	config: Config;
	store: SqliteStore;
	rooms: Rooms;
	auth: Authenticator;
	journeys: Journeys;
	sync: SyncServer;
	creations: RateLimiter;
	/** Failed admin-token attempts per address and minute. */
	adminFailures: RateLimiter;
	log: (message: string) => void;
	close: () => void;
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
 * error with a request in it), token parameters and bearer values are masked.
 */
export function redact(message: string): string {
	return message.replace(/([?&;]token=)[^&\s#"']+/gi, '$1***').replace(/(bearer\s+)[^\s"',]+/gi, '$1***');
}

function log(message: string): void {
	console.log(`[klantreis] ${redact(message)}`);
}

function create(): Services {
	const config = readConfig();
	const store = new SqliteStore(config.dataDir);
	seed(store, config, log);
	const rooms = new Rooms(store, config.compactAfterUpdates, log);
	const auth = new Authenticator(store);
	const sync = new SyncServer(rooms, auth, config, log);
	return {
		config,
		store,
		rooms,
		auth,
		journeys: new Journeys(store, rooms, log),
		sync,
		creations: new RateLimiter(config.limits.maxCreationsPerMinute, 60_000),
		adminFailures: new RateLimiter(10, 60_000),
		log,
		close() {
			sync.close();
			store.close();
		}
	};
}

export function services(): Services {
	const holder = globalThis as Holder;
	return (holder[KEY] ??= create());
}
