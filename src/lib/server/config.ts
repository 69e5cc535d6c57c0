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
			maxBodyBytes: int(env, 'MAX_BODY_BYTES', 5 * 1024 * 1024, 1024)
		},
		/** Stored updates of one journey after which they are folded into a snapshot. */
		compactAfterUpdates: int(env, 'COMPACT_AFTER_UPDATES', 500, 1)
	};
}
export type Config = ReturnType<typeof readConfig>;
