/**
 * Who may reach what, for a local server on a laptop that also browses the web: the Host header
 * must name this server (DNS rebinding), and a browser page on another origin may call only the
 * public, client-facing operations. Admin operations and `/_local/*` refuse cross-site browser
 * requests unless the page's origin was configured (`cors.allowedOrigins`, `--cors-origin`).
 */
import type { AwsCredentials } from './sigv4.js';

export interface AccessOptions {
  /**
   * `host[:port]` values the Host header may carry. Absent: not checked (an in-process handler
   * with no socket of its own). `startServer` fills it with the names it listens on.
   */
  hosts?: string[];
  /** Browser origins (e.g. `http://localhost:3000`) allowed to call admin operations and `/_local/*`. */
  allowedOrigins?: string[];
  /** Verify SigV4 signatures of admin operations with these; without, only their shape is checked. */
  credentials?: AwsCredentials;
}

export interface AccessPolicy {
  /** Lower-case `host[:port]`; undefined when the Host header is not checked. */
  hosts: Set<string> | undefined;
  origins: Set<string>;
  credentials: AwsCredentials | undefined;
}

export function accessPolicy(options: AccessOptions = {}): AccessPolicy {
  const hosts = options.hosts ? new Set(options.hosts.map(h => h.toLowerCase())) : undefined;
  const origins = new Set((options.allowedOrigins ?? []).map(o => o.replace(/\/+$/, '').toLowerCase()));
  // The server's own pages (console, demo app) are same-origin at any name it answers to (http or https).
  for (const host of hosts ?? []) for (const scheme of ['http', 'https']) origins.add(`${scheme}://${host}`);
  return { hosts, origins, credentials: options.credentials };
}

/** The names a server listening on `host:port` answers to, plus `extra` names (port added when absent). */
export function listeningHosts(host: string, port: number, issuerBase: string | undefined, extra: string[] = []): string[] {
  const withPort = (h: string): string | undefined => {
    const name = !h.startsWith('[') && h.split(':').length > 2 ? `[${h}]` : h; // a bare IPv6 address
    try {
      const url = new URL(`http://${name}`);
      return url.port ? url.host : `${url.host}:${port}`;
    } catch {
      return undefined;
    }
  };
  const hosts = ['127.0.0.1', 'localhost', '[::1]', host, ...extra].map(withPort);
  if (issuerBase) {
    try {
      hosts.push(new URL(issuerBase).host);
    } catch {
      // An issuer base that is not a URL names no host.
    }
  }
  return [...new Set(hosts.filter((h): h is string => !!h).map(h => h.toLowerCase()))];
}

/** True when the Host header names this server (or names are not checked). */
export function hostAllowed(policy: AccessPolicy, host: string | undefined): boolean {
  if (!policy.hosts) return true;
  return host !== undefined && policy.hosts.has(host.toLowerCase());
}

/**
 * Why a browser request from another site is refused, or undefined when it may go on. A request
 * with an `Origin` that is not this server's own (nor a configured one) is refused; so is one a
 * browser marks `Sec-Fetch-Site: cross-site` or `same-site` (another port on 127.0.0.1 is
 * same-site) without an allowed Origin. Requests without either header (SDKs, curl, Node) pass.
 */
export function crossSiteReason(policy: AccessPolicy, header: (name: string) => string | undefined, ownOrigin: string): string | undefined {
  const origin = header('origin');
  if (origin !== undefined) {
    const o = origin.toLowerCase();
    if (o === ownOrigin.toLowerCase() || policy.origins.has(o)) return undefined;
    return `Origin ${origin} may not call this; only this server's own pages and configured origins (cors.allowedOrigins, --cors-origin) may.`;
  }
  const site = header('sec-fetch-site');
  if (site === 'cross-site' || site === 'same-site')
    return `A ${site} browser request may not call this; add the page's origin to cors.allowedOrigins (--cors-origin) to allow it.`;
  return undefined;
}

/** The CORS headers for a caller allowed by origin: the origin echoed (not `*`), varying on it. */
export function originCors(origin: string | undefined): Record<string, string> {
  return origin ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {};
}
