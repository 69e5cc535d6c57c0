import { resolve } from '$app/paths';
import { page } from '$app/state';
import { untrack } from 'svelte';
import { promptFor, visibleFindings, voteTotals, votesUsed } from '$lib/analysis/hostmanship';
import { loadIdentity, saveIdentity, type Identity } from '$lib/identity';
import { publicUrl } from '$lib/public-url';
import { DEFAULT_VOTE_BUDGET, PRINCIPLES, type Principle } from '$lib/model';
import type { JourneyConnection } from '$lib/sync/journey-connection.svelte';
import { LiveTrainerSession } from '$lib/sync/trainer-session-live.svelte';
import { addFinding, castVote, convertFindings, goToStep, startSession } from '$lib/sync/trainer-session';
import type { PageData } from './$types';
import {
	MAX_NAME_LENGTH,
	findingText,
	hiddenCount,
	startBudget,
	stepIndex,
	viewStepId,
	voteMessage
} from './session-logic';
import { loadVoterId } from './voter';

/**
 * The state of the trainer session page (`/reis/<id>/sessie`) as one runes
 * object for its parts (start, walk, step, prompts, finding form, side).
 * Reading the session is LiveTrainerSession's; this adds who sees which step,
 * the findings and votes of this person, and the messages for screen readers.
 * Construct it while the page component initialises: its effects belong to it.
 */
export class SessionPage {
	readonly #getConnection: () => JourneyConnection;
	readonly #getData: () => PageData;

	identity = $state<Identity>({ name: 'Deelnemer', color: '#0b6e4f' });
	voterId = $state('');
	/** Follow mode: a participant sees the trainer's step, or leaves to look around alone. */
	following = $state(true);
	ownStepId = $state<string | null>(null);
	/** Said assertively when the trainer moves the room to another step. */
	announcement = $state('');
	/** Said politely after an action (finding added, vote given, session started). */
	message = $state('');

	connection = $derived.by(() => this.#getConnection());
	data = $derived.by(() => this.#getData());
	isTrainer = $derived(this.data.role === 'facilitator');
	/** The session as the documents have it now, validated (read again on every change). */
	live = $derived(new LiveTrainerSession(this.connection));
	trainer = $derived(this.live.current);
	journey = $derived(this.connection.journey);
	base = $derived(resolve(`/reis/${encodeURIComponent(this.data.id)}`));
	steps = $derived(this.journey.steps);
	running = $derived(this.trainer?.status === 'running');

	trainerStepId = $derived(this.trainer?.stepId ?? this.steps[0]?.id ?? null);
	viewIndex = $derived(
		stepIndex(
			this.steps,
			viewStepId({
				isTrainer: this.isTrainer,
				following: this.following,
				trainerStepId: this.trainerStepId,
				ownStepId: this.ownStepId
			})
		)
	);
	step = $derived(this.steps[this.viewIndex] ?? null);
	trainerIndex = $derived(this.steps.findIndex((s) => s.id === this.trainerStepId));

	// --- findings and votes
	totals = $derived(this.trainer ? voteTotals(this.trainer) : new Map<string, number>());
	used = $derived(this.trainer && this.voterId ? votesUsed(this.trainer, this.voterId) : 0);
	budget = $derived(this.trainer?.voteBudget ?? DEFAULT_VOTE_BUDGET);
	seen = $derived(
		this.trainer && this.voterId ? visibleFindings(this.trainer, this.voterId, this.isTrainer) : []
	);
	hiddenCount = $derived(
		this.trainer && this.step ? hiddenCount(this.trainer.findings, this.seen, this.step.id) : 0
	);
	canVote = $derived(this.running && !!this.trainer?.revealed && this.connection.canWrite);
	mine = $derived(this.trainer?.votes[this.voterId] ?? {});

	/** The participants' link as other devices in the room reach it (publicUrl: ORIGIN, network). */
	participantUrl = $derived(
		this.data.participantLink
			? publicUrl(this.data.participantLink, this.data.publicOrigin, page.url.origin)
			: ''
	);
	/** The journey page as other devices reach it, for the summary's Markdown download. */
	journeyUrl = $derived(publicUrl(this.base, this.data.publicOrigin, page.url.origin));
	/** True when no other device can open these links (opened on loopback, no ORIGIN). */
	localOnly = $derived(this.data.publicOrigin.source === 'none');

	constructor(getConnection: () => JourneyConnection, getData: () => PageData) {
		this.#getConnection = getConnection;
		this.#getData = getData;
		$effect(() => this.live.start());

		// Tell screen readers where the room is now, when the trainer moves on.
		let lastAnnounced: string | null = null;
		$effect(() => {
			const id = this.trainerStepId;
			if (!this.running || id === null) return;
			const index = untrack(() => this.steps.findIndex((s) => s.id === id));
			if (lastAnnounced !== null && lastAnnounced !== id && index >= 0) {
				this.announcement = `We zijn bij stap ${index + 1}: ${untrack(() => this.steps[index].title)}`;
			}
			lastAnnounced = id;
		});
	}

	/** Called from the page's onMount: this browser's name and voter id. */
	mount(): void {
		this.identity = loadIdentity(localStorage);
		this.voterId = loadVoterId(localStorage);
	}

	/** The question of a principle at the step shown (the trainer's own, or the default). */
	prompt(principle: Principle): string {
		return this.step ? promptFor(this.trainer, this.step.id, principle) : '';
	}

	/** One step on (1) or back (-1): the trainer moves the room, a participant only their own view. */
	walk(delta: number): void {
		const next = this.steps[this.viewIndex + delta];
		if (!next) return;
		if (this.isTrainer)
			this.live.control(({ session: control }, origin) => goToStep(control, next.id, origin));
		else this.ownStepId = next.id;
	}

	leaveFollow(): void {
		this.ownStepId = this.trainerStepId;
		this.following = false;
	}

	/**
	 * Adds a finding at the step shown; returns the error to show, or '' when it was added
	 * (anonymous: without this person's name, still with the voter id for the reveal).
	 */
	addFinding(input: { principle: Principle; text: string; anonymous: boolean }): string {
		const text = findingText(input.text);
		const step = this.step;
		if (!step || !text) return 'Schrijf eerst wat u ziet.';
		const now = Date.now();
		this.connection.change((doc) =>
			addFinding(doc, {
				id: crypto.randomUUID(),
				stepId: step.id,
				principle: input.principle,
				text,
				author: input.anonymous ? '' : this.identity.name,
				authorId: this.voterId,
				createdAt: now
			})
		);
		this.message = `Bevinding toegevoegd bij ${PRINCIPLES[input.principle].label}.`;
		return '';
	}

	vote(findingId: string, delta: 1 | -1): void {
		let ok = false;
		this.connection.change(() => (ok = castVote(this.live.docs, this.voterId, findingId, delta)));
		this.message = voteMessage(ok, delta);
	}

	/** A participant's name in this session (kept in this browser, shown to the others). */
	rename(value: string): void {
		const name = value.trim().slice(0, MAX_NAME_LENGTH);
		if (!name) return;
		this.identity = { ...this.identity, name };
		saveIdentity(localStorage, this.identity);
		this.connection.setPresence({ user: this.identity });
	}

	/** Trainer: starts a (new) session with the budget typed; asks first when findings would be lost. */
	start(budgetInput: string): void {
		const trainer = this.trainer;
		if (
			trainer &&
			trainer.findings.length > 0 &&
			!confirm('De vorige sessie en haar bevindingen vervallen. Doorgaan?')
		)
			return;
		const n = startBudget(budgetInput);
		const now = Date.now();
		const stepId = this.steps[0]?.id ?? null;
		this.live.control((docs, origin) =>
			startSession(docs, { id: crypto.randomUUID(), stepId, voteBudget: n, now }, origin)
		);
		this.message = 'De sessie is gestart.';
	}

	/** Trainer, after the session: findings become pain points on the map; returns how many were made. */
	convert(findingIds: string[]): number {
		let made = 0;
		this.connection.change(() => {
			made = convertFindings(this.live.docs, findingIds, { newId: () => crypto.randomUUID() }).length;
		});
		return made;
	}
}
