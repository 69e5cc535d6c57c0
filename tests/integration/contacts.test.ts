import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, eventually, synced } from '../helpers/clients';
import { createJourney, readTemplate, startServer, type Created, type TestServer } from '../helpers/server';
import { stepFigures, type ContactFigure } from '../../src/lib/analysis/contacts';
import { Journey } from '../../src/lib/model';

/** Contact figures (CONTRACT.md, "Contact figures") against the real server. */

let server: TestServer;
let journey: Created;

beforeAll(async () => {
	server = await startServer();
	journey = await createJourney(server, readTemplate('verhuizing-doorgeven.json'));
});
afterAll(async () => {
	await server?.stop();
});

type StepFigures = {
	stepId: string;
	contacts: number;
	firstTimeRight: number | null;
	forwarded: number | null;
	byChannel: { channelId: string; contacts: number }[];
	byMonth: { month: string; contacts: number }[];
};

async function post(
	id: string,
	token: string,
	body: string | Uint8Array<ArrayBuffer>,
	type = 'text/csv; charset=utf-8',
	query = ''
) {
	const res = await fetch(`${server.url}/api/journeys/${id}/contacts${query}`, {
		method: 'POST',
		headers: { authorization: `Bearer ${token}`, 'content-type': type },
		body
	});
	return { status: res.status, body: (await res.json()) as any };
}

async function figures(id: string, token: string, query = '') {
	const res = await fetch(`${server.url}/api/journeys/${id}/figures${query}`, {
		headers: { authorization: `Bearer ${token}` }
	});
	expect(res.status).toBe(200);
	return (await res.json()) as { steps: StepFigures[]; months: string[] };
}

const step = (all: { steps: StepFigures[] }, id: string) => all.steps.find((s) => s.stepId === id)!;

// Personal data a real export carries; none of it may reach the database or the log.
const NAME = 'Jozefien Pietersma-Oudkerk';
const BSN = '123456782';
const PHONE = '06-98765432';
const SUMMARY = 'Klant belt boos over brief met schuldhulp';

const SEMICOLON_CSV =
	'\uFEFFDatum;Kanaal;Onderwerp;Naam klant;BSN;Telefoonnummer;Samenvatting;In één keer goed;Doorverbonden\r\n' +
	`14-01-2025;Telefoon;Status verhuizing;${NAME};${BSN};${PHONE};${SUMMARY};ja;nee\r\n` +
	`15-01-2025;Telefoon;Status verhuizing;${NAME};${BSN};${PHONE};"${SUMMARY}; en ""meer"" tekst";nee;ja\r\n` +
	`03-02-2025;Balie;status verhuizing ;${NAME};${BSN};${PHONE};${SUMMARY};;\r\n` +
	`04-02-2025;Telefoon;Parkeervergunning;${NAME};${BSN};${PHONE};${SUMMARY};ja;nee\r\n`;

describe('POST /api/journeys/:id/contacts', () => {
	it('imports a Dutch Excel CSV (BOM, `;`, CRLF, Dutch dates) and counts only', async () => {
		const { status, body } = await post(journey.id, journey.tokens.editor, SEMICOLON_CSV);
		expect(status).toBe(200);
		expect(body).toMatchObject({
			imported: 4,
			matched: 3,
			unmatched: [{ onderwerp: 'Parkeervergunning', contacts: 1 }],
			months: ['2025-01', '2025-02']
		});
		const all = await figures(journey.id, journey.tokens.viewer);
		expect(step(all, 's09-bellen-over-status')).toEqual({
			stepId: 's09-bellen-over-status',
			contacts: 3,
			firstTimeRight: 0.5,
			forwarded: 0.5,
			callbackFollowedUp: null,
			byChannel: [
				{ channelId: 'telefoon', contacts: 2 },
				{ channelId: 'balie', contacts: 1 }
			],
			byMonth: [
				{ month: '2025-01', contacts: 2 },
				{ month: '2025-02', contacts: 1 }
			]
		});
		expect(step(all, 's01-zoeken-op-website').contacts).toBe(0);

		// ?per=onderwerp adds the stored counts, which a live page counts against its own map:
		// only month, onderwerp, kanaal and numbers, and they give the same figures per step.
		const raw = (await figures(journey.id, journey.tokens.viewer, '?per=onderwerp')) as typeof all & {
			figures: ContactFigure[];
		};
		expect(raw.figures.map((f) => Object.keys(f).sort())[0]).toEqual(
			[
				'month',
				'topic',
				'channel',
				'contacts',
				'firstTimeRightKnown',
				'firstTimeRight',
				'forwardedKnown',
				'forwarded',
				'callbackKnown',
				'callback',
				'callbackFollowedUpKnown',
				'callbackFollowedUp'
			].sort()
		);
		expect(raw.figures.reduce((n, f) => n + f.contacts, 0)).toBe(4);
		expect(JSON.stringify(raw)).not.toContain(NAME);
		const snap = await (
			await fetch(`${server.url}/api/journeys/${journey.id}`, {
				headers: { authorization: `Bearer ${journey.tokens.viewer}` }
			})
		).json();
		expect(stepFigures(Journey.parse(snap), raw.figures)).toEqual(all.steps);
		expect(all).not.toHaveProperty('figures');
	});

	it('keeps personal data out of the database file and the log', async () => {
		// WAL mode: the data may sit in the -wal file until a checkpoint; read every file.
		const files = readdirSync(server.dataDir).map((f) => readFileSync(join(server.dataDir, f)));
		for (const value of [NAME, BSN, PHONE, SUMMARY]) {
			for (const bytes of files) expect(bytes.includes(Buffer.from(value)), value).toBe(false);
			expect(server.output()).not.toContain(value);
		}
	});

	it('replaces the months an import covers, so importing the same export twice changes nothing', async () => {
		const before = await figures(journey.id, journey.tokens.viewer);
		expect((await post(journey.id, journey.tokens.editor, SEMICOLON_CSV)).status).toBe(200);
		expect(await figures(journey.id, journey.tokens.viewer)).toEqual(before);
	});

	it('reads a `,` export with ISO dates, LF, unknown columns and quoted line breaks', async () => {
		const created = await createJourney(server, readTemplate('verhuizing-doorgeven.json'));
		const csv =
			'kanaal,datum,onderwerp,notitie,terugbelnotitie,terugbelnotitie opgevolgd\n' +
			'telefoon,2025-03-01,Afvalpas,"regel 1\nregel 2, met komma",ja,nee\n' +
			'Telefoon (KCC),2025-03-02T10:00:00Z,afvalpas,,ja,ja\n';
		const { status, body } = await post(created.id, created.tokens.facilitator, csv, 'text/csv');
		expect(status).toBe(200);
		expect(body.imported).toBe(2);
		const s14 = step(await figures(created.id, created.tokens.viewer), 's14-afvalpas-ophalen');
		expect(s14).toMatchObject({ contacts: 2, firstTimeRight: null, callbackFollowedUp: 0.5 });
		expect(s14.byChannel).toEqual([{ channelId: 'telefoon', contacts: 2 }]);
	});

	it('maps other column names with query parameters, and previews without storing', async () => {
		const created = await createJourney(server, readTemplate('verhuizing-doorgeven.json'));
		const csv = 'Moment;Medium;Thema\n2025-04-01;Balie;Afvalpas\n';
		const missing = await post(created.id, created.tokens.editor, csv);
		expect(missing.status).toBe(400);
		expect(missing.body.issues.map((i: { path: string }) => i.path)).toEqual([
			'columns.datum',
			'columns.kanaal',
			'columns.onderwerp'
		]);
		const query = '?datum=Moment&kanaal=Medium&onderwerp=Thema';
		const preview = await post(created.id, created.tokens.editor, csv, 'text/csv', `${query}&voorbeeld=1`);
		expect(preview.status).toBe(200);
		expect(preview.body.matched).toBe(1);
		expect(step(await figures(created.id, created.tokens.viewer), 's14-afvalpas-ophalen').contacts).toBe(0);
		expect((await post(created.id, created.tokens.editor, csv, 'text/csv', query)).status).toBe(200);
		expect(step(await figures(created.id, created.tokens.viewer), 's14-afvalpas-ophalen').contacts).toBe(1);
	});

	it('imports an Open Klant 2 list of klantcontacten', async () => {
		const created = await createJourney(server, readTemplate('verhuizing-doorgeven.json'));
		const list = [
			{
				kanaal: 'telefoon',
				onderwerp: 'DigiD',
				plaatsgevondenOp: '2025-05-02T10:00:00+02:00',
				indicatieContactGelukt: true,
				inhoud: SUMMARY
			},
			{
				kanaal: 'balie',
				onderwerp: 'DigiD',
				plaatsgevondenOp: '2025-06-02T10:00:00+02:00',
				indicatieContactGelukt: false
			}
		];
		const { status, body } = await post(
			created.id,
			created.tokens.editor,
			JSON.stringify({ results: list }),
			'application/json'
		);
		expect(status).toBe(200);
		expect(body).toMatchObject({ imported: 2, matched: 2, months: ['2025-05', '2025-06'] });
		expect(step(await figures(created.id, created.tokens.viewer), 's03-inloggen-digid').contacts).toBe(2);
	});

	it('refuses malformed input with the row and column, and changes nothing', async () => {
		const before = await figures(journey.id, journey.tokens.viewer);
		const bad =
			'datum;kanaal;onderwerp;doorverbonden\n' +
			'01-01-2025;Telefoon;Status verhuizing;ja\n' +
			'31-02-2025;Telefoon;Status verhuizing;ja\n' +
			'02-01-2025;;Status verhuizing;misschien\n';
		const { status, body } = await post(journey.id, journey.tokens.editor, bad);
		expect(status).toBe(400);
		expect(body.issues.map((i: { path: string }) => i.path)).toEqual([
			'rows.1.datum',
			'rows.2.kanaal',
			'rows.2.doorverbonden'
		]);
		expect(body.issues[0].message).toMatch(/Regel 3/);
		const json = await post(journey.id, journey.tokens.editor, '[{"kanaal":"telefoon"}]', 'application/json');
		expect(json.status).toBe(400);
		expect(json.body.issues[0].path).toBe('rows.0.plaatsgevondenOp');
		expect((await post(journey.id, journey.tokens.editor, '', 'text/csv')).status).toBe(400);
		expect(await figures(journey.id, journey.tokens.viewer)).toEqual(before);
	});

	it('is refused for a viewer and without a token', async () => {
		expect((await post(journey.id, journey.tokens.viewer, SEMICOLON_CSV)).status).toBe(403);
		const res = await fetch(`${server.url}/api/journeys/${journey.id}/contacts`, {
			method: 'POST',
			body: SEMICOLON_CSV
		});
		expect(res.status).toBe(401);
	});

	it('tells open pages at once: the journey document gets a new stamp', async () => {
		const created = await createJourney(server, readTemplate('verhuizing-doorgeven.json'));
		const client = connectClient(server.wsUrl, created.id, created.tokens.viewer);
		try {
			await synced(client);
			const meta = client.doc.getMap('meta');
			expect(meta.get('figuresChangedAt')).toBeUndefined();
			expect((await post(created.id, created.tokens.editor, SEMICOLON_CSV)).status).toBe(200);
			await eventually(() => typeof meta.get('figuresChangedAt') === 'number', 10_000, 'the figures stamp');
		} finally {
			client.destroy();
		}
	});
});

describe('GET /api/journeys/:id/coverage and /advies', () => {
	it('lists per fase whether a human alternative is left', async () => {
		const res = await fetch(`${server.url}/api/journeys/${journey.id}/coverage`, {
			headers: { authorization: `Bearer ${journey.tokens.viewer}` }
		});
		expect(res.status).toBe(200);
		const { stages } = (await res.json()) as {
			stages: { stageId: string; humanAlternative: boolean; source: string }[];
		};
		expect(stages.map((s) => [s.stageId, s.humanAlternative, s.source])).toEqual([
			['orienteren', true, 'map'],
			['doorgeven', true, 'map'],
			['verwerken', true, 'map'],
			['bevestiging', false, 'map'],
			['nazorg', true, 'map']
		]);
	});

	it('gives the advies as Markdown with the figures, the bejegening, the vakafdelingen and the gaps', async () => {
		const res = await fetch(`${server.url}/api/journeys/${journey.id}/advies`, {
			headers: { authorization: `Bearer ${journey.tokens.viewer}` }
		});
		expect(res.status).toBe(200);
		expect(res.headers.get('content-type')).toMatch(/^text\/markdown/);
		const text = await res.text();
		expect(text).toMatch(/^# Klantcontact- en interactie-advies: Verhuizing doorgeven/);
		expect(text).toContain('namen inwoners 4 keer contact op');
		expect(text).toContain('## 2. Past de reis bij de bejegening?');
		expect(text).toContain('## 3. Welke vakafdelingen moeten aansluiten?');
		expect(text).toMatch(/## 4\. Klik, bel, kom[^\n]*\n\nIn 1 fase is er geen persoonlijk alternatief/);
		expect(text).toContain('- Bevestiging.');
	});
});

describe('the sample export', () => {
	it('imports in full into the template it was made for', async () => {
		const created = await createJourney(server, readTemplate('verhuizing-doorgeven.json'));
		const csv = new Uint8Array(readFileSync('static/voorbeelden/kcc-export-verhuizing-doorgeven.csv'));
		const { status, body } = await post(created.id, created.tokens.editor, csv);
		expect(status).toBe(200);
		expect(body.imported).toBe(9000);
		expect(body.months).toHaveLength(12);
		expect(body.unmatched.map((u: { onderwerp: string }) => u.onderwerp).sort()).toEqual([
			'Parkeervergunning',
			'Paspoort aanvragen',
			'Uittreksel BRP'
		]);
		expect(body.matched).toBeGreaterThan(7500);
	});
});
