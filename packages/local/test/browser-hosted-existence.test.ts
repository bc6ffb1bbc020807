/**
 * The hosted sign-in page in Chromium, for an app client with PreventUserExistenceErrors ENABLED (the
 * page follows the client's setting, as the API does), never tells who exists: a person typing a
 * wrong password for an unknown, a known, a locked-out, a disabled or a RESET_REQUIRED user sees the
 * same words on the same page. With the right password a disabled user is told so and a
 * RESET_REQUIRED one is sent to reset it; a locked-out one is not told even then (that would make
 * the lockout a password oracle).
 */
import { AdminDisableUserCommand, AdminResetUserPasswordCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { browserAvailable, launchBrowser, serveSite, type Site } from './browser-harness.js';
import { sdk, start, setClock } from './helpers.js';

const POOL = 'us-east-1_HiddenUI01';
const CLIENT = 'hiddenuiclient000000000001';
const PASSWORD = 'Passw0rd!';
const MESSAGES = ['Incorrect username or password.', 'Password attempts exceeded', 'User is disabled.'];

let browser: Browser;
let local: RunningServer;
let app: Site;
let client: CognitoIdentityProviderClient;

beforeAll(async () => {
  if (!browserAvailable()) return;
  app = await serveSite(() => ({ body: '<!doctype html><title>app</title>' }));
  local = await start({
    config: {
      userPools: [
        {
          Id: POOL,
          PoolName: 'hidden-ui',
          Domain: 'hidden-ui',
          UsernameAttributes: ['email'],
          AutoVerifiedAttributes: ['email'],
          clients: [
            {
              ClientId: CLIENT,
              ClientName: 'web',
              AllowedOAuthFlowsUserPoolClient: true,
              AllowedOAuthFlows: ['code'],
              AllowedOAuthScopes: ['openid', 'email'],
              CallbackURLs: [`${app.url}/`],
              SupportedIdentityProviders: ['COGNITO'],
              ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'],
              PreventUserExistenceErrors: 'ENABLED',
            },
          ],
          users: ['known', 'locked', 'reset', 'disabled'].map(name => ({
            Username: `${name}@example.com`,
            Password: PASSWORD,
            Attributes: { email: `${name}@example.com` },
          })),
        },
      ],
    },
  });
  client = sdk(local.url);
  await client.send(new AdminResetUserPasswordCommand({ UserPoolId: POOL, Username: 'reset@example.com' }));
  await client.send(new AdminDisableUserCommand({ UserPoolId: POOL, Username: 'disabled@example.com' }));
  browser = await launchBrowser();
});

afterAll(async () => {
  client?.destroy();
  await browser?.close();
  await local?.close();
  await app?.close();
});

const it_ = browserAvailable() ? it : it.skip;

/** Types the credentials into the hosted sign-in page and says where that led: the path and the message shown. */
async function signIn(page: Page, username: string, password: string): Promise<{ path: string; message: string | undefined }> {
  const query = new URLSearchParams({ client_id: CLIENT, response_type: 'code', redirect_uri: `${app.url}/`, scope: 'openid email' });
  await page.goto(`http://localhost:${local.port}/login?${query}`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await Promise.all([page.waitForEvent('load'), page.click('button[type="submit"]')]);
  const text = await page.evaluate(() => document.body.innerText);
  return { path: new URL(page.url()).pathname, message: MESSAGES.find(m => text.includes(m)) };
}

describe('hosted sign-in page', () => {
  it_('shows one message for a wrong password, whoever the user is', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await setClock(local.url, { offsetSeconds: 0, frozen: true });
    try {
      for (let i = 0; i < 5; i++) await signIn(page, 'locked@example.com', 'Wrong-Passw0rd!');
      const seen: Record<string, unknown> = {};
      for (const login of ['ghost@example.com', 'known@example.com', 'locked@example.com', 'reset@example.com', 'disabled@example.com']) {
        seen[login] = await signIn(page, login, 'Wrong-Passw0rd!');
      }
      const same = { path: '/login', message: 'Incorrect username or password.' };
      expect(seen).toEqual({
        'ghost@example.com': same,
        'known@example.com': same,
        'locked@example.com': same,
        'reset@example.com': same,
        'disabled@example.com': same,
      });

      expect(await signIn(page, 'locked@example.com', PASSWORD)).toEqual(same);
      expect(await signIn(page, 'disabled@example.com', PASSWORD)).toEqual({ path: '/login', message: 'User is disabled.' });
      expect((await signIn(page, 'reset@example.com', PASSWORD)).path).toBe('/forgotPassword');
    } finally {
      await setClock(local.url, { offsetSeconds: 0, frozen: false });
      await context.close();
    }
  });
});
