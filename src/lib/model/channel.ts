import { z } from 'zod';
import { Id, shortText } from './ids';

/** Kanaal kinds of the contract, in the order the UI offers them. */
export const CHANNEL_KINDS = [
	'balie',
	'telefoon',
	'e-mail',
	'website',
	'chat',
	'whatsapp',
	'sociale-media',
	'app',
	'brief',
	'mijnoverheid',
	'huisbezoek',
	'anders'
] as const;

export const ChannelKind = z.enum(CHANNEL_KINDS);
export type ChannelKind = z.infer<typeof ChannelKind>;

/** Dutch UI label per channel kind. */
export const CHANNEL_KIND_LABELS: Record<ChannelKind, string> = {
	balie: 'Balie',
	telefoon: 'Telefoon (KCC)',
	'e-mail': 'E-mail',
	website: 'Website',
	chat: 'Chat',
	whatsapp: 'WhatsApp',
	'sociale-media': 'Sociale media',
	app: 'App',
	brief: 'Brief',
	mijnoverheid: 'Persoonlijke pagina / MijnOverheid',
	huisbezoek: 'Huisbezoek / keukentafelgesprek',
	anders: 'Anders'
};

/** Channel (kanaal): a row of the map. */
export const Channel = z.object({
	id: Id,
	name: shortText(80),
	kind: ChannelKind.default('anders')
});
export type Channel = z.infer<typeof Channel>;

/**
 * Kanalen where a person answers the resident: desk, phone and home visit, and
 * also chat, WhatsApp and social media, where webcare answers quickly and
 * personally. The doenvermogentoets counts the rest as self-service.
 */
export const PERSONAL_CONTACT_KINDS: ReadonlySet<ChannelKind> = new Set([
	'balie',
	'telefoon',
	'huisbezoek',
	'chat',
	'whatsapp',
	'sociale-media'
]);

/**
 * "Bel" and "kom" of klik, bel, kom: the personal kanalen that need no screen
 * and no typing, so a resident without digital skills keeps a route. A fase
 * without a step on one of these has no human alternative (CONTRACT.md,
 * "Contact figures", coverage). A subset of PERSONAL_CONTACT_KINDS.
 */
export const HUMAN_ALTERNATIVE_KINDS: ReadonlySet<ChannelKind> = new Set(['telefoon', 'balie', 'huisbezoek']);
