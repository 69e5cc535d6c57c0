/**
 * The instance administrator's secret for the e2e server (afdelingslinks are
 * made with it); playwright.config.ts passes it to the server as ADMIN_TOKEN.
 */
export const E2E_ADMIN_TOKEN = 'e2e-beheer-token-0123456789abcdef';
