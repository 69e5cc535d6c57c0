import type { Issue } from '$lib/model';

/**
 * The messages of the issues at one field: its own path and anything below it
 * (`goals` also takes `goals.2`, `evidence.0` takes `evidence.0.source`).
 * Paths are dotted as in `toIssues` (`steps.3.demands.plan`). Each message
 * once: two goals that are both too long say so in one line.
 */
export function errorsAt(issues: readonly Issue[], path: string): string[] {
	const messages = issues
		.filter((i) => i.path === path || i.path.startsWith(`${path}.`))
		.map((i) => i.message);
	return [...new Set(messages)];
}
