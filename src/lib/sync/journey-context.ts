import { createContext } from 'svelte';
import type { JourneyConnection } from './journey-connection.svelte';

/**
 * The live journey of the pages under `/reis/<id>/` (map, overzicht, sessie,
 * tickets, toets): the journey layout owns one JourneyConnection (one socket, one
 * Y.Doc) and hands it down, so client-side navigation between those pages keeps
 * the connection instead of resyncing from scratch. A getter, because the
 * layout replaces the connection when the journey or the link's role changes.
 */
const [getConnection, setConnection] = createContext<() => JourneyConnection>();

/** Called once by the journey layout. */
export function setJourneyConnection(get: () => JourneyConnection): void {
	setConnection(get);
}

/**
 * The journey layout's connection getter; read it in a `$derived` to follow a
 * replacement. Throws outside the journey layout (a page placed wrongly).
 */
export function journeyConnection(): () => JourneyConnection {
	return getConnection();
}
