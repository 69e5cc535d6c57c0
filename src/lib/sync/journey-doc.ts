import * as Y from 'yjs';
import type { ZodError } from 'zod';
import {
	type Component,
	Channel,
	CURRENT_SCHEMA_VERSION,
	Id,
	Journey,
	PainPoint,
	Persona,
	sortByReis,
	Stage,
	Step,
	Ticket,
	toIssues,
	type Issue
} from '$lib/model';
import { KEYS, META_KEYS, layout, type EntityMap } from './doc-layout';

/**
 * Journey <-> Y.Doc. Writing maps a validated Journey onto the contract's
 * layout; reading validates entry by entry (safeParse), so one bad entry that
 * a foreign client wrote is reported and left out instead of breaking the
 * whole snapshot.
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

/** Replaces the content of a fragment that is part of a doc with the lines of `text`. */
export function textToFragment(text: string, fragment: Y.XmlFragment): void {
	if (fragment.length > 0) fragment.delete(0, fragment.length);
	fragment.insert(0, paragraphsOf(text));
}

function toYMap(entries: Record<string, unknown>): EntityMap {
	const map = new Y.Map<unknown>();
	for (const [key, value] of Object.entries(entries)) {
		if (value !== undefined) map.set(key, value);
	}
	return map;
}

function stepToYMap(step: Step): EntityMap {
	const { note, emotions, demands, ...rest } = step;
	const map = toYMap(rest);
	// Filled before it joins a doc: a new fragment must not be read until then.
	const fragment = new Y.XmlFragment();
	fragment.insert(0, paragraphsOf(note));
	map.set(KEYS.note, fragment);
	map.set('emotions', toYMap(emotions));
	map.set('demands', toYMap(demands));
	return map;
}

/** Writes a whole journey into an empty doc (or replaces what is there). */
export function writeJourney(doc: Y.Doc, journey: Journey, origin?: unknown): void {
	const l = layout(doc);
	doc.transact(() => {
		l.meta.set('schemaVersion', CURRENT_SCHEMA_VERSION);
		l.meta.set('title', journey.title);
		l.meta.set('description', journey.description);
		l.meta.set('organisation', journey.organisation);
		if (journey.basedOn) l.meta.set(META_KEYS.basedOn, journey.basedOn);
		else l.meta.delete(META_KEYS.basedOn);
		l.stages.delete(0, l.stages.length);
		l.stages.push(journey.stages.map((s) => toYMap(s)));
		l.channels.delete(0, l.channels.length);
		l.channels.push(journey.channels.map((c) => toYMap(c)));
		for (const map of [l.steps, l.personas, l.painPoints, l.tickets]) map.clear();
		for (const p of journey.personas) {
			const { schemaVersion: _version, ...persona } = p;
			l.personas.set(p.id, toYMap(persona));
		}
		for (const s of journey.steps) l.steps.set(s.id, stepToYMap(s));
		for (const p of journey.painPoints) l.painPoints.set(p.id, toYMap(p));
		for (const t of journey.tickets) l.tickets.set(t.id, toYMap(t));
	}, origin);
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
	const metaText = (key: string, max: number): string => {
		const v = l.meta.get(key);
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
	const checked = Journey.safeParse(candidate);
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

/** Adds a step (contactmoment); fields the caller leaves out get the schema's defaults. */
export function addStep(
	doc: Y.Doc,
	input: Pick<Step, 'id' | 'title' | 'stageId' | 'channelId'> & Partial<Step>,
	origin?: unknown
): Step {
	const step = Step.parse(input);
	doc.transact(() => layout(doc).steps.set(step.id, stepToYMap(step)), origin);
	return step;
}

/** Changes plain fields of a step (not its note, emotions or demands). */
export function updateStep(
	doc: Y.Doc,
	id: string,
	changes: Partial<
		Pick<Step, 'title' | 'stageId' | 'channelId' | 'order' | 'owner' | 'actions' | 'deadlines' | 'waitDays'>
	>,
	origin?: unknown
): void {
	const map = layout(doc).steps.get(id);
	if (!map) return;
	doc.transact(() => {
		for (const [key, value] of Object.entries(changes)) if (value !== undefined) map.set(key, value);
	}, origin);
}

export function removeStep(doc: Y.Doc, id: string, origin?: unknown): void {
	const l = layout(doc);
	doc.transact(() => {
		l.steps.delete(id);
		// A pain point without its step, or a ticket pointing at a removed pain point,
		// would only be reported and left out of every snapshot: remove them along.
		const removed = new Set<string>();
		for (const [pid, p] of l.painPoints.entries()) {
			if (p.get('stepId') === id) {
				l.painPoints.delete(pid);
				removed.add(pid);
			}
		}
		if (removed.size === 0) return;
		for (const ticket of l.tickets.values()) {
			const ids = ticket.get('painPointIds');
			if (Array.isArray(ids) && ids.some((pid) => removed.has(pid))) {
				ticket.set(
					'painPointIds',
					ids.filter((pid) => !removed.has(pid))
				);
			}
		}
	}, origin);
}

/**
 * The order value that puts a new step after every existing one: since the reis
 * is ordered by fase first, the new step comes last within its own fase.
 */
export function nextOrder(doc: Y.Doc): number {
	let max = 0;
	for (const map of layout(doc).steps.values()) {
		const order = map.get('order');
		if (typeof order === 'number' && Number.isFinite(order)) max = Math.max(max, order);
	}
	return max + 1;
}

/** Moves a step to another cell and/or place in the reis. */
export function moveStep(
	doc: Y.Doc,
	id: string,
	to: { stageId: string; channelId: string; order: number },
	origin?: unknown
): void {
	updateStep(doc, id, to, origin);
}

/** Sets (or, with null, clears) how a persona feels at a step. */
export function setEmotion(
	doc: Y.Doc,
	stepId: string,
	personaId: string,
	value: number | null,
	origin?: unknown
): void {
	const step = layout(doc).steps.get(stepId);
	if (!step) return;
	doc.transact(() => {
		let emotions = step.get('emotions');
		if (!(emotions instanceof Y.Map)) {
			// A foreign client may have written a plain object: upgrade it to a Y.Map once.
			const plain = emotions && typeof emotions === 'object' ? (emotions as Record<string, unknown>) : {};
			emotions = toYMap(plain);
			step.set('emotions', emotions);
		}
		const map = emotions as Y.Map<unknown>;
		if (value === null) map.delete(personaId);
		else map.set(personaId, value);
	}, origin);
}

/**
 * The rich-text note of a step. When a foreign client left it out or wrote a
 * string, a writer (`create`) turns it into a fragment (without loss); a
 * reader gets null, and so does anyone for a note of another type (a Y.Text).
 */
export function noteFragment(doc: Y.Doc, stepId: string, create = true): Y.XmlFragment | null {
	const step = layout(doc).steps.get(stepId);
	if (!step) return null;
	const note = step.get(KEYS.note);
	if (note instanceof Y.XmlFragment) return note;
	// Another shared type (a Y.Text a foreign client wrote) is never replaced: the page
	// shows its text read-only; only a missing note or a plain string becomes a fragment.
	if (!create || (note !== undefined && typeof note !== 'string')) return null;
	const fragment = new Y.XmlFragment();
	fragment.insert(0, paragraphsOf(typeof note === 'string' ? note : ''));
	doc.transact(() => step.set(KEYS.note, fragment));
	return fragment;
}

type ListName = 'stages' | 'channels';

function indexOf(list: Y.Array<EntityMap>, id: string): number {
	return list.toArray().findIndex((m) => m.get('id') === id);
}

/** Adds a fase or kanaal at the end (or at `index`). */
export function addLane(
	doc: Y.Doc,
	which: ListName,
	entry: { id: string; name: string; kind?: string },
	index?: number,
	origin?: unknown
): void {
	const list = layout(doc)[which];
	doc.transact(() => list.insert(index ?? list.length, [toYMap(entry)]), origin);
}

export function renameLane(doc: Y.Doc, which: ListName, id: string, name: string, origin?: unknown): void {
	const list = layout(doc)[which];
	const i = indexOf(list, id);
	if (i >= 0) doc.transact(() => list.get(i).set('name', name), origin);
}

export function setChannelKind(doc: Y.Doc, id: string, kind: string, origin?: unknown): void {
	const list = layout(doc).channels;
	const i = indexOf(list, id);
	if (i >= 0) doc.transact(() => list.get(i).set('kind', kind), origin);
}

/**
 * Moves a fase or kanaal one place (delta -1 or 1). A Y.Array cannot move an
 * item, so the entry is re-inserted as a copy of its plain fields.
 */
export function moveLane(doc: Y.Doc, which: ListName, id: string, delta: number, origin?: unknown): void {
	const list = layout(doc)[which];
	const from = indexOf(list, id);
	const to = from + delta;
	if (from < 0 || to < 0 || to >= list.length) return;
	doc.transact(() => {
		const copy = toYMap(list.get(from).toJSON() as Record<string, unknown>);
		list.delete(from, 1);
		list.insert(to, [copy]);
	}, origin);
}

/** Removes a fase or kanaal together with its steps (and so their pain points). */
export function removeLane(doc: Y.Doc, which: ListName, id: string, origin?: unknown): void {
	const l = layout(doc);
	const list = l[which];
	const key = which === 'stages' ? 'stageId' : 'channelId';
	doc.transact(() => {
		const i = indexOf(list, id);
		if (i >= 0) list.delete(i, 1);
		for (const [stepId, step] of [...l.steps.entries()]) if (step.get(key) === id) removeStep(doc, stepId);
	}, origin);
}

/** Attaches an embedded copy of a persona to the journey (or replaces the copy). */
export function putPersona(
	doc: Y.Doc,
	persona: Record<string, unknown> & { id: string },
	origin?: unknown
): void {
	const { schemaVersion: _v, ...rest } = persona;
	doc.transact(() => layout(doc).personas.set(persona.id, toYMap(rest)), origin);
}

/** Detaches a persona and its emotions on every step. */
export function removePersona(doc: Y.Doc, personaId: string, origin?: unknown): void {
	const l = layout(doc);
	doc.transact(() => {
		l.personas.delete(personaId);
		for (const step of l.steps.values()) {
			const emotions = step.get('emotions');
			if (emotions instanceof Y.Map) emotions.delete(personaId);
			else if (emotions && typeof emotions === 'object' && personaId in emotions) {
				const { [personaId]: _gone, ...rest } = emotions as Record<string, unknown>;
				step.set('emotions', toYMap(rest));
			}
		}
	}, origin);
}

/** Sets the journey's title, description or organisation. */
export function setMeta(
	doc: Y.Doc,
	changes: Partial<Record<'title' | 'description' | 'organisation', string>>,
	origin?: unknown
): void {
	const meta = layout(doc).meta;
	doc.transact(() => {
		for (const [k, v] of Object.entries(changes)) if (v !== undefined) meta.set(k, v);
	}, origin);
}

/** Sets what a step asks of one doenvermogen component (0..5). */
export function setDemand(
	doc: Y.Doc,
	stepId: string,
	component: Component,
	value: number,
	origin?: unknown
): void {
	const step = layout(doc).steps.get(stepId);
	if (!step) return;
	doc.transact(() => {
		let demands = step.get('demands');
		if (!(demands instanceof Y.Map)) {
			const plain = demands && typeof demands === 'object' ? (demands as Record<string, unknown>) : {};
			demands = toYMap(plain);
			step.set('demands', demands);
		}
		(demands as Y.Map<unknown>).set(component, value);
	}, origin);
}

/** Sets the stress of a persona on this journey: the "what if" of the stress slider, live for everyone. */
export function setPersonaStress(doc: Y.Doc, personaId: string, stress: number, origin?: unknown): void {
	const persona = layout(doc).personas.get(personaId);
	if (persona) doc.transact(() => persona.set('stress', stress), origin);
}
