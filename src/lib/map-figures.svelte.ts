import type * as Y from 'yjs';
import { choiceBadge, periodRange, periodText, type PeriodChoice } from '$lib/analysis/contact-period';
import { stepFigures, type Period, type StepFigures } from '$lib/analysis/contacts';
import { LiveFigures } from '$lib/figures.svelte';
import type { Journey } from '$lib/model';

/**
 * The contact figures the map page shows (the contact lane and the table's
 * columns): the live figures of LiveFigures over a period the team chooses.
 * The choice is this page's own (not shared with colleagues): each screen may
 * look at another quarter.
 */
export class MapFigures {
	readonly live: LiveFigures;
	/** The chosen period; "last N months" counts back from the newest imported month. */
	choice = $state<PeriodChoice>({ kind: 'all' });

	constructor(journeyId: string, token: string) {
		this.live = new LiveFigures(journeyId, token);
	}

	/** Fetches now and after every import into `doc`; returns the cleanup for `$effect`. */
	start(doc: Y.Doc): () => void {
		return this.live.start(doc);
	}

	/** Whether any figures were imported (the lane, the columns and the selector show only then). */
	get imported(): boolean {
		return this.live.months.length > 0;
	}

	/** The months of the choice (both ends included), against the imported months. */
	get period(): Period {
		return periodRange(this.choice, this.live.months);
	}

	/** The imported months of the chosen period as text: "jan 2025 t/m dec 2025". */
	get periodText(): string {
		return periodText(this.period, this.live.months);
	}

	/** How many months a narrowed choice spans ("3 maanden"; empty for all), for the map's period button. */
	get choiceBadge(): string {
		return choiceBadge(this.choice);
	}

	/** Per step, in reis order, over the chosen period against `journey` as it is now; null before any import. */
	steps(journey: Journey): StepFigures[] | null {
		return this.imported ? stepFigures(journey, this.live.figures, this.period) : null;
	}

	/** What the map's contact lane draws (JourneyCanvas `contacts`); null before any import. */
	lane(journey: Journey): { steps: StepFigures[]; period: string } | null {
		const steps = this.steps(journey);
		return steps && { steps, period: this.periodText };
	}
}
