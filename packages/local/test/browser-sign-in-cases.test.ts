/**
 * A few cases of the shared sign-in table (sign-in-cases.ts) through the hosted pages in Chromium:
 * a person types into the real forms and clicks, and each step must have the outcome the table
 * states (the same the API and the HTTP form posts give in sign-in-cases.test.ts).
 */
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { browserAvailable, launchBrowser } from './browser-harness.js';
import { sdk, start } from './helpers.js';
import {
  APP,
  authorizeUrl,
  CASES,
  casesServerOptions,
  configurePools,
  expectedSteps,
  type Front,
  type FrontContext,
  type Outcome,
  pageOutcome,
  redeem,
  runCase,
} from './sign-in-cases.js';

const dir = mkdtempSync(join(tmpdir(), 'cognate-browser-cases-'));
let server: RunningServer;
let admin: CognitoIdentityProviderClient;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  if (!browserAvailable()) return;
  server = await start(casesServerOptions(dir));
  admin = sdk(server.url);
  await configurePools(admin);
  browser = await launchBrowser();
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  admin?.destroy();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The hosted pages in Chromium. The app at the redirect URI is not served: the front reads where
 * the last form post sent the browser (its 302) and redeems the code from there.
 */
function chromiumFront({ url, clientId }: FrontContext): Front {
  let page: Page | undefined;
  let sentTo: string | undefined;
  const read = async (): Promise<Outcome> => {
    if (sentTo?.startsWith(APP)) return redeem(url, clientId, sentTo);
    const out = pageOutcome(200, null, await page!.content());
    if ('redirect' in out) throw new Error('unexpected redirect');
    if ('challenge' in out || 'error' in out) return out;
    return new URL(page!.url()).pathname === '/confirm' ? { next: 'CONFIRM_SIGN_UP' } : out;
  };
  const submit = async (fill: (p: Page) => Promise<void>, button = 'button[type="submit"]') => {
    await fill(page!);
    sentTo = undefined;
    await Promise.all([page!.waitForEvent('load'), page!.click(button)]);
    return read();
  };
  return {
    async signIn(username, password) {
      // A fresh browser for each sign-in: one with the hosted session would go straight back to the app.
      await page?.context().close();
      const context = await browser.newContext();
      contexts.push(context);
      page = await context.newPage();
      page.on('response', response => {
        if (response.request().method() === 'POST' && response.status() === 302) sentTo = response.headers().location;
      });
      await page.goto(authorizeUrl(url, clientId));
      return submit(async p => {
        await p.fill('input[name="username"]', username);
        await p.fill('input[name="password"]', password);
      });
    },
    async answer(action, resolve) {
      if ('code' in action) return submit(p => p.fill('input[name="code"]', action.code));
      if ('newPassword' in action) return submit(p => p.fill('input[name="password"]', action.newPassword));
      if ('select' in action) return submit(async () => {}, `button[value="${action.select}"]`);
      if ('setupEmail' in action) return submit(p => p.fill('input[name="email"]', action.setupEmail));
      const secret = /secret=([A-Z2-7]+)/.exec(await page!.content())?.[1];
      if (!secret) throw new Error('no secret on the setup page');
      return submit(p => p.fill('input[name="code"]', resolve(secret)));
    },
  };
}

const IN_CHROMIUM = ['NEW_PASSWORD_REQUIRED', 'SELECT_MFA_TYPE', 'MFA_SETUP with TOTP', 'TOTP MFA, wrong codes up to the limit'];
const it_ = browserAvailable() ? it : it.skip;

describe('sign-in cases through the hosted pages in Chromium', () => {
  it('names cases of the table', () => {
    expect(IN_CHROMIUM.filter(name => !CASES.some(c => c.name === name))).toEqual([]);
  });

  for (const c of CASES.filter(c => IN_CHROMIUM.includes(c.name))) {
    it_(c.name, async () => {
      const seen = await runCase(c, 'chromium', chromiumFront, { url: server.url, admin, triggerDir: dir });
      expect(seen).toEqual(expectedSteps(c, 'chromium'));
    });
  }
});
