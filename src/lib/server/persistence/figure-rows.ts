import { matchKey, type ContactFigure } from '$lib/analysis/contacts';

/**
 * Contact figures as rows of `contact_figures`, the same for both stores
 * (schema.ts): the columns, the values of one figure, and a row read back.
 */

/** The stored columns of a contact figure, in the order `valuesOf` gives them. */
export const COLUMNS =
	'journey_id, month, topic_key, channel_key, topic, channel, contacts, ftr_known, ftr, fwd_known, fwd, cb_known, cb, cbf_known, cbf';

/** The values of one contact figure for COLUMNS (both stores insert these). */
export function valuesOf(journeyId: string, f: ContactFigure): unknown[] {
	return [
		journeyId,
		f.month,
		matchKey(f.topic),
		matchKey(f.channel),
		f.topic,
		f.channel,
		f.contacts,
		f.firstTimeRightKnown,
		f.firstTimeRight,
		f.forwardedKnown,
		f.forwarded,
		f.callbackKnown,
		f.callback,
		f.callbackFollowedUpKnown,
		f.callbackFollowedUp
	];
}

/** What `figureOf` reads: every stored column but the journey and the match keys. */
export const SELECT =
	'SELECT month, topic, channel, contacts, ftr_known, ftr, fwd_known, fwd, cb_known, cb, cbf_known, cbf FROM contact_figures';

/** A stored row (SELECT; counts as numbers) as a ContactFigure. */
export function figureOf(r: Record<string, number | string>): ContactFigure {
	return {
		month: r.month,
		topic: r.topic,
		channel: r.channel,
		contacts: r.contacts,
		firstTimeRightKnown: r.ftr_known,
		firstTimeRight: r.ftr,
		forwardedKnown: r.fwd_known,
		forwarded: r.fwd,
		callbackKnown: r.cb_known,
		callback: r.cb,
		callbackFollowedUpKnown: r.cbf_known,
		callbackFollowedUp: r.cbf
	} as ContactFigure;
}
