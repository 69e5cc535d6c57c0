/** Refusing state-changing requests that a page on another site makes a browser send. */

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

/** The host names this request may come from: Host, X-Forwarded-Host (a proxy's) and ORIGIN. */
function ownHosts(request: Request, url: URL, configured: string | null): string[] {
	const hosts = [request.headers.get('host') ?? url.host];
	// A browser cannot set X-Forwarded-Host on a cross-site request without a
	// preflight we never grant, so trusting it here lets no other site in.
	const forwarded = request.headers.get('x-forwarded-host');
	if (forwarded) hosts.push(...forwarded.split(',').map((h) => h.trim()));
	if (configured) {
		try {
			hosts.push(new URL(configured).host);
		} catch {
			// config.ts reports a bad ORIGIN; here it only names no host.
		}
	}
	return hosts.filter(Boolean);
}

/** True when the Origin header names one of our own hosts. */
function isOwnOrigin(origin: string, request: Request, url: URL, configured: string | null): boolean {
	let from: URL;
	try {
		from = new URL(origin);
	} catch {
		return false; // "null" (a sandboxed frame, a file) or garbage: not our page.
	}
	return ownHosts(request, url, configured).some((own) => {
		try {
			const host = new URL(`http://${own}`);
			// A proxy that passes a Host without the port (nginx's $host) still names the same site.
			return host.port ? from.host === host.host : from.hostname === host.hostname;
		} catch {
			return false;
		}
	});
}

/**
 * Why a state-changing request (POST, PUT, PATCH, DELETE, to the API or to a
 * page) must be refused as coming from another site, or null. A page on
 * another site can make an employee's browser send a text/plain POST without
 * a preflight; the browser then says where it came from in `Origin` and
 * `Sec-Fetch-Site`. Scripts and curl send neither and keep working (the API's
 * own bearer tokens guard them). `configuredOrigin` is the ORIGIN setting. Compared by host: without an ORIGIN setting,
 * adapter-node cannot know whether the browser used http or https, but the
 * Host header it sent is the one it used.
 */
export function crossSiteReason(
	request: Request,
	url: URL,
	configuredOrigin: string | null = null,
	base = ''
): 'sec-fetch-site' | 'origin' | null {
	if (SAFE_METHODS.includes(request.method)) return null;
	if (request.headers.get('sec-fetch-site') === 'cross-site') return 'sec-fetch-site';
	const origin = request.headers.get('origin');
	if (origin !== null) return isOwnOrigin(origin, request, url, configuredOrigin) ? null : 'origin';
	// Browsers always send Origin with a form post; a form post without it is not ours.
	if (url.pathname.startsWith(`${base}/api/`)) return null;
	const type = request.headers.get('content-type')?.split(';')[0].trim().toLowerCase() ?? '';
	return FORM_TYPES.includes(type) ? 'origin' : null;
}
