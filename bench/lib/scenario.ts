/** What a scenario reports: one figure, and the target it is held against (reported, never asserted). */
export type Metric = {
	/** Stable key, used to take the median across runs and to find the figure in the JSON. */
	key: string;
	label: string;
	value: number;
	unit: string;
	/** The target: the figure should stay at or below `max`. */
	target?: { max: number; label?: string };
};

export type BenchContext = {
	variant: 'quick' | 'full';
	/** The app's build folder (built when missing). */
	buildDir: string;
	/** Extra environment for every server the scenario starts (the build folder among it). */
	env: Record<string, string>;
	log: (message: string) => void;
};

/**
 * One benchmark scenario. `quick` and `full` are its parameters for the two
 * run lengths; the runner calls `run` `runs` times and reports the median of
 * each metric.
 */
export type Scenario<P = unknown> = {
	name: string;
	description: string;
	quick: P & { runs: number };
	full: P & { runs: number };
	run: (params: P, ctx: BenchContext) => Promise<Metric[]>;
	/** Notes on method, printed under the scenario's table in docs/benchmarks.md. */
	method?: string;
};

/** Keeps a scenario's parameter type while it goes into the runner's one list. */
export function defineScenario<P>(scenario: Scenario<P>): Scenario<unknown> {
	return scenario as unknown as Scenario<unknown>;
}
