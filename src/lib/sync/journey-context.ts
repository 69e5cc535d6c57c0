import { createContext } from 'svelte';
import type { JourneySession } from './journey-session.svelte';

/**
 * The live journey of the pages under `/reis/<id>/` (map, overzicht, sessie,
 * tickets, toets): the journey layout owns one JourneySession (one socket, one
 * Y.Doc) and hands it down, so client-side navigation between those pages keeps
 * the connection instead of resyncing from scratch. A getter, because the
 * layout replaces the session when the journey or the link's role changes.
 */
const [getSession, setSession] = createContext<() => JourneySession>();

/** Called once by the journey layout. */
export function setJourneySession(get: () => JourneySession): void {
	setSession(get);
}

/**
 * The journey layout's session getter; read it in a `$derived` to follow a
 * replacement. Throws outside the journey layout (a page placed wrongly).
 */
export function journeySession(): () => JourneySession {
	return getSession();
}
