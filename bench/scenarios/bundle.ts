import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../lib/browser';
import { template } from '../../tests/helpers/journeys';
import { defineScenario } from '../lib/scenario';
import { createJourney, startKlantreis } from '../lib/servers';

/** The bundle scenario has no parameters besides the number of runs. */
type Params = { [key: string]: unknown };

/** A string only ProseMirror (under Tiptap) carries: the editor's class name. */
const TIPTAP_MARKER = 'ProseMirror';

export default defineScenario<Params>({
	name: 'bundle',
	description:
		'Gzipped JavaScript the journey page loads (editor link, until the map is drawn), and what opening a step adds (Tiptap).',
	method:
		'Chromium opens the editor link and records every `_app/immutable/**.js` it fetches until the cards are drawn and the network is idle; ' +
		'each file is read from the build folder and gzipped (level 9). Then a card is opened and the chunks fetched for the step panel are counted apart. ' +
		"Tiptap is recognised by ProseMirror's class name in a chunk.",
	quick: { runs: 1 },
	full: { runs: 3 },
	async run(_params, ctx) {
		const server = await startKlantreis({ env: ctx.env });
		const browser = await launchChromium();
		try {
			const created = await createJourney(server, template());
			const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
			const fetched: string[] = [];
			page.on('request', (request) => {
				const path = new URL(request.url()).pathname;
				if (path.startsWith('/_app/immutable/') && path.endsWith('.js') && !fetched.includes(path))
					fetched.push(path);
			});
			await page.goto(server.url + created.links.editor, { waitUntil: 'networkidle' });
			await page.locator('[data-card]').first().waitFor();
			await page.waitForLoadState('networkidle');
			const initial = [...fetched];
			await page.locator('[data-card]').first().click();
			await page.locator('.ProseMirror').first().waitFor({ timeout: 15_000 });
			await page.waitForLoadState('networkidle');
			const lazy = fetched.slice(initial.length);
			await page.close();

			const clientDir = join(ctx.buildDir, 'client');
			const size = (files: string[]) => {
				let gzip = 0;
				let raw = 0;
				let tiptap = false;
				for (const file of files) {
					const path = join(clientDir, file);
					if (!existsSync(path)) throw new Error(`${file} was served but is not in ${clientDir}`);
					const body = readFileSync(path);
					raw += body.byteLength;
					gzip += gzipSync(body, { level: 9 }).byteLength;
					if (body.includes(TIPTAP_MARKER)) tiptap = true;
				}
				return { gzip: gzip / 1024, raw: raw / 1024, tiptap };
			};
			const first = size(initial);
			const note = size(lazy);
			return [
				{ key: 'initial.files', label: 'journey page: JavaScript files', value: initial.length, unit: '' },
				{
					key: 'initial.gzip',
					label: 'journey page: JavaScript, gzipped',
					value: first.gzip,
					unit: 'KB',
					target: { max: 250 }
				},
				{ key: 'initial.raw', label: 'journey page: JavaScript, uncompressed', value: first.raw, unit: 'KB' },
				{
					key: 'initial.tiptap',
					label: 'Tiptap in the first load (1 = yes)',
					value: first.tiptap ? 1 : 0,
					unit: '',
					target: { max: 0 }
				},
				{ key: 'note.files', label: 'opening a step: more files', value: lazy.length, unit: '' },
				{ key: 'note.gzip', label: 'opening a step: more JavaScript, gzipped', value: note.gzip, unit: 'KB' },
				{
					key: 'note.tiptap',
					label: 'Tiptap loaded when a step opens (1 = yes)',
					value: note.tiptap ? 1 : 0,
					unit: ''
				}
			];
		} finally {
			await browser.close();
			await server.stop();
		}
	}
});
