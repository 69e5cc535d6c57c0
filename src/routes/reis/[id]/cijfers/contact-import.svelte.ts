import { invalidateAll } from '$app/navigation';
import { resolve as path } from '$app/paths';
import type { ImportSummary } from '$lib/analysis/contacts';
import {
	HEADER_BYTES,
	importQuery,
	isJsonFile,
	missingColumns,
	readHeader,
	type ColumnMapping
} from './cijfers-logic';

/** What the server said when an import failed: a sentence and, for bad rows, the path of each problem. */
export type ImportError = { error: string; issues?: { path: string; message: string }[] };

/**
 * The import of a KCC export on the contact figures page, as runes state: the
 * chosen file, its header and column mapping, the upload's progress (0..1, null
 * when nothing is being sent) and the server's answer (a preview, an import or
 * an error). The file goes to `POST /api/journeys/:id/contacts` as it is; only
 * its header line is read here.
 */
export class ContactImport {
	file = $state<File | null>(null);
	header = $state<string[]>([]);
	mapping = $state<ColumnMapping>({});
	isJson = $state(false);
	progress = $state<number | null>(null);
	preview = $state<ImportSummary | null>(null);
	importError = $state<ImportError | null>(null);
	imported = $state<ImportSummary | null>(null);

	readonly missing = $derived(missingColumns(this.mapping));

	/** `journeyId` and `token` are read at each upload (the page's data may change). */
	constructor(private readonly target: () => { journeyId: string; token: string }) {}

	/** A file was chosen (or the choice cleared): forget the last answer, read the header of a CSV. */
	async choose(file: File | null): Promise<void> {
		this.file = file;
		this.preview = this.imported = this.importError = null;
		this.header = [];
		this.mapping = {};
		if (!file) return;
		this.isJson = isJsonFile(file);
		if (this.isJson) return;
		const { header, mapping } = readHeader(await file.slice(0, HEADER_BYTES).text());
		this.header = header;
		this.mapping = mapping;
	}

	/**
	 * Sends the file: a preview (`previewOnly`, nothing stored) or the import,
	 * after which the page's data is loaded again. XMLHttpRequest, not fetch:
	 * only it reports the upload's progress for a large export. Never rejects:
	 * a failure becomes `importError`.
	 */
	send(previewOnly: boolean): Promise<void> {
		const file = this.file;
		if (!file) return Promise.resolve();
		const { journeyId, token } = this.target();
		this.importError = null;
		this.progress = 0;
		return new Promise((resolve) => {
			const xhr = new XMLHttpRequest();
			xhr.open(
				'POST',
				path(`/api/journeys/${encodeURIComponent(journeyId)}/contacts`) +
					importQuery(this.mapping, this.isJson, previewOnly)
			);
			xhr.setRequestHeader('authorization', `Bearer ${token}`);
			xhr.setRequestHeader('content-type', this.isJson ? 'application/json' : 'text/csv');
			xhr.upload.onprogress = (e) => {
				if (e.lengthComputable) this.progress = e.loaded / e.total;
			};
			xhr.onload = () => {
				this.progress = null;
				let body: unknown = null;
				try {
					body = JSON.parse(xhr.responseText);
				} catch {
					/* handled below */
				}
				if (xhr.status === 200) {
					if (previewOnly) this.preview = body as ImportSummary;
					else {
						this.imported = body as ImportSummary;
						this.preview = null;
						void invalidateAll();
					}
				} else
					this.importError = (body as ImportError | null) ?? { error: `De server antwoordde ${xhr.status}.` };
				resolve();
			};
			xhr.onerror = () => {
				this.progress = null;
				this.importError = { error: 'Het bestand kon niet worden verstuurd. Controleer de verbinding.' };
				resolve();
			};
			xhr.send(file);
		});
	}
}
