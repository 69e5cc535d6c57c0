import { describe, expect, it } from 'vitest';
import { generateToken, hashToken, issueTokens, roleForToken, tokensFromFacilitator } from './tokens';

describe('capability tokens', () => {
	it('carry at least 128 random bits and differ every time', () => {
		const tokens = new Set(Array.from({ length: 200 }, generateToken));
		expect(tokens.size).toBe(200);
		for (const t of tokens) expect(Buffer.from(t, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
	});

	it('are stored only as hashes', () => {
		const { tokens, hashes } = issueTokens();
		for (const role of ['facilitator', 'editor', 'viewer'] as const) {
			expect(hashes[role]).toMatch(/^[0-9a-f]{64}$/);
			expect(hashes[role]).not.toContain(tokens[role]);
			expect(hashes[role]).toBe(hashToken(tokens[role]));
		}
	});

	it('grant exactly their own role', () => {
		const { tokens, hashes } = issueTokens();
		expect(roleForToken(tokens.facilitator, hashes)).toBe('facilitator');
		expect(roleForToken(tokens.editor, hashes)).toBe('editor');
		expect(roleForToken(tokens.viewer, hashes)).toBe('viewer');
		expect(roleForToken(tokens.viewer + 'x', hashes)).toBeNull();
		expect(roleForToken('', hashes)).toBeNull();
		expect(roleForToken(issueTokens().tokens.editor, hashes)).toBeNull();
	});

	it('derive the editor and viewer tokens from the facilitator token, one way only', () => {
		const { tokens } = issueTokens();
		expect(tokensFromFacilitator(tokens.facilitator)).toEqual(tokens);
		expect(tokensFromFacilitator(tokens.editor).editor).not.toBe(tokens.editor);
		expect(Buffer.from(tokens.viewer, 'base64url').length * 8).toBe(256);
	});
});
