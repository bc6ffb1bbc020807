/**
 * Drive-by control in Chromium: a page served from a second port on 127.0.0.1 (same-site to the
 * server, another origin) tries what a malicious page would — ListUsers, AdminSetUserPassword,
 * UpdateUserPool with a PreSignUp trigger, reading /_local/messages, a plain form POST to
 * /_local/reset — and each is refused with the server's state unchanged, while the same page can
 * still use the public operations (SignUp, InitiateAuth) as an app would.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { browserAvailable, launchBrowser, serveSite, type Site } from './browser-harness.js';
import { call, start } from './helpers.js';

const POOL = 'us-east-1_DriveByWeb1';
const CLIENT = 'drivebyweb0000000000000001';

let browser: Browser;
let local: RunningServer;
let site: Site;
/** The attacker's page, at http://127.0.0.1:<another port>/. */
let page: Page;

beforeAll(async () => {
  if (!browserAvailable()) return;
  local = await start({
    config: {
      userPools: [
        {
          Id: POOL,
          PoolName: 'drive-by-web',
          AutoVerifiedAttributes: ['email'],
          clients: [{ ClientId: CLIENT, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }],
          users: [{ Username: 'alice', Password: 'Passw0rd!', Attributes: { email: 'alice@example.com' } }],
        },
      ],
    },
  });
  site = await serveSite(url =>
    url.pathname === '/' ? { body: '<!doctype html><meta charset="utf-8"><title>some web page</title><h1>Totally harmless</h1>' } : undefined,
  );
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
  await page.goto(`http://127.0.0.1:${site.port}/`);
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await local?.close();
});

/** fetch() an AWS JSON 1.1 operation from the page: its answer, or the error fetch rejected with. */
// biome-ignore lint/suspicious/noExplicitAny: a parsed JSON answer, read by each test field by field
function fromPage(op: string, body: unknown): Promise<{ status: number; body: any } | { error: string }> {
  return page.evaluate(
    async ({ url, op, body }) => {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${op}` },
          body: JSON.stringify(body),
        });
        return { status: res.status, body: await res.json() };
      } catch (error) {
        return { error: (error as Error).name };
      }
    },
    { url: local.url, op, body },
  );
}

const signIn = (password: string) =>
  call(local.url, 'InitiateAuth', { ClientId: CLIENT, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD: password } });

describe.skipIf(!browserAvailable())('a page on another origin', () => {
  it('cannot list users, set a password or install a PreSignUp trigger', async () => {
    expect(await fromPage('ListUsers', { UserPoolId: POOL })).toEqual({ error: 'TypeError' });
    expect(await fromPage('AdminSetUserPassword', { UserPoolId: POOL, Username: 'alice', Password: 'Hijacked1!', Permanent: true })).toEqual({
      error: 'TypeError',
    });
    expect(await fromPage('UpdateUserPool', { UserPoolId: POOL, LambdaConfig: { PreSignUp: './evil-trigger.mjs' } })).toEqual({ error: 'TypeError' });
    // Nothing changed: the old password still signs in, the new one does not; no trigger is set.
    expect((await signIn('Passw0rd!')).status).toBe(200);
    expect((await signIn('Hijacked1!')).body.__type).toBe('NotAuthorizedException');
    const pool = await call(local.url, 'DescribeUserPool', { UserPoolId: POOL });
    expect(pool.body.UserPool.LambdaConfig?.PreSignUp).toBeUndefined();
  });

  it('cannot read the outbox', async () => {
    const read = await page.evaluate(async url => {
      try {
        return await (await fetch(`${url}/_local/messages`)).text();
      } catch (error) {
        return (error as Error).name;
      }
    }, local.url);
    expect(read).toBe('TypeError');
  });

  it('a plain form POST to /_local/reset does not wipe the state', async () => {
    await page.evaluate(url => {
      const form = document.createElement('form');
      form.method = 'POST';
      form.action = `${url}/_local/reset`;
      document.body.append(form);
      form.submit();
    }, local.url);
    await page.waitForURL(`${local.url}/_local/reset`);
    expect(await page.textContent('body')).toContain('AccessDeniedException');
    expect((await call(local.url, 'DescribeUserPool', { UserPoolId: POOL })).status).toBe(200);
    expect((await signIn('Passw0rd!')).status).toBe(200);
    await page.goto(`http://127.0.0.1:${site.port}/`);
  });

  it('can use the public operations an app uses (SignUp, InitiateAuth), with CORS', async () => {
    const signUp = await fromPage('SignUp', {
      ClientId: CLIENT,
      Username: 'bob',
      Password: 'Passw0rd!',
      UserAttributes: [{ Name: 'email', Value: 'bob@example.com' }],
    });
    expect(signUp).toMatchObject({ status: 200, body: { UserConfirmed: false } });
    const auth = await fromPage('InitiateAuth', {
      ClientId: CLIENT,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'alice', PASSWORD: 'Passw0rd!' },
    });
    expect(auth).toMatchObject({ status: 200, body: { AuthenticationResult: { TokenType: 'Bearer' } } });
  });
});
