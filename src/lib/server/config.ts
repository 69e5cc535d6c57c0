import { resolve } from 'node:path';
import { parseContactCosts } from '$lib/analysis/effect';
import { DEFAULT_DEPARTMENTS } from '$lib/model';

/**
 * Every setting of the app, read from the environment in this one file (README,
 * "Instellingen"). Only what must be known before the app is loaded stays in
 * the build and start scripts: BASE_PATH and KLANTREIS_BUILD_DIR (which build
 * to load, and SvelteKit's `paths.base` at build time) and BODY_SIZE_LIMIT
 * (adapter-node reads it when its handler is imported).
 */

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 0): number {
	const raw = env[name];
	if (raw === undefined || raw === '') return fallback;
	const n = Number(raw);
	if (!Number.isInteger(n) || n < min) {
		throw new Error(`${name} moet een heel getal van minstens ${min} zijn, niet "${raw}"`);
	}
	return n;
}

function adminToken(env: NodeJS.ProcessEnv): string | null {
	const raw = env.ADMIN_TOKEN;
	if (raw === undefined || raw === '') return null;
	if (raw.length < 24) throw new Error('ADMIN_TOKEN moet minstens 24 tekens lang zijn');
	return raw;
}

function origin(env: NodeJS.ProcessEnv): string | null {
	const raw = env.ORIGIN;
	if (raw === undefined || raw === '') return null;
	try {
		return new URL(raw).origin;
	} catch {
		throw new Error(`ORIGIN moet een adres zijn zoals https://klantreis.gemeente.nl, niet "${raw}"`);
	}
}

/** How the client's address is read behind a proxy (adapter-node's own settings, also used by the sync endpoint). */
export type ProxySettings = {
	/** ADDRESS_HEADER: the header a trusted proxy puts the client's address in (lower case), or ''. */
	addressHeader: string;
	/** XFF_DEPTH: how many trusted proxies stand in front (for X-Forwarded-For), at least 1. */
	xffDepth: number;
};

export function proxySettings(env: NodeJS.ProcessEnv): ProxySettings {
	const depth = Number(env.XFF_DEPTH ?? '1');
	return {
		addressHeader: (env.ADDRESS_HEADER ?? '').trim().toLowerCase(),
		xffDepth: Number.isInteger(depth) && depth > 0 ? depth : 1
	};
}

/**
 * The vakafdelingen this instance offers: DEPARTMENTS (names separated by `;`
 * or line breaks, each at most 120 characters) or else the Dutch defaults.
 */
export function departmentsSetting(raw: string | undefined): string[] {
	const configured = (raw ?? '')
		.split(/[;\n]/)
		.map((d) => d.trim().slice(0, 120))
		.filter(Boolean);
	return configured.length > 0 ? configured : [...DEFAULT_DEPARTMENTS];
}

/** Settings from the environment (see README, "Instellingen"); throws a Dutch message for a bad value. */
export function readConfig(env: NodeJS.ProcessEnv = process.env) {
	return {
		/** HTTP port (`PORT`); 0 picks a free one. */
		port: int(env, 'PORT', 3000),
		/** How long a graceful stop may take before the process ends anyway (`SHUTDOWN_TIMEOUT_MS`). */
		shutdownTimeoutMs: int(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 1),
		/** Reading the client's address behind a proxy (`ADDRESS_HEADER`, `XFF_DEPTH`). */
		proxy: proxySettings(env),
		/** The vakafdelingen offered for a ticket (`DEPARTMENTS`). */
		departments: departmentsSetting(env.DEPARTMENTS),
		/**
		 * Milliseconds a room keeps its Y.Doc without use before it keeps only the
		 * encoded state (`KLANTREIS_IDLE_DOC_MS`, at least 10; docs/architecture.md).
		 */
		idleDocMs: int(env, 'KLANTREIS_IDLE_DOC_MS', 30_000, 10),
		/** Where the embedded SQLite database lives. */
		dataDir: resolve(env.DATA_DIR || './data'),
		/** Folders the library and the templates are seeded from. */
		personasDir: resolve(env.PERSONAS_DIR || './personas'),
		journeysDir: resolve(env.JOURNEYS_DIR || './journeys'),
		limits: {
			/** Largest websocket frame in bytes; larger closes with MessageTooLarge. */
			maxMessageBytes: int(env, 'MAX_MESSAGE_BYTES', 1024 * 1024, 1024),
			/** Connections per journey (a whole workshop and then some). */
			maxConnectionsPerRoom: int(env, 'MAX_CONNECTIONS_PER_ROOM', 500, 1),
			/** Connections per client address (a workshop behind one office NAT). */
			maxConnectionsPerAddress: int(env, 'MAX_CONNECTIONS_PER_ADDRESS', 500, 1),
			/** Journey creations per address per minute. */
			maxCreationsPerMinute: int(env, 'MAX_CREATIONS_PER_MINUTE', 120, 1),
			/** Largest REST body in bytes. */
			maxBodyBytes: int(env, 'MAX_BODY_BYTES', 5 * 1024 * 1024, 1024),
			/**
			 * Largest KCC export one contact import may send (POST …/contacts). It is streamed
			 * and only counted, so memory stays flat whatever the size; a year of a large city
			 * with its personal-data columns is a few hundred MB.
			 */
			maxImportBytes: int(env, 'MAX_IMPORT_BYTES', 512 * 1024 * 1024, 1024),
			/** Messages one socket may send per second (twice that in a burst). */
			maxMessagesPerSecond: int(env, 'MAX_MESSAGES_PER_SECOND', 100, 1),
			/** Bytes one socket may send per second; a burst may always hold one largest message. */
			maxBytesPerSecond: int(env, 'MAX_BYTES_PER_SECOND', 2 * 1024 * 1024, 1024),
			/** Stored size of one journey's document; updates past it are refused with DocumentTooLarge. */
			maxDocBytes: int(env, 'MAX_DOC_BYTES', 16 * 1024 * 1024, 64 * 1024),
			/**
			 * Bytes the server may hold unsent for one socket that does not read (a
			 * slow or hostile reader); past it the socket is closed with SlowReader.
			 * By default one largest document and 1 MiB, so a full sync on a slow
			 * network always fits; keep it above MAX_DOC_BYTES when you set it.
			 */
			maxSendBufferBytes: int(
				env,
				'MAX_SEND_BUFFER_BYTES',
				int(env, 'MAX_DOC_BYTES', 16 * 1024 * 1024, 64 * 1024) + 1024 * 1024,
				16 * 1024
			),
			/** Largest awareness update (cursor, name, colour) one socket may send. */
			maxAwarenessBytes: int(env, 'MAX_AWARENESS_BYTES', 64 * 1024, 256),
			/** Inserts (structs) and delete ranges one Yjs update may carry. */
			maxUpdateStructs: int(env, 'MAX_UPDATE_STRUCTS', 20_000, 100),
			maxUpdateDeletes: int(env, 'MAX_UPDATE_DELETES', 50_000, 100),
			/** Time one update's structural check (in a worker thread) may take. */
			updateCheckTimeoutMs: int(env, 'UPDATE_CHECK_TIMEOUT_MS', 1000, 10),
			/** Event-loop time one socket may use per second, and in one burst. */
			cpuMsPerSecond: int(env, 'SYNC_CPU_MS_PER_SECOND', 200, 1),
			cpuBurstMs: int(env, 'SYNC_CPU_BURST_MS', 2000, 1)
		},
		/**
		 * The address people use to reach the app (`ORIGIN`, e.g. https://klantreis.gemeente.nl),
		 * or null; links in the share panel, the QR code and exports use it (public-origin.ts).
		 */
		origin: origin(env),
		/**
		 * Cookies are Secure when the configured ORIGIN is https (a proxy saying
		 * `x-forwarded-proto: https` makes them so per request; page-access.ts).
		 */
		httpsOrigin: origin(env)?.startsWith('https:') ?? false,
		/** Bind address (`HOST`); with 0.0.0.0 other devices in the room can reach this machine. */
		host: env.HOST || '0.0.0.0',
		/** Optional instance administrator secret for /api/admin (at least 24 characters). */
		adminToken: adminToken(env),
		/** Stored updates of one journey after which they are folded into a snapshot. */
		compactAfterUpdates: int(env, 'COMPACT_AFTER_UPDATES', 500, 1),
		/**
		 * Euro per klantcontact per kanaal kind for the ranking by expected effect
		 * (CONTACT_COSTS="telefoon=6.20;balie=12"); defaults and their sources in docs/tickets.md.
		 */
		contactCosts: parseContactCosts(env.CONTACT_COSTS),
		scale: scale(env)
	};
}

/** Several instances behind a load balancer (docs/scaling.md); all null on a single instance. */
function scale(env: NodeJS.ProcessEnv) {
	const databaseUrl = env.DATABASE_URL || null;
	const redisUrl = env.REDIS_URL || null;
	if (redisUrl && !databaseUrl) {
		throw new Error(
			'REDIS_URL verbindt instanties, maar die delen dan ook één database: zet DATABASE_URL (PostgreSQL)'
		);
	}
	return {
		/** PostgreSQL instead of the embedded SQLite file; shared by every instance. */
		databaseUrl,
		/** Connections each instance keeps to PostgreSQL. */
		databasePoolSize: int(env, 'DATABASE_POOL_SIZE', 10, 1),
		/** Redis for the fan-out of edits and presence between instances. */
		redisUrl,
		/** Prefix of the Redis channels, so several platforms can share one Redis. */
		redisPrefix: env.REDIS_PREFIX || 'klantreis',
		/** Silence after which another instance counts as gone and its clients' presence is dropped. */
		instanceTimeoutMs: int(env, 'INSTANCE_TIMEOUT_MS', 3000, 300)
	};
}
export type Config = ReturnType<typeof readConfig>;

let current: Config | null = null;

/**
 * The settings of this process, read from the environment once (the first
 * call); what reads a setting asks here rather than `process.env`.
 */
export function config(): Config {
	return (current ??= readConfig());
}
