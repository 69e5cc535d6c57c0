import { z } from 'zod';
import { Id, shortText } from './ids';

/** Stage (fase): a column of the map, e.g. Oriënteren, Aanvragen, Wachten. */
export const Stage = z.object({
	id: Id,
	name: shortText(80)
});
export type Stage = z.infer<typeof Stage>;
