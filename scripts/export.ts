// Exports the tickets of one journey, for people who script:
//   npm run export -- <journey id | journey.json> --format csv|jira|md|json|openklant [--out <file>] [--url <journey page URL>]
// A file is read and validated as a Journey; an id is read from the SQLite database in DATA_DIR (default ./data).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type * as Y from 'yjs';
import { EXPORT_FORMATS, exportTickets, isExportFormat } from '../src/lib/export';
import { parseJourney, type Journey } from '../src/lib/model';
import { config } from '../src/lib/server/config';
import { SqliteStore } from '../src/lib/server/persistence/sqlite';
import { Rooms } from '../src/lib/server/sync/rooms';
import { readJourney } from '../src/lib/sync/journey-doc';

const USAGE = `Gebruik: npm run export -- <id van een klantreis | klantreis.json> --format ${EXPORT_FORMATS.join('|')} [--out <bestand>] [--url <adres van de klantreispagina>]`;

function fail(message: string): never {
	console.error(`${message}\n${USAGE}`);
	process.exit(2);
}

function fromFile(file: string): Journey {
	let raw: unknown;
	try {
		raw = JSON.parse(readFileSync(file, 'utf8'));
	} catch (e) {
		fail(`Kan ${file} niet lezen als JSON: ${e instanceof Error ? e.message : String(e)}`);
	}
	const result = parseJourney(raw);
	if (!result.ok) {
		fail(
			`${file} is geen geldige klantreis:\n` +
				result.issues.map((i) => `  ${i.path || '(geheel)'}: ${i.message}`).join('\n')
		);
	}
	return result.value;
}

async function fromDatabase(id: string): Promise<Journey> {
	const { dataDir } = config();
	// Opening a missing database would create an empty one: refuse instead.
	if (!existsSync(join(dataDir, 'klantreis.sqlite'))) fail(`Geen database in ${dataDir} (zet DATA_DIR).`);
	const store = new SqliteStore(dataDir);
	try {
		if (!(await store.journeyExists(id))) fail(`Klantreis "${id}" staat niet in de database in ${dataDir}.`);
		// Rooms.withDoc reads the stored snapshot and updates into a doc of its own; nothing is written.
		const rooms = new Rooms(store, Number.MAX_SAFE_INTEGER, (m) => console.error(m));
		const { journey, problems } = await rooms.withDoc(id, (doc: Y.Doc) => readJourney(doc, id));
		for (const p of problems) console.error(`Weggelaten: ${p.path}: ${p.message}`);
		return journey;
	} finally {
		store.close();
	}
}

const { values, positionals } = (() => {
	try {
		return parseArgs({
			allowPositionals: true,
			options: { format: { type: 'string' }, out: { type: 'string' }, url: { type: 'string' } }
		});
	} catch (e) {
		fail(e instanceof Error ? e.message : String(e));
	}
})();

if (positionals.length !== 1) fail('Geef precies één klantreis: een id of een JSON-bestand.');
const format = values.format ?? '';
if (!isExportFormat(format)) fail(`Onbekend formaat "${format}".`);
const source = positionals[0];
const journey =
	existsSync(source) || source.endsWith('.json') ? fromFile(source) : await fromDatabase(source);
const { body, fileName } = exportTickets(format, {
	journey,
	journeyUrl: values.url,
	generatedAt: new Date().toISOString()
});
if (values.out) {
	writeFileSync(values.out, body, 'utf8');
	console.error(`${journey.tickets.length} tickets geschreven naar ${values.out} (voorstel: ${fileName}).`);
} else {
	process.stdout.write(body);
}
