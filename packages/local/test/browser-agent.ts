/**
 * A minimal browser stand-in for HTTP-level tests of the hosted pages: keeps cookies per origin,
 * does not follow redirects by itself, reads forms (action + hidden fields) out of the HTML.
 * End-to-end tests in a real browser use Chromium; this keeps protocol tests fast and exact.
 */
export class BrowserAgent {
  readonly cookies = new Map<string, string>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    const jar = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (jar) headers.set('cookie', jar);
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (/Max-Age=0/i.test(line) || value === '') this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
    return res;
  }

  get(url: string): Promise<Response> {
    return this.request(url);
  }

  /** Submits the form whose action matches `actionPrefix` (first form if absent) with extra fields. */
  async submit(base: string, html: string, fields: Record<string, string>, actionPrefix?: string): Promise<Response> {
    const forms = [...html.matchAll(/<form method="post" action="([^"]*)">([\s\S]*?)<\/form>/g)];
    const form = forms.find(f => !actionPrefix || decode(f[1]!).startsWith(actionPrefix)) ?? forms[0];
    if (!form) throw new Error(`no form in page: ${html.slice(0, 200)}`);
    const body = new URLSearchParams();
    for (const input of form[2]!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) body.set(decode(input[1]!), decode(input[2]!));
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    return this.request(new URL(decode(form[1]!), base).href, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
  }
}

function decode(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
