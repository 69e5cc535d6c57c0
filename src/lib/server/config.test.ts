import { describe, expect, it } from 'vitest';
import { DEFAULT_DEPARTMENTS } from '$lib/model';
import { departmentsSetting, readConfig } from './config';

describe('settings read once in config.ts', () => {
	it('reads the settings other modules used to read themselves', () => {
		const config = readConfig({
			PORT: '8080',
			SHUTDOWN_TIMEOUT_MS: '2500',
			ADDRESS_HEADER: 'X-Forwarded-For',
			XFF_DEPTH: '2',
			DEPARTMENTS: 'Burgerzaken; Belastingen\nKCC',
			KLANTREIS_IDLE_DOC_MS: '100',
			ORIGIN: 'https://klantreis.gemeente.nl/pad'
		});
		expect(config.port).toBe(8080);
		expect(config.shutdownTimeoutMs).toBe(2500);
		expect(config.proxy).toEqual({ addressHeader: 'x-forwarded-for', xffDepth: 2 });
		expect(config.departments).toEqual(['Burgerzaken', 'Belastingen', 'KCC']);
		expect(config.idleDocMs).toBe(100);
		expect(config.origin).toBe('https://klantreis.gemeente.nl');
		expect(config.httpsOrigin).toBe(true);
	});

	it('has the documented defaults', () => {
		const config = readConfig({});
		expect(config.port).toBe(3000);
		expect(config.shutdownTimeoutMs).toBe(10_000);
		expect(config.proxy).toEqual({ addressHeader: '', xffDepth: 1 });
		expect(config.departments).toEqual([...DEFAULT_DEPARTMENTS]);
		expect(config.idleDocMs).toBe(30_000);
		expect(config.httpsOrigin).toBe(false);
	});

	it('refuses a bad value with a Dutch message naming the variable', () => {
		expect(() => readConfig({ PORT: 'acht' })).toThrow(/PORT moet een heel getal/);
		expect(() => readConfig({ KLANTREIS_IDLE_DOC_MS: '5' })).toThrow(/KLANTREIS_IDLE_DOC_MS/);
		expect(() => readConfig({ SHUTDOWN_TIMEOUT_MS: '0' })).toThrow(/SHUTDOWN_TIMEOUT_MS/);
	});

	it('keeps at most 120 characters of a department and drops empty ones', () => {
		expect(departmentsSetting(` ${'x'.repeat(130)} ;; `)).toEqual(['x'.repeat(120)]);
	});
});
