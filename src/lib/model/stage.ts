import { z } from 'zod';
import { Id, shortText } from './ids';

/** Stage (fase): a column of the map, e.g. Oriënteren, Aanvragen, Wachten. */
export const Stage = z.object({
	id: Id,
	name: shortText(80),
	/**
	 * The team's own answer to "klik, bel, kom" for this fase, where the map cannot
	 * tell (a desk by appointment that is not a step of its own): true or false
	 * overrides what the map's kanalen say; absent (or null) leaves it to the map.
	 */
	humanAlternative: z.boolean().nullable().optional(),
	/** Why the team says so, e.g. "balie op afspraak". */
	humanAlternativeNote: z.string().trim().max(200).optional()
});
export type Stage = z.infer<typeof Stage>;
