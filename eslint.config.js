import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * One `no-restricted-imports` block per layer. For a file that several blocks match, the
 * rule of the last block replaces the others (flat config does not merge rule options),
 * so each block carries the bans of every broader block that covers it, and the blocks
 * go from broad to specific.
 */
function layers(rules) {
	const prefix = (rule) => Math.min(...rule.files.map((f) => f.replace('**', '').length));
	// Broadest first, so the block that applies last to a file is its most specific one.
	const sorted = [...rules].sort((a, b) => prefix(a) - prefix(b));
	return sorted.map((rule) => ({
		files: rule.files,
		// Tests may read fixtures and start servers, whatever layer they test.
		ignores: ['**/*.test.ts', ...(rule.ignores ?? [])],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: rules
						.filter((other) =>
							other.files.some((f) => rule.files.some((g) => g.startsWith(f.replace('**', ''))))
						)
						.map((other) => ({ group: other.banned, message: other.why }))
				}
			]
		}
	}));
}

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'.build-*/',
			'.kit-*/',
			'node_modules/',
			'data/',
			'test-results/',
			'playwright-report/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.ts', '**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				projectService: { allowDefaultProject: ['playwright.config.ts', 'scripts/*.ts'] },
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		},
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
			// Links go through resolve() where they are made, often in a derived value or a prop that
			// this rule cannot follow; tests/integration/base-path.test.ts checks every link and
			// request of the journey pages under a BASE_PATH instead.
			'svelte/no-navigation-without-resolve': 'off',
			// Maps built inside $derived are rebuilt on change, never mutated as state.
			'svelte/prefer-svelte-reactivity': 'off'
		}
	},
	// Imports flow one way (STYLE.md): routes, then canvas/notes/export/analysis, then sync, then
	// model. A cycle check over src/lib is in src/lib/architecture.test.ts.
	...layers([
		{
			files: ['src/lib/model/**'],
			banned: ['$lib/*', '$app/*', 'yjs', 'y-*', 'svelte', 'svelte/*', 'd3-*', 'node:*'],
			why: 'model/ importeert alleen zod: het is de bron van waarheid voor alle andere lagen.'
		},
		{
			files: ['src/lib/sync/**'],
			// The thin runes adapters (*.svelte.ts) sit on SvelteKit: they may ask it for paths.
			ignores: ['src/lib/sync/**/*.svelte.ts'],
			banned: [
				'$lib/canvas/*',
				'$lib/notes/*',
				'$lib/export/*',
				'$lib/analysis/*',
				'$lib/server/*',
				'$app/*',
				'd3-*'
			],
			why: 'sync/ is de Yjs-binding onder de canvas en de routes: het kent alleen model/.'
		},
		{
			files: ['src/lib/canvas/**'],
			banned: ['yjs', 'y-*', '$lib/sync/*', '$lib/server/*'],
			why: 'de canvas tekent wat hij krijgt en kent Yjs niet (d3 rekent, Svelte tekent).'
		},
		{
			files: ['src/lib/analysis/**', 'src/lib/export/**'],
			banned: ['yjs', 'y-*', '$lib/sync/*', '$lib/canvas/*', '$lib/server/*', '$app/*', 'svelte', 'svelte/*'],
			why: 'analyse en export zijn pure functies over het model.'
		},
		{
			files: ['src/lib/analysis/**'],
			banned: ['$lib/export/*'],
			why: 'export/ gebruikt analysis/, niet andersom.'
		},
		{
			files: ['src/**'],
			ignores: ['src/lib/server/**', 'src/**/*.server.ts', 'src/**/+server.ts', 'src/hooks.server.ts'],
			banned: ['node:*', 'fs', 'better-sqlite3', 'pg', 'ioredis', 'ws'],
			why: 'alleen $lib/server raakt het bestandssysteem, de database en sockets aan.'
		}
	]),
	{
		// Tests read JSON answers whose shape is the very thing under test.
		files: ['tests/**/*.ts', 'src/**/*.test.ts'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' }
	}
);
