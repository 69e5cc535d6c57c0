import { z } from 'zod';
import './locale';

/**
 * An entity id (stage, channel, step, persona, pain point, ticket).
 * Ids come from files, the API and foreign Yjs clients, so they are kept
 * to a safe alphabet: they end up in URLs, CSV cells and DOM ids.
 */
export const Id = z
	.string()
	.min(1, 'Een id mag niet leeg zijn')
	.max(100, 'Een id is hoogstens 100 tekens')
	.regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]*$/, 'Een id bestaat uit letters, cijfers, - _ . en :');
export type Id = z.infer<typeof Id>;

/** A short single-line text such as a title or a name. */
export function shortText(max = 200) {
	return z.string().trim().min(1, 'Dit veld is verplicht').max(max, `Hoogstens ${max} tekens`);
}

/** A longer free text (may be empty, may hold line breaks). */
export function longText(max = 20_000) {
	return z.string().max(max, `Hoogstens ${max} tekens`);
}
