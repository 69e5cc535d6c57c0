// `npm run backup [file]`: a consistent copy of the Klantreis database, also while the server runs.
// SQLite's online backup copies page by page and starts over when a write comes in between,
// so the copy is one moment of the database, never half of an edit. Restore: see docs/security.md.
import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// A plain Node script that runs without the app (no TypeScript, no build), so it cannot load
// src/lib/server/config.ts: it reads DATA_DIR exactly as config.ts does, and its own BACKUP_DIR.
const dataDir = resolve(process.env.DATA_DIR || './data');
const source = join(dataDir, 'klantreis.sqlite');
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
const target = resolve(
	process.argv[2] || join(process.env.BACKUP_DIR || join(dataDir, 'backups'), `klantreis-${stamp}.sqlite`)
);

if (!existsSync(source)) {
	console.error(`[klantreis] Geen database gevonden in ${dataDir} (DATA_DIR); er is niets te bewaren.`);
	process.exit(1);
}
if (existsSync(target)) {
	console.error(`[klantreis] ${target} bestaat al; kies een ander bestand.`);
	process.exit(1);
}

let db;
try {
	db = new Database(source, { fileMustExist: true });
	db.pragma('busy_timeout = 5000');
	mkdirSync(dirname(target), { recursive: true });
	await db.backup(target);
	db.close();
	// Check the copy as a restore would find it.
	const copy = new Database(target, { readonly: true, fileMustExist: true });
	const check = copy.pragma('integrity_check', { simple: true });
	const journeys = copy.prepare('SELECT COUNT(*) AS n FROM journeys').get().n;
	copy.close();
	if (check !== 'ok') throw new Error(`de kopie is niet in orde: ${check}`);
	console.log(`[klantreis] Back-up geschreven: ${target} (${journeys} klantreis/klantreizen)`);
} catch (e) {
	db?.close();
	console.error(`[klantreis] Back-up mislukt: ${e instanceof Error ? e.message : String(e)}`);
	process.exit(1);
}
