/**
 * Wire constants shared by the sync server and its clients.
 * Close codes 4400-4499 are final for the official y-websocket client
 * (it stops reconnecting); 4500-4599 and 1012 make it try again.
 */
export const CloseCode = {
	/** No token was given. */
	Unauthenticated: 4401,
	/** The token does not open this journey (wrong token, unknown journey). */
	Forbidden: 4403,
	/** A frame that is not a y-websocket message, or a Yjs update that does not decode. */
	InvalidMessage: 4400,
	/** A frame larger than the configured maximum. */
	MessageTooLarge: 4413,
	/**
	 * The journey's document has reached its maximum size (MAX_DOC_BYTES): the
	 * update was refused and not stored. Final, so the client does not resend it
	 * in a loop; the reason tells the user to make room (delete) and reload.
	 */
	DocumentTooLarge: 4414,
	/** The journey was deleted by the instance administrator. */
	JourneyDeleted: 4410,
	/** The room already holds the maximum number of connections. */
	RoomFull: 4429,
	/** Too many messages or bytes per second; the client may come back after backing off. */
	RateLimited: 4529,
	/**
	 * The socket did not read what the server sent it: more than
	 * MAX_SEND_BUFFER_BYTES waited for it. Not final: a slow network may
	 * reconnect and sync afresh.
	 */
	SlowReader: 4513,
	/** The server is shutting down or restarting: reconnect (elsewhere). */
	ServiceRestart: 1012
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** y-websocket message types (the first varUint of every frame). */
export const MessageType = {
	Sync: 0,
	Awareness: 1,
	Auth: 2,
	QueryAwareness: 3,
	/**
	 * Our extension: the trainer session's own document (docs/hostmanship.md)
	 * on the journey's socket. The payload is a y-protocols sync message (step 1,
	 * step 2 or update) for that document. A client asks for it by sending its
	 * step 1; only then does the server send it anything of this type. Only the
	 * facilitator's updates are applied; anyone else's are dropped without a word.
	 * Clients that do not know this type never send it and never receive it.
	 */
	SessionDoc: 100
} as const;

/** Room name of a journey's trainer session document: `<journeyId>/sessie` (a journey id has no `/`). */
export function sessionRoomId(journeyId: string): string {
	return `${journeyId}${SESSION_ROOM_SUFFIX}`;
}

/** The journey of a session room name, or null when the name is a journey's own. */
export function journeyOfSessionRoom(roomId: string): string | null {
	return roomId.endsWith(SESSION_ROOM_SUFFIX) ? roomId.slice(0, -SESSION_ROOM_SUFFIX.length) : null;
}

const SESSION_ROOM_SUFFIX = '/sessie';

/** Path prefix of the sync endpoint: `ws://host/sync/<journeyId>`. */
export const SYNC_PATH = '/sync';

/**
 * The journey id of a sync URL path (`<base>/sync/<id>`), or null when the
 * path is not ours; `base` is the app's base path ('' or e.g. `/klantreis`).
 */
export function journeyIdFromPath(pathname: string, base = ''): string | null {
	const prefix = base + SYNC_PATH + '/';
	if (!pathname.startsWith(prefix)) return null;
	const rest = decodeURIComponent(pathname.slice(prefix.length));
	return /^[A-Za-z0-9_-]{1,64}$/.test(rest) ? rest : null;
}

/** The three capability roles. */
export const ROLES = ['facilitator', 'editor', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
	facilitator: 'Begeleider',
	editor: 'Deelnemer (bewerken)',
	viewer: 'Kijker (alleen lezen)'
};

export function canWrite(role: Role): boolean {
	return role !== 'viewer';
}
