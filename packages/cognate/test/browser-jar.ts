/**
 * A browser's cookie jar for one origin, for tests: it backs `document.cookie` (so the real
 * js-cookie-based `CookieStorage` of aws-amplify and cognate's own write into it as in a browser),
 * sends a `Cookie` header, and applies `Set-Cookie` headers from responses. Like a browser it drops
 * a cookie whose name and value exceed 4096 bytes, and honours `Max-Age` / `Expires` deletion.
 * Paths and domains are not modelled: every cookie here is `Path=/` on one host.
 */
export class BrowserJar {
  readonly cookies = new Map<string, string>();
  readonly dropped: string[] = [];

  /** Applies one `Set-Cookie` / `document.cookie =` line. */
  apply(line: string): void {
    const [pair, ...attributes] = line.split(';').map(s => s.trim());
    const eq = pair!.indexOf('=');
    if (eq < 0) return;
    const name = pair!.slice(0, eq);
    const value = pair!.slice(eq + 1);
    let expired = false;
    for (const attribute of attributes) {
      const [key, val = ''] = attribute.split('=');
      const k = key!.toLowerCase();
      if (k === 'max-age' && Number(val) <= 0) expired = true;
      if (k === 'expires' && new Date(val).getTime() <= Date.now()) expired = true;
    }
    if (expired) {
      this.cookies.delete(name);
      return;
    }
    if (name.length + value.length > 4096) {
      this.dropped.push(name);
      return;
    }
    this.cookies.set(name, value);
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** Installs this jar as `globalThis.document` (cookie only). */
  install(): this {
    const jar = this;
    (globalThis as { document?: unknown }).document = {
      // Amplify's framework detection looks for framework markers in the page.
      querySelector: () => null,
      querySelectorAll: () => [],
      getElementById: () => null,
      get cookie() {
        return jar.header();
      },
      set cookie(line: string) {
        jar.apply(line);
      },
    };
    return this;
  }

  clone(): BrowserJar {
    const copy = new BrowserJar();
    for (const [k, v] of this.cookies) copy.cookies.set(k, v);
    return copy;
  }

  /** A request from the "browser": sends the jar's cookies, stores what comes back. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const cookie = this.header();
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(url, { ...init, headers });
    for (const line of response.headers.getSetCookie()) this.apply(line);
    return response;
  }

  /** The decoded value of the first cookie whose name ends with `suffix`. */
  find(suffix: string): string | undefined {
    for (const [k, v] of this.cookies) if (decodeURIComponent(k).endsWith(suffix)) return decodeURIComponent(v);
    return undefined;
  }
}

export function uninstallDocument(): void {
  delete (globalThis as { document?: unknown }).document;
}
