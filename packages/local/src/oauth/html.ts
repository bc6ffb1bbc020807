/**
 * The hosted pages' HTML: plain forms that work without JavaScript, rendered with the escaping
 * `html` template, served with a CSP whose `form-action` allows this origin and, on the pages of an
 * OAuth flow, the origin of the app's redirect URI (a form answered by a 302 to the app is checked
 * against `form-action` too).
 */
import { attrs, html, raw, type SafeHtml } from '../html/html.js';
import { isSafeDeclaration, type CssRule } from '../operations/ui-customization.js';

const STYLE = `
  *{box-sizing:border-box} body{font:15px/1.5 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;background:#f4f5f7;color:#1d2330;margin:0}
  main{max-width:380px;margin:7vh auto;background:#fff;border-radius:10px;box-shadow:0 1px 3px #0002,0 8px 24px #0001;padding:28px 30px}
  h1{font-size:20px;margin:0 0 4px} p.sub{color:#5b6475;margin:0 0 18px;font-size:14px}
  label{display:block;font-size:13px;font-weight:600;margin:12px 0 4px} input{width:100%;padding:9px 11px;border:1px solid #c9ced8;border-radius:6px;font:inherit}
  input:focus{outline:2px solid #3b6ef5;border-color:#3b6ef5} button{width:100%;margin-top:18px;padding:10px;border:0;border-radius:6px;background:#3b6ef5;color:#fff;font:inherit;font-weight:600;cursor:pointer}
  button.alt{background:#fff;color:#1d2330;border:1px solid #c9ced8;margin-top:10px} .error{background:#fdecec;color:#9b1c1c;padding:9px 11px;border-radius:6px;font-size:14px;margin:10px 0}
  .info{background:#eef4ff;color:#1d3f8f;padding:9px 11px;border-radius:6px;font-size:14px;margin:10px 0} nav{margin-top:16px;font-size:13px;display:flex;justify-content:space-between}
  a{color:#3b6ef5} hr{border:0;border-top:1px solid #e3e6ec;margin:20px 0} code{word-break:break-all;font-size:13px} footer{text-align:center;color:#8a93a5;font-size:12px;margin-top:14px}`;

export interface PageOptions {
  title: string;
  subtitle?: string;
  error?: string;
  /** The Cognito exception behind `error`, when the engine gave one (`data-error-type`, for tests and scripts). */
  errorType?: string;
  info?: string;
  body: SafeHtml;
  lang?: string;
  /** The client's SetUICustomization CSS, as parsed rules (see operations/ui-customization.ts). */
  customCss?: CssRule[];
}

/** Where each customizable class applies on these pages (the markup keeps its own class names). */
const CUSTOM_SELECTORS: Record<CssRule['selector'], string> = {
  'background-customizable': 'body,.background-customizable',
  'banner-customizable': 'main>h1,.banner-customizable',
  'errorMessage-customizable': '.error,.errorMessage-customizable',
  'idpButton-customizable': 'button.alt,.idpButton-customizable',
  'idpButton-customizable:hover': 'button.alt:hover,.idpButton-customizable:hover',
  'inputField-customizable': 'main input,.inputField-customizable',
  'inputField-customizable:focus': 'main input:focus,.inputField-customizable:focus',
  'label-customizable': 'main label,.label-customizable',
  'legalText-customizable': 'footer,.legalText-customizable',
  'logo-customizable': '.logo-customizable',
  'submitButton-customizable': 'button[type=submit]:not(.alt),.submitButton-customizable',
  'submitButton-customizable:hover': 'button[type=submit]:not(.alt):hover,.submitButton-customizable:hover',
  'textDescription-customizable': 'p.sub,.textDescription-customizable',
};

/**
 * The customisation as a style sheet, rebuilt from parsed rules: known selectors only, and each
 * declaration checked again, so no stored text can close the <style> element or load anything.
 */
function customStyle(rules: CssRule[] | undefined): SafeHtml | undefined {
  if (!rules?.length) return undefined;
  const css = rules
    .filter(rule => Object.hasOwn(CUSTOM_SELECTORS, rule.selector))
    .map(rule => {
      const declarations = rule.declarations.filter(d => isSafeDeclaration(d.property, d.value)).map(d => `${d.property}:${d.value}`);
      return `${CUSTOM_SELECTORS[rule.selector]}{${declarations.join(';')}}`;
    })
    .join('\n');
  return html`<style>${raw(css)}</style>`;
}

export function page(options: PageOptions): SafeHtml {
  return html`<!doctype html><html lang="${options.lang ?? 'en'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${options.title}</title><style>${raw(STYLE)}</style>${customStyle(options.customCss)}</head><body><main>
<h1>${options.title}</h1>${options.subtitle && html`<p class="sub">${options.subtitle}</p>`}
${options.error && (options.errorType ? html`<div class="error" role="alert" data-error-type="${options.errorType}">${options.error}</div>` : html`<div class="error" role="alert">${options.error}</div>`)}${options.info && html`<div class="info">${options.info}</div>`}
${options.body}</main><footer>cognate-local hosted UI</footer></body></html>`;
}

export function hidden(fields: Record<string, string | undefined>): SafeHtml {
  return html`${Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}`;
}

/** A labelled input; `attributes` are written escaped (`true` for a bare attribute). */
export function field(name: string, label: string, attributes: Record<string, string | boolean | undefined> = {}): SafeHtml {
  return html`<label for="${name}">${label}</label><input ${attrs({ id: name, name, type: 'text', ...attributes })}>`;
}

/** Where forms on a page may go: this origin, plus the app's redirect URI for the pages of an OAuth flow. */
export function formAction(redirectUris: readonly string[] = []): string {
  const sources = new Set(["'self'"]);
  for (const uri of redirectUris) {
    let url: URL;
    try {
      url = new URL(uri);
    } catch {
      continue;
    }
    // An http(s) origin as a host source; a custom scheme (myapp://callback) as a scheme source.
    if (url.protocol === 'http:' || url.protocol === 'https:') sources.add(url.origin);
    else if (/^[a-z][a-z0-9+.-]*:$/i.test(url.protocol)) sources.add(url.protocol);
  }
  return [...sources].join(' ');
}

export interface HtmlOptions {
  /** Redirect URIs a form on this page may end at (through a 302): see `formAction`. */
  redirectUris?: readonly string[];
}

export function htmlResponse(status: number, body: SafeHtml, headers: Record<string, string | string[]> = {}, options: HtmlOptions = {}): Response {
  const csp = `default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action ${formAction(options.redirectUris)}`;
  const h = new Headers({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'x-frame-options': 'DENY', 'content-security-policy': csp });
  for (const [k, v] of Object.entries(headers)) for (const value of Array.isArray(v) ? v : [v]) h.append(k, value);
  return new Response(body.toString(), { status, headers: h });
}

export function redirect(location: string, cookies: string[] = []): Response {
  const h = new Headers({ location, 'cache-control': 'no-store' });
  for (const c of cookies) h.append('set-cookie', c);
  return new Response(null, { status: 302, headers: h });
}

export function errorPage(status: number, error: string, description: string): Response {
  return htmlResponse(status, page({ title: 'Something went wrong', error: `${error}: ${description}`, body: html`` }));
}
