/** Map edits carry their sequence number in a step's `order`, above any order a template uses. */
export const ORDER_BASE = 1_000_000;
/**
 * Each write phase on a room starts its orders one stride above the highest it finds
 * (`ORDER_BASE + phase * ORDER_PHASE + seq`), so an edit never sets the value a step already
 * has: a phase that repeated the previous one's values would change nothing and send nothing.
 * Receivers read the sequence number as `(order - ORDER_BASE) % ORDER_PHASE`.
 */
export const ORDER_PHASE = 100_000;

/** Messages between the benchmark and its client worker processes (IPC). */
export type RoomClients = { room: string; token?: string; count: number };

export type WorkerRequest =
	| { type: 'clock' }
	| { type: 'connect'; wsUrl: string; rooms: RoomClients[]; batch: number }
	/**
	 * Clients that speak the protocol on raw sockets: they ask for the document once and then
	 * record when each update arrives, without decoding or applying it (the server is measured,
	 * not 2,000 Y.Docs on the same cores).
	 */
	| { type: 'connect-raw'; wsUrl: string; rooms: RoomClients[]; batch: number }
	| { type: 'writers'; wsUrl: string; rooms: { room: string; token?: string; seed?: unknown }[] }
	| { type: 'prepare-note' }
	/** A full garbage collection now (the pool starts its workers with --expose-gc), before a measured phase. */
	| { type: 'gc' }
	| { type: 'write'; mode: 'map' | 'note'; rate: number; durationMs: number }
	| { type: 'collect' }
	| { type: 'close' };

/** Times per sequence number: when a writer wrote it, or when a client saw it (holes: never). */
export type Record = { room: string; times: (number | null)[] };

/** A socket the server closed (or that failed) after it had synced: its later deliveries would only look missing. */
export type Closed = { room: string; client: 'writer' | 'full' | 'raw'; code: number | null; reason: string };

export type WorkerReply =
	| { type: 'ready' }
	| { type: 'ok' }
	| { type: 'clock'; t: number }
	/** `closes`: sockets closed since the previous collect, other than by a `close` request. */
	| { type: 'records'; writes: Record[]; arrivals: Record[]; closes: Closed[] }
	| { type: 'error'; message: string };
