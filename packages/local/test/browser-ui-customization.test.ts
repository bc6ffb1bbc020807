/**
 * SetUICustomization's CSS on the hosted sign-in page, in Chromium: a client's stored CSS colours
 * the sign-in button and the banner as Cognito's documented classes say, another client falls back
 * to the pool's ALL settings, and a person still signs in and lands at the app.
 */
import { CreateUserPoolClientCommand, SetUICustomizationCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { browserAvailable, launchBrowser, serveSite, type Site } from './browser-harness.js';
import { sdk, start } from './helpers.js';

const POOL = 'us-east-1_UiCustom01';
const CLIENT = 'uicustomizationclient00001';

let browser: Browser;
let local: RunningServer;
let app: Site;
let otherClient: string;

beforeAll(async () => {
  if (!browserAvailable()) return;
  app = await serveSite(url => (url.pathname === '/callback' ? { body: '<!doctype html><title>app</title><h1>app</h1>' } : undefined));
  const oauth = {
    AllowedOAuthFlowsUserPoolClient: true,
    AllowedOAuthFlows: ['code' as const],
    AllowedOAuthScopes: ['openid'],
    CallbackURLs: [`${app.url}/callback`],
    SupportedIdentityProviders: ['COGNITO'],
  };
  local = await start({
    config: {
      userPools: [
        {
          Id: POOL,
          PoolName: 'ui-customization',
          Domain: 'ui-customization',
          clients: [{ ClientId: CLIENT, ClientName: 'web', ...oauth }],
          users: [{ Username: 'olive', Password: 'Passw0rd!' }],
        },
      ],
    },
  });
  const client = sdk(local.url);
  otherClient = (await client.send(new CreateUserPoolClientCommand({ UserPoolId: POOL, ClientName: 'other', ...oauth }))).UserPoolClient!.ClientId!;
  await client.send(
    new SetUICustomizationCommand({ UserPoolId: POOL, ClientId: 'ALL', CSS: '.submitButton-customizable { background-color: rgb(9, 9, 9); }' }),
  );
  await client.send(
    new SetUICustomizationCommand({
      UserPoolId: POOL,
      ClientId: CLIENT,
      CSS: '.submitButton-customizable { background-color: rgb(1, 2, 3); }\n.banner-customizable { color: rgb(200, 0, 0); font-size: 30px; }',
    }),
  );
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await local?.close();
  await app?.close();
});

const it_ = browserAvailable() ? it : it.skip;

function loginUrl(clientId: string): string {
  return `http://localhost:${local.port}/login?${new URLSearchParams({ client_id: clientId, redirect_uri: `${app.url}/callback`, response_type: 'code', scope: 'openid' })}`;
}

describe('UI customization on the hosted sign-in page', () => {
  it_("applies the client's CSS, and a person signs in", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(loginUrl(CLIENT));
    const button = page.locator('button[name=signInSubmitButton]');
    expect(await button.evaluate(el => getComputedStyle(el).backgroundColor)).toBe('rgb(1, 2, 3)');
    const banner = page.locator('main > h1');
    expect(await banner.evaluate(el => [getComputedStyle(el).color, getComputedStyle(el).fontSize])).toEqual(['rgb(200, 0, 0)', '30px']);
    await page.fill('#username', 'olive');
    await page.fill('#password', 'Passw0rd!');
    await button.click();
    await page.waitForURL(u => u.origin === app.url && u.pathname === '/callback');
    expect(new URL(page.url()).searchParams.get('code')).toMatch(/.+/);
    await context.close();
  });

  it_('a client without its own CSS gets the pool-wide ALL settings', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(loginUrl(otherClient));
    expect(await page.locator('button[name=signInSubmitButton]').evaluate(el => getComputedStyle(el).backgroundColor)).toBe('rgb(9, 9, 9)');
    await context.close();
  });
});
