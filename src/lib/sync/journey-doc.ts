import * as Y from 'yjs';
import type { ZodError } from 'zod';
import {
	type Component,
	Channel,
	CURRENT_SCHEMA_VERSION,
	Demands,
	Emotion,
	Id,
	Journey,
	JourneyOfParsedEntries,
	PainPoint,
	Persona,
	sortByReis,
	Stage,
	Step,
	Ticket,
	toIssues,
	type Issue
} from '$lib/model';
import { ENTRY_KEYS, META_KEYS, layout, type EntityMap } from './doc-layout';
import type { Origin } from './origins';
import { refuse, setChangedFields, toYMap, validate, write } from './write';

/**
 * Journey <-> Y.Doc. Writing maps a validated Journey onto the contract's
 * layout; reading validates entry by entry (safeParse), so one bad entry that
 * a foreign client wrote is reported and left out instead of breaking the
 * whole snapshot. Every writer validates first and then writes through
 * `write` (write.ts): an invalid value throws a ValidationError and changes
 * nothing.
 */

/** Something left out of a snapshot, with where it was. */
export type Problem = Issue;

const TEXT_BLOCKS = new Set(['paragraph', 'heading', 'codeBlock']);

/** Plain text of a rich-text note: one line per text block. */
export function fragmentToText(fragment: Y.XmlFragment): string {
	const lines: string[] = [];
	const textOf = (node: Y.XmlElement | Y.XmlText | Y.XmlHook): string => {
		if (node instanceof Y.XmlText) {
			return (node.toDelta() as { insert: unknown }[])
				.map((d) => (typeof d.insert === 'string' ? d.insert : ''))
				.join('');
		}
		if (node instanceof Y.XmlElement) {
			if (node.nodeName === 'hardBreak') return '\n';
			return node.toArray().map(textOf).join('');
		}
		return '';
	};
	const walk = (node: Y.XmlElement | Y.XmlText | Y.XmlHook) => {
		if (node instanceof Y.XmlText) {
			lines.push(textOf(node));
		} else if (node instanceof Y.XmlElement) {
			if (TEXT_BLOCKS.has(node.nodeName) || node.toArray().every((c) => c instanceof Y.XmlText)) {
				lines.push(textOf(node));
			} else {
				node.toArray().forEach(walk);
			}
		}
	};
	fragment.toArray().forEach(walk);
	return lines.join('\n');
}

/** One Tiptap paragraph per line; no paragraphs for an empty note. */
function paragraphsOf(text: string): Y.XmlElement[] {
	if (text === '') return [];
	return text.split('\n').map((line) => {
		const p = new Y.XmlElement('paragraph');
		if (line) p.insert(0, [new Y.XmlText(line)]);
		return p;
	});
}

/** Replaces the content of a fragment that is part of a doc with the lines of `text` (inside `write`). */
function textToFragment(text: string, fragment: Y.XmlFragment): void {
	if (fragment.length > 0) fragment.delete(0, fragment.length);
	fragment.insert(0, paragraphsOf(text));
}

/** A new fragment holding the lines of `text`; filled before it joins a doc (it must not be read until then). */
function noteOf(text: unknown): Y.XmlFragment {
	const fragment = new Y.XmlFragment();
	fragment.insert(0, paragraphsOf(typeof text === 'string' ? text : ''));
	return fragment;
}

const plainMap = (value: unknown) => toYMap(value as Record<string, unknown>);

/** A step's shared types: the note as a fragment, emotions and demands as Y.Maps. */
const STEP_NESTED = {
	[ENTRY_KEYS.note]: noteOf,
	[ENTRY_KEYS.emotions]: plainMap,
	[ENTRY_KEYS.demands]: plainMap
};

/**
 * A ticket's reply thread as a Y.Array of plain replies: two people replying
 * at once (the vakafdeling and the workshop) both keep their reply, where a
 * plain array set as one value would keep only the last writer's.
 */
export function repliesArray(replies: unknown): Y.Array<unknown> {
	const array = new Y.Array<unknown>();
	array.push(Array.isArray(replies) ? [...replies] : []);
	return array;
}

/** A ticket as a Y.Map, its thread as a Y.Array. */
export function ticketToYMap(ticket: Ticket): EntityMap {
	return toYMap(ticket, { [ENTRY_KEYS.replies]: repliesArray });
}

/** A persona's embedded copy: the library's schemaVersion stays in the library. */
function personaToYMap(persona: Persona): EntityMap {
	const { schemaVersion: _version, ...rest } = persona;
	return toYMap(rest);
}

/**
 * Writes a whole journey into an empty doc (or replaces what is there).
 * Throws a ValidationError (and writes nothing) when it is not a valid Journey.
 */
export function writeJourney(doc: Y.Doc, input: Journey, origin?: Origin): void {
	const journey = validate(Journey, input);
	const l = layout(doc);
	write(doc, origin, () => {
		l.meta.set(META_KEYS.schemaVersion, CURRENT_SCHEMA_VERSION);
		l.meta.set(META_KEYS.title, journey.title);
		l.meta.set(META_KEYS.description, journey.description);
		l.meta.set(META_KEYS.organisation, journey.organisation);
		if (journey.basedOn) l.meta.set(META_KEYS.basedOn, journey.basedOn);
		else l.meta.delete(META_KEYS.basedOn);
		l.stages.delete(0, l.stages.length);
		l.stages.push(journey.stages.map((s) => toYMap(s)));
		l.channels.delete(0, l.channels.length);
		l.channels.push(journey.channels.map((c) => toYMap(c)));
		for (const map of [l.steps, l.personas, l.painPoints, l.tickets]) map.clear();
		for (const p of journey.personas) l.personas.set(p.id, personaToYMap(p));
		for (const s of journey.steps) l.steps.set(s.id, toYMap(s, STEP_NESTED));
		for (const p of journey.painPoints) l.painPoints.set(p.id, toYMap(p));
		for (const t of journey.tickets) l.tickets.set(t.id, ticketToYMap(t));
	});
}

/** A Y value as plain data; a step's note fragment becomes its text. */
export function toPlain(value: unknown): unknown {
	if (value instanceof Y.XmlFragment) return fragmentToText(value);
	if (value instanceof Y.Map) {
		const out: Record<string, unknown> = {};
		for (const [k, v] of value.entries()) out[k] = toPlain(v);
		return out;
	}
	if (value instanceof Y.Array) return value.toArray().map(toPlain);
	if (value instanceof Y.AbstractType) return value.toJSON();
	return value;
}

type Parser<T> = {
	safeParse(v: unknown): { success: true; data: T } | { success: false; error: ZodError };
};

function parseEntry<T extends { id: string }>(
	schema: Parser<T>,
	raw: unknown,
	path: string,
	problems: Problem[],
	key?: string
): T | null {
	let value = raw;
	if (key !== undefined && value && typeof value === 'object' && !('id' in value)) {
		value = { ...value, id: key };
	}
	const result = schema.safeParse(value);
	if (!result.success) {
		for (const issue of toIssues(result.error)) {
			problems.push({ path: issue.path ? `${path}.${issue.path}` : path, message: issue.message });
		}
		return null;
	}
	if (key !== undefined && result.data.id !== key) {
		problems.push({ path: `${path}.id`, message: `Id "${result.data.id}" hoort bij sleutel "${key}"` });
		return null;
	}
	return result.data;
}

function readList<T extends { id: string }>(
	array: Y.Array<EntityMap>,
	schema: Parser<T>,
	name: string,
	problems: Problem[]
): T[] {
	const seen = new Set<string>();
	const out: T[] = [];
	array.toArray().forEach((entry, i) => {
		const item = parseEntry(schema, toPlain(entry), `${name}.${i}`, problems);
		if (!item) return;
		if (seen.has(item.id)) {
			problems.push({ path: `${name}.${i}.id`, message: `Dubbel id "${item.id}"` });
			return;
		}
		seen.add(item.id);
		out.push(item);
	});
	return out;
}

function readMap<T extends { id: string }>(
	map: Y.Map<EntityMap>,
	schema: Parser<T>,
	name: string,
	problems: Problem[],
	memo: EntryMemo | null
): T[] {
	const out: T[] = [];
	for (const key of [...map.keys()].sort()) {
		const entry: unknown = map.get(key);
		const kept = entry instanceof Y.AbstractType ? memo?.entries.get(entry) : undefined;
		if (kept && kept.key === key) {
			problems.push(...kept.problems);
			if (kept.value) out.push(kept.value as T);
			continue;
		}
		const own: Problem[] = [];
		const item = parseEntry(schema, toPlain(entry), `${name}.${key}`, own, key);
		problems.push(...own);
		if (item) out.push(item);
		if (memo && entry instanceof Y.AbstractType) memo.entries.set(entry, { key, value: item, problems: own });
	}
	return out;
}

/**
 * Parsed entries of one doc (a step, a persona, a pain point, a ticket), kept
 * until something in the entry changes: after an edit, reading a 300-step
 * journey parses the one step that changed instead of all of them. Every
 * transaction drops the entries it touched, found by walking up from each
 * changed type (`transaction.changed`) to the root, before any observer runs
 * (`beforeObserverCalls`). Only used while no transaction is open or waiting
 * for its cleanup, so a read can never see an entry from before a change.
 * The parsed values are shared between reads: treat them as read-only.
 */
type EntryMemo = {
	entries: WeakMap<Y.AbstractType<unknown>, { key: string; value: unknown; problems: Problem[] }>;
};

const memos = new WeakMap<Y.Doc, EntryMemo>();

function memoOf(doc: Y.Doc): EntryMemo | null {
	// Inside a transaction, or before the cleanup of one has run, the changes are not known yet.
	if (doc._transaction !== null || doc._transactionCleanups.length > 0) return null;
	let memo = memos.get(doc);
	if (!memo) {
		const created: EntryMemo = { entries: new WeakMap() };
		doc.on('beforeObserverCalls', (transaction: Y.Transaction) => {
			for (const type of transaction.changed.keys()) {
				for (let t: unknown = type; t instanceof Y.AbstractType; t = t._item?.parent) {
					created.entries.delete(t);
				}
			}
		});
		memos.set(doc, created);
		memo = created;
	}
	return memo;
}

/**
 * Calls `fn` once the doc's transactions (local edits and updates from the
 * server alike) are done and cleaned up, when any of them changed the doc:
 * the moment `readJourney` can reuse every entry that did not change. In the
 * doc's own 'update' event the cleanup is still running, so a read there
 * parses every entry again (8.9 ms against 2.7 ms for a 300-step journey
 * after a one-step edit, in Node). Returns the function that stops listening.
 */
export function onDocChanged(doc: Y.Doc, fn: () => void): () => void {
	let changed = false;
	const mark = () => (changed = true);
	const settled = () => {
		if (!changed) return;
		changed = false;
		fn();
	};
	doc.on('update', mark);
	doc.on('afterAllTransactions', settled);
	return () => {
		doc.off('update', mark);
		doc.off('afterAllTransactions', settled);
	};
}

const TITLE_FALLBACK = 'Klantreis zonder titel';

/** `{ basedOn }` when meta holds a valid id; a foreign client's odd value is reported and left out. */
function basedOnOf(raw: unknown, problems: Problem[]): { basedOn?: string } {
	if (raw === undefined) return {};
	const parsed = Id.safeParse(raw);
	if (parsed.success) return { basedOn: parsed.data };
	problems.push({ path: `meta.${META_KEYS.basedOn}`, message: 'Geen geldig id van een klantreis' });
	return {};
}

/**
 * Reads the doc back into a Journey that validates against the schema.
 * Entries that do not validate, or whose references do not resolve, are
 * left out and listed in `problems`. Outside a transaction, entries that did
 * not change since the last read of the same doc are not parsed again (see
 * EntryMemo); the result is the same.
 */
export function readJourney(doc: Y.Doc, id: string): { journey: Journey; problems: Problem[] } {
	const l = layout(doc);
	const memo = memoOf(doc);
	const problems: Problem[] = [];
	const metaText = (key: keyof typeof META_KEYS, max: number): string => {
		const v = l.meta.get(META_KEYS[key]);
		if (v === undefined) return '';
		if (typeof v === 'string' && v.length <= max) return v;
		problems.push({ path: `meta.${key}`, message: `Geen geldige tekst (hoogstens ${max} tekens)` });
		return '';
	};
	let title = metaText('title', 200).trim();
	if (!title) {
		problems.push({ path: 'meta.title', message: 'De titel ontbreekt' });
		title = TITLE_FALLBACK;
	}

	const stages = readList(l.stages, Stage, 'stages', problems);
	const channels = readList(l.channels, Channel, 'channels', problems);
	const personas = readMap(l.personas, Persona, 'personas', problems, memo).map((p) => {
		const { schemaVersion: _v, ...rest } = p;
		return rest;
	});
	const stageIds = new Set(stages.map((s) => s.id));
	const channelIds = new Set(channels.map((c) => c.id));
	const personaIds = new Set(personas.map((p) => p.id));

	// Reis order: by fase, then by order within the fase (sortByReis), as every view numbers them.
	const read = readMap(l.steps, Step, 'steps', problems, memo)
		.filter((s) => {
			if (!stageIds.has(s.stageId)) {
				problems.push({ path: `steps.${s.id}.stageId`, message: `Onbekende fase "${s.stageId}"` });
				return false;
			}
			if (!channelIds.has(s.channelId)) {
				problems.push({ path: `steps.${s.id}.channelId`, message: `Onbekend kanaal "${s.channelId}"` });
				return false;
			}
			return true;
		})
		.map((s) => {
			const emotions: Record<string, number> = {};
			for (const [personaId, value] of Object.entries(s.emotions)) {
				if (personaIds.has(personaId)) emotions[personaId] = value;
				else problems.push({ path: `steps.${s.id}.emotions.${personaId}`, message: 'Onbekende persona' });
			}
			return { ...s, emotions };
		});
	const steps = sortByReis(read, stages);
	const stepIds = new Set(steps.map((s) => s.id));

	const painPoints = readMap(l.painPoints, PainPoint, 'painPoints', problems, memo).filter((p) => {
		if (stepIds.has(p.stepId)) return true;
		problems.push({ path: `painPoints.${p.id}.stepId`, message: `Onbekende stap "${p.stepId}"` });
		return false;
	});
	const painPointIds = new Set(painPoints.map((p) => p.id));

	const tickets = readMap(l.tickets, Ticket, 'tickets', problems, memo).map((t) => ({
		...t,
		painPointIds: t.painPointIds.filter((pid) => {
			if (painPointIds.has(pid)) return true;
			problems.push({ path: `tickets.${t.id}.painPointIds`, message: `Onbekend pijnpunt "${pid}"` });
			return false;
		})
	}));

	const candidate = {
		schemaVersion: CURRENT_SCHEMA_VERSION,
		id,
		title,
		description: metaText('description', 5000),
		organisation: metaText('organisation', 200).trim(),
		...basedOnOf(l.meta.get(META_KEYS.basedOn), problems),
		stages,
		channels,
		personas,
		steps,
		painPoints,
		tickets
	};
	// Every entry was parsed above; what is left to check is the whole (limits, references).
	const checked = JourneyOfParsedEntries.safeParse(candidate);
	if (checked.success) return { journey: checked.data, problems };
	// Every entry passed on its own; what is left is a limit on the whole. Report it and
	// fall back to the skeleton, which always validates, rather than serve an invalid journey.
	problems.push(...toIssues(checked.error));
	return {
		journey: Journey.parse({
			...candidate,
			stages: stages.slice(0, 50),
			channels: channels.slice(0, 50),
			personas: personas.slice(0, 20),
			steps: [],
			painPoints: [],
			tickets: []
		}),
		problems
	};
}

/**
 * Adds a step (contactmoment); fields the caller leaves out get the schema's
 * defaults. Throws a ValidationError for an invalid step, an id already in
 * use, or a fase or kanaal that does not exist.
 */
export function addStep(
	doc: Y.Doc,
	input: Pick<Step, 'id' | 'title' | 'stageId' | 'channelId'> & Partial<Step>,
	origin?: Origin
): Step {
	const step = validate(Step, input);
	const l = layout(doc);
	if (l.steps.has(step.id)) refuse('id', `Dubbel id "${step.id}"`);
	requireLanes(doc, step);
	write(doc, origin, () => l.steps.set(step.id, toYMap(step, STEP_NESTED)));
	return step;
}

/** Refuses a step whose fase or kanaal is not on the map (a snapshot would leave it out). */
function requireLanes(doc: Y.Doc, step: Pick<Step, 'stageId' | 'channelId'>): void {
	const l = layout(doc);
	if (indexOf(l.stages, step.stageId) < 0) refuse('stageId', `Onbekende fase "${step.stageId}"`);
	if (indexOf(l.channels, step.channelId) < 0) refuse('channelId', `Onbekend kanaal "${step.channelId}"`);
}

/** A step's fields that have a writer of their own (a note, emotions, demands). */
const STEP_OWN_WRITERS = [ENTRY_KEYS.note, ENTRY_KEYS.emotions, ENTRY_KEYS.demands];

/**
 * Changes plain fields of a step (not its note, emotions or demands). The
 * step with the changes is validated as a whole first (a ValidationError with
 * the field's path, nothing written); a fase or kanaal must exist. Only the
 * fields that differ are set. Does nothing for a step that is gone.
 */
export function updateStep(
	doc: Y.Doc,
	id: string,
	changes: Partial<
		Pick<Step, 'title' | 'stageId' | 'channelId' | 'order' | 'owner' | 'actions' | 'deadlines' | 'waitDays'>
	>,
	origin?: Origin
): void {
	const map = layout(doc).steps.get(id);
	if (!map) return;
	// A field left undefined is not changed (as before: these fields cannot be removed).
	const given = Object.fromEntries(
		Object.entries(changes).filter(([k, v]) => v !== undefined && !STEP_OWN_WRITERS.includes(k as never))
	);
	const current = toPlain(map) as Record<string, unknown>;
	const next = validate(Step, { ...current, ...given, id });
	if (next.stageId !== current.stageId || next.channelId !== current.channelId) requireLanes(doc, next);
	const keys = Object.keys(given);
	write(doc, origin, () => setChangedFields(map, current, next, keys));
}

export function removeStep(doc: Y.Doc, id: string, origin?: Origin): void {
	const l = layout(doc);
	write(doc, origin, () => {
		l.steps.delete(id);
		// A pain point without its step, or a ticket pointing at a removed pain point,
		// would only be reported and left out of every snapshot: remove them along.
		const removed = new Set<string>();
		for (const [pid, p] of l.painPoints.entries()) {
			if (p.get(ENTRY_KEYS.stepId) === id) {
				l.painPoints.delete(pid);
				removed.add(pid);
			}
		}
		dropPainPoints(doc, removed);
	});
}

/**
 * Takes removed pain points out of every ticket that pointed at them (a ticket
 * keeping the id would only have it reported and filtered on every read).
 * Call inside `write`.
 */
export function dropPainPoints(doc: Y.Doc, removed: ReadonlySet<string>): void {
	if (removed.size === 0) return;
	for (const ticket of layout(doc).tickets.values()) {
		const ids = ticket.get(ENTRY_KEYS.painPointIds);
		if (Array.isArray(ids) && ids.some((pid) => removed.has(pid))) {
			ticket.set(
				ENTRY_KEYS.painPointIds,
				ids.filter((pid) => !removed.has(pid))
			);
		}
	}
}

/**
 * The order value that puts a new step after every existing one: since the reis
 * is ordered by fase first, the new step comes last within its own fase.
 */
export function nextOrder(doc: Y.Doc): number {
	let max = 0;
	for (const map of layout(doc).steps.values()) {
		const order = map.get(ENTRY_KEYS.order);
		if (typeof order === 'number' && Number.isFinite(order)) max = Math.max(max, order);
	}
	return max + 1;
}

/** Moves a step to another cell and/or place in the reis (validated as `updateStep`). */
export function moveStep(
	doc: Y.Doc,
	id: string,
	to: { stageId: string; channelId: string; order: number },
	origin?: Origin
): void {
	updateStep(doc, id, to, origin);
}

/**
 * The Y.Map under `key` of a step (emotions, demands); a plain object a
 * foreign client wrote there becomes a Y.Map once, with its entries. Call inside `write`.
 */
function stepMap(step: EntityMap, key: string): Y.Map<unknown> {
	const value = step.get(key);
	if (value instanceof Y.Map) return value as Y.Map<unknown>;
	const map = toYMap(value && typeof value === 'object' ? (value as Record<string, unknown>) : {});
	step.set(key, map);
	return map;
}

/**
 * Sets (or, with null, clears) how a persona feels at a step (-2..2).
 * Throws a ValidationError for another value or a persona not on the journey.
 */
export function setEmotion(
	doc: Y.Doc,
	stepId: string,
	personaId: string,
	value: number | null,
	origin?: Origin
): void {
	const l = layout(doc);
	const step = l.steps.get(stepId);
	if (!step) return;
	const emotion = value === null ? null : validate(Emotion, value, `emotions.${personaId}`);
	if (emotion !== null && !l.personas.has(personaId)) {
		refuse(`emotions.${personaId}`, 'Onbekende persona');
	}
	write(doc, origin, () => {
		const map = stepMap(step, ENTRY_KEYS.emotions);
		if (emotion === null) map.delete(personaId);
		else map.set(personaId, emotion);
	});
}

/**
 * The rich-text note of a step. When a foreign client left it out or wrote a
 * string, a writer (`create`) turns it into a fragment (without loss); a
 * reader gets null, and so does anyone for a note of another type (a Y.Text).
 * The conversion has no origin of a person: it is nobody's edit to undo.
 */
export function noteFragment(doc: Y.Doc, stepId: string, create = true): Y.XmlFragment | null {
	const step = layout(doc).steps.get(stepId);
	if (!step) return null;
	const note = step.get(ENTRY_KEYS.note);
	if (note instanceof Y.XmlFragment) return note;
	// Another shared type (a Y.Text a foreign client wrote) is never replaced: the page
	// shows its text read-only; only a missing note or a plain string becomes a fragment.
	if (!create || (note !== undefined && typeof note !== 'string')) return null;
	const fragment = noteOf(note);
	write(doc, undefined, () => step.set(ENTRY_KEYS.note, fragment));
	return fragment;
}

/**
 * Replaces the text of a step's note (a fragment of a doc) with `text`, one
 * paragraph per line. Throws a ValidationError past the schema's length.
 */
export function setNoteText(fragment: Y.XmlFragment, text: string, origin?: Origin): void {
	const valid = validate(Step.shape.note, text, ENTRY_KEYS.note);
	const doc = fragment.doc;
	if (!doc) return textToFragment(valid, fragment);
	write(doc, origin, () => textToFragment(valid, fragment));
}

type ListName = 'stages' | 'channels';
const LANE_SCHEMA = { stages: Stage, channels: Channel } as const;

function indexOf(list: Y.Array<EntityMap>, id: string): number {
	return list.toArray().findIndex((m) => m.get(ENTRY_KEYS.id) === id);
}

/**
 * Adds a fase or kanaal at the end (or at `index`). Throws a ValidationError
 * for an invalid entry (a name too long, an unknown kind) or an id in use.
 */
export function addLane(
	doc: Y.Doc,
	which: ListName,
	entry: { id: string; name: string; kind?: string },
	index?: number,
	origin?: Origin
): void {
	const lane = validate<Stage | Channel>(LANE_SCHEMA[which], entry);
	const list = layout(doc)[which];
	if (indexOf(list, lane.id) >= 0) refuse('id', `Dubbel id "${lane.id}"`);
	write(doc, origin, () => list.insert(index ?? list.length, [toYMap(lane)]));
}

/** Changes fields of a fase or kanaal, validated as a whole first; nothing for one that is gone. */
function updateLane(
	doc: Y.Doc,
	which: ListName,
	id: string,
	changes: Record<string, unknown>,
	origin?: Origin
): void {
	const list = layout(doc)[which];
	const i = indexOf(list, id);
	if (i < 0) return;
	const map = list.get(i);
	const current = toPlain(map) as Record<string, unknown>;
	const next: Record<string, unknown> = validate<Stage | Channel>(LANE_SCHEMA[which], {
		...current,
		...changes,
		id
	});
	write(doc, origin, () => setChangedFields(map, current, next, Object.keys(changes)));
}

/** Renames a fase or kanaal; throws a ValidationError for an empty or too long name. */
export function renameLane(doc: Y.Doc, which: ListName, id: string, name: string, origin?: Origin): void {
	updateLane(doc, which, id, { name }, origin);
}

/** Sets a kanaal's kind; throws a ValidationError for a kind the contract does not list. */
export function setChannelKind(doc: Y.Doc, id: string, kind: string, origin?: Origin): void {
	updateLane(doc, 'channels', id, { kind }, origin);
}

/**
 * Sets fields of a fase (`humanAlternative`, `humanAlternativeNote`); a field
 * set to undefined is removed. Validated as `renameLane`.
 */
export function updateStage(
	doc: Y.Doc,
	id: string,
	changes: Partial<Omit<Stage, 'id'>>,
	origin?: Origin
): void {
	updateLane(doc, 'stages', id, changes, origin);
}

/**
 * Moves a fase or kanaal one place (delta -1 or 1). A Y.Array cannot move an
 * item, so the entry is re-inserted as a copy of its plain fields.
 */
export function moveLane(doc: Y.Doc, which: ListName, id: string, delta: number, origin?: Origin): void {
	const list = layout(doc)[which];
	const from = indexOf(list, id);
	const to = from + delta;
	if (from < 0 || to < 0 || to >= list.length) return;
	write(doc, origin, () => {
		const copy = toYMap(list.get(from).toJSON() as Record<string, unknown>);
		list.delete(from, 1);
		list.insert(to, [copy]);
	});
}

/** Removes a fase or kanaal together with its steps (and so their pain points). */
export function removeLane(doc: Y.Doc, which: ListName, id: string, origin?: Origin): void {
	const l = layout(doc);
	const list = l[which];
	const key = which === 'stages' ? ENTRY_KEYS.stageId : ENTRY_KEYS.channelId;
	write(doc, origin, () => {
		const i = indexOf(list, id);
		if (i >= 0) list.delete(i, 1);
		for (const [stepId, step] of [...l.steps.entries()]) if (step.get(key) === id) removeStep(doc, stepId);
	});
}

/**
 * Attaches an embedded copy of a persona to the journey (or replaces the
 * copy). Throws a ValidationError (nothing written) when it is not a valid Persona.
 */
export function putPersona(doc: Y.Doc, input: Persona, origin?: Origin): void {
	const persona = validate(Persona, input);
	write(doc, origin, () => layout(doc).personas.set(persona.id, personaToYMap(persona)));
}

/** Detaches a persona and its emotions on every step. */
export function removePersona(doc: Y.Doc, personaId: string, origin?: Origin): void {
	const l = layout(doc);
	write(doc, origin, () => {
		l.personas.delete(personaId);
		for (const step of l.steps.values()) {
			const emotions = step.get(ENTRY_KEYS.emotions);
			if (emotions instanceof Y.Map) emotions.delete(personaId);
			else if (emotions && typeof emotions === 'object' && personaId in emotions) {
				const { [personaId]: _gone, ...rest } = emotions as Record<string, unknown>;
				step.set(ENTRY_KEYS.emotions, toYMap(rest));
			}
		}
	});
}

/** The journey fields in `meta` a person may change. */
const META_FIELDS = {
	title: Journey.shape.title,
	description: Journey.shape.description,
	organisation: Journey.shape.organisation
};

/**
 * Sets the journey's title, description or organisation. Throws a
 * ValidationError (path `title`, ...) for an empty title or a text too long.
 */
export function setMeta(
	doc: Y.Doc,
	changes: Partial<Record<keyof typeof META_FIELDS, string>>,
	origin?: Origin
): void {
	const valid: [keyof typeof META_FIELDS, string][] = [];
	for (const key of Object.keys(META_FIELDS) as (keyof typeof META_FIELDS)[]) {
		if (changes[key] !== undefined) valid.push([key, validate<string>(META_FIELDS[key], changes[key], key)]);
	}
	const meta = layout(doc).meta;
	write(doc, origin, () => {
		for (const [key, value] of valid) meta.set(META_KEYS[key], value);
	});
}

/**
 * Sets what a step asks of one doenvermogen component (an integer 0..5).
 * Throws a ValidationError (path `demands.<component>`) for another value.
 */
export function setDemand(
	doc: Y.Doc,
	stepId: string,
	component: Component,
	value: number,
	origin?: Origin
): void {
	const step = layout(doc).steps.get(stepId);
	if (!step) return;
	const demand = validate(Demands.shape[component], value, `demands.${component}`);
	write(doc, origin, () => stepMap(step, ENTRY_KEYS.demands).set(component, demand));
}

/**
 * Sets the stress of a persona on this journey (an integer 0..3): the "what
 * if" of the stress slider, live for everyone. Throws a ValidationError for another value.
 */
export function setPersonaStress(doc: Y.Doc, personaId: string, stress: number, origin?: Origin): void {
	const persona = layout(doc).personas.get(personaId);
	if (!persona) return;
	const current = toPlain(persona) as Record<string, unknown>;
	const next: Record<string, unknown> = validate(Persona, { ...current, stress, id: personaId });
	write(doc, origin, () => setChangedFields(persona, current, next, ['stress']));
}
