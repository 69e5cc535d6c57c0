/**
 * The part of the server's public origin (`PublicOrigin` in $lib/server/public-origin) that a
 * page needs to make a link for the other devices in the room.
 */
export type RoomOrigin = { origin: string | null; source: 'request' | 'ORIGIN' | 'network' | 'none' };

/**
 * An absolute link to `path` (a path such as `/reis/<id>?token=…`, or already absolute) as the
 * other devices in the room reach it: on `ORIGIN` or this machine's network address when the
 * server chose one (see choosePublicOrigin), else on `pageOrigin` (the browser's own
 * `location.origin`, which knows its protocol best). With `origin` null or of source `none`
 * the link only works on this machine; the share panel says so.
 */
export function publicUrl(path: string, origin: RoomOrigin | null | undefined, pageOrigin: string): string {
	const base =
		origin?.origin && (origin.source === 'ORIGIN' || origin.source === 'network')
			? origin.origin
			: pageOrigin;
	return new URL(path, base).toString();
}
