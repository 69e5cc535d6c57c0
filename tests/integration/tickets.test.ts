import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ticket } from '../../src/lib/model';
import { createTicket, updateTicket } from '../../src/lib/sync/tickets';
import { connectClient, eventually, synced } from '../helpers/clients';
import { createJourney, getJourney, startServer, type Created, type TestServer } from '../helpers/server';

const input = JSON.parse(readFileSync('src/lib/export/golden/journey.json', 'utf8')) as {
	tickets: { title: string; description?: string }[];
};
let server: TestServer;
let created: Created;

beforeAll(async () => {
	server = await startServer();
	created = await createJourney(server, input);
});
afterAll(async () => {
	await server?.stop();
});

function exportUrl(format: string, id = created.id) {
	return `${server.url}/api/journeys/${id}/tickets${format ? `?format=${format}` : ''}`;
}

async function download(format: string, token: string = created.tokens.viewer) {
	const res = await fetch(exportUrl(format), { headers: { authorization: `Bearer ${token}` } });
	return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('GET /api/journeys/:id/tickets', () => {
	it('refuses without a valid token, and gives no data', async () => {
		const none = await fetch(exportUrl('csv'));
		expect(none.status).toBe(401);
		const wrong = await fetch(exportUrl('csv'), {
			headers: { authorization: 'Bearer niet-het-goede-token' }
		});
		expect(wrong.status).toBe(403);
		const other = await fetch(exportUrl('csv', 'bestaat-niet'), {
			headers: { authorization: `Bearer ${created.tokens.facilitator}` }
		});
		expect(other.status).toBe(404);
		for (const res of [none, wrong, other]) {
			const body = (await res.json()) as { error: string };
			expect(typeof body.error).toBe('string');
			expect(JSON.stringify(body)).not.toContain(input.tickets[0].title);
		}
	});

	it('answers 400 with a clear error for an unknown or missing format', async () => {
		for (const format of ['xlsx', '']) {
			const { res, bytes } = await download(format);
			expect(res.status).toBe(400);
			const body = JSON.parse(bytes.toString('utf8')) as { error: string; issues: { path: string }[] };
			expect(body.error).toMatch(/csv, jira, md, json/);
			expect(body.issues[0].path).toBe('format');
		}
	});

	it('serves a CSV for Dutch Excel to every role, which gives back every title and description', async () => {
		for (const token of Object.values(created.tokens)) {
			const { res, bytes } = await download('csv', token);
			expect(res.status).toBe(200);
			expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
			expect(res.headers.get('content-disposition')).toBe(
				'attachment; filename="paspoort-aanvragen-goud-testreis-tickets.csv"'
			);
			expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
			const [header, ...rows] = parse(bytes, {
				bom: true,
				delimiter: ';',
				record_delimiter: '\r\n'
			}) as string[][];
			const neutralise = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
			const titles = rows.map((r) => r[header.indexOf('Titel')]).sort();
			expect(titles).toEqual(input.tickets.map((t) => neutralise(t.title)).sort());
			const descriptions = rows.map((r) => r[header.indexOf('Omschrijving')]).sort();
			expect(descriptions).toEqual(input.tickets.map((t) => neutralise(t.description ?? '')).sort());
		}
	});

	it('serves Jira CSV, Markdown, JSON and Open Klant with their content types and file names', async () => {
		const expected: Record<string, [string, string]> = {
			jira: ['text/csv; charset=utf-8', '-tickets-jira.csv'],
			md: ['text/markdown; charset=utf-8', '-tickets.md'],
			json: ['application/json; charset=utf-8', '-tickets.json'],
			openklant: ['application/json; charset=utf-8', '-tickets-openklant.json']
		};
		for (const [format, [type, suffix]] of Object.entries(expected)) {
			const { res, bytes } = await download(format);
			expect(res.status, format).toBe(200);
			expect(res.headers.get('content-type')).toBe(type);
			expect(res.headers.get('content-disposition')).toMatch(new RegExp(`filename="[a-z0-9-]+${suffix}"$`));
			expect(bytes.length).toBeGreaterThan(100);
		}
		const { bytes: jira } = await download('jira');
		expect(jira.toString('utf8').split('\r\n')[0]).toBe('Summary,Description,Priority,Component/s,Labels');
		const { bytes: md } = await download('md');
		expect(md.toString('utf8')).toContain(`/reis/${created.id}#stap-afspraak`);
		expect(md.toString('utf8')).not.toContain(created.tokens.viewer);
		const { bytes: json } = await download('json');
		const doc = JSON.parse(json.toString('utf8')) as { tickets: unknown[] };
		const { body: journey } = await getJourney(server, created.id, created.tokens.viewer);
		expect(doc.tickets.map((t) => Ticket.parse(t))).toEqual(journey.tickets);
	});

	it('exports what the live document holds, including a ticket a client just made', async () => {
		const client = connectClient(server.wsUrl, created.id, created.tokens.editor);
		try {
			await synced(client);
			createTicket(client.doc, {
				id: 'live-ticket',
				painPointIds: ['wachtrij'],
				department: 'KCC',
				title: 'Terugbelnotities binnen twee werkdagen opvolgen',
				description: 'Regel 1; met "quotes"\nRegel 2'
			});
			updateTicket(client.doc, 'live-ticket', { status: 'in-progress' });
			await eventually(
				async () => (await download('csv')).bytes.toString('utf8').includes('Terugbelnotities binnen'),
				10_000,
				'the new ticket in the export'
			);
			const { bytes } = await download('csv');
			const [header, ...rows] = parse(bytes, { bom: true, delimiter: ';' }) as string[][];
			const row = rows.find((r) => r[0] === 'live-ticket')!;
			expect(row[header.indexOf('Omschrijving')]).toBe('Regel 1; met "quotes"\nRegel 2');
			expect(row[header.indexOf('Status')]).toBe('In behandeling');
		} finally {
			client.destroy();
		}
	});
});

describe('npm run export', () => {
	it('exports a journey from the database by id, the same CSV as the API', async () => {
		// Not spawnSync: a test blocked for the script's whole run cannot see the server close an
		// idle keep-alive socket, and the fetch after it would reuse the closed socket.
		const result = await new Promise<{ status: number; stdout: Buffer; stderr: string }>((done) => {
			execFile(
				process.execPath,
				['node_modules/tsx/dist/cli.mjs', 'scripts/export.ts', created.id, '--format', 'csv'],
				{
					env: { ...process.env, DATA_DIR: server.dataDir },
					encoding: 'buffer',
					maxBuffer: 64 * 1024 * 1024
				},
				(error, stdout, stderr) =>
					done({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr: stderr.toString() })
			);
		});
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		const { bytes } = await download('csv');
		expect(result.stdout.equals(bytes)).toBe(true);
	});

	it('refuses an unknown format with exit code 2', () => {
		const result = spawnSync(
			process.execPath,
			[
				'node_modules/tsx/dist/cli.mjs',
				'scripts/export.ts',
				'tests/fixtures/small-journey.json',
				'--format',
				'pdf'
			],
			{ encoding: 'utf8' }
		);
		expect(result.status).toBe(2);
		expect(result.stderr).toContain('Onbekend formaat "pdf"');
	});
});
