import { resolve } from 'node:path';

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

/** Settings from the environment (see README, "Instellingen"). */
export function readConfig(env: NodeJS.ProcessEnv = process.env) {
	return {
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
			/** Messages one socket may send per second (twice that in a burst). */
			maxMessagesPerSecond: int(env, 'MAX_MESSAGES_PER_SECOND', 100, 1),
			/** Bytes one socket may send per second; a burst may always hold one largest message. */
			maxBytesPerSecond: int(env, 'MAX_BYTES_PER_SECOND', 2 * 1024 * 1024, 1024),
			/** Stored size of one journey's document; updates past it are refused with DocumentTooLarge. */
			maxDocBytes: int(env, 'MAX_DOC_BYTES', 16 * 1024 * 1024, 64 * 1024),
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
		/** The public URL (ORIGIN), e.g. https://klantreis.gemeente.nl; also an own origin for cross-site checks. */
		origin: env.ORIGIN || null,
		/** Optional instance administrator secret for /api/admin (at least 24 characters). */
		adminToken: adminToken(env),
		/** Stored updates of one journey after which they are folded into a snapshot. */
		compactAfterUpdates: int(env, 'COMPACT_AFTER_UPDATES', 500, 1),
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
