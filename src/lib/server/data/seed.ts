import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJourney, parsePersonaFile } from '$lib/model';
import type { Store } from '../persistence/store';

type Log = (message: string) => void;

function readJsonDir(dir: string, log: Log): { file: string; raw: unknown }[] {
	let names: string[];
	try {
		names = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
	} catch {
		log(`Map ${dir} niet gevonden; er wordt niets uit geladen.`);
		return [];
	}
	const out: { file: string; raw: unknown }[] = [];
	for (const name of names) {
		const file = join(dir, name);
		try {
			out.push({ file, raw: JSON.parse(readFileSync(file, 'utf8')) as unknown });
		} catch (e) {
			log(`${file} overgeslagen: geen geldige JSON (${e instanceof Error ? e.message : String(e)})`);
		}
	}
	return out;
}

/**
 * First start: the persona library comes from `personas/`. Templates come
 * from `journeys/` at every start, since they are read-only app content and
 * a new release may bring new ones; the library is the users' and is seeded once.
 */
export async function seed(
	store: Store,
	dirs: { personasDir: string; journeysDir: string },
	log: Log
): Promise<void> {
	if ((await store.getSetting('personasSeeded')) === null) {
		let n = 0;
		for (const { file, raw } of readJsonDir(dirs.personasDir, log)) {
			const result = parsePersonaFile(raw);
			if (!result.ok) {
				log(`${file} overgeslagen: ${result.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
				continue;
			}
			await store.putPersona(result.value.id, result.value);
			n++;
		}
		await store.setSetting('personasSeeded', new Date().toISOString());
		log(`Personabibliotheek gevuld met ${n} persona's uit ${dirs.personasDir}.`);
	}
	for (const { file, raw } of readJsonDir(dirs.journeysDir, log)) {
		const result = parseJourney(raw);
		if (!result.ok) {
			log(`${file} overgeslagen: ${result.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
			continue;
		}
		await store.putTemplate(result.value.id, result.value);
	}
}
