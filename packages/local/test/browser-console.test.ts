/**
 * The console `npm start` serves, in Chromium: the overview at `/` (pools, clients, users, outbox)
 * and the demo app at `/_local/console/demo`, which runs cognate's browser bundle against the
 * demo pool: sign up, confirm with the code read from the outbox (`/_local/messages`), sign in,
 * profile, turn on an authenticator app, sign out, sign in again through the TOTP step, sign out.
 * Screenshots land in .tmp/browser-artifacts/.
 */
import { createHmac } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allowDemoOrigin, DEMO_CONFIG, type RunningServer } from '../src/index.js';
import { artifact, browserAvailable, launchBrowser } from './browser-harness.js';
import { start } from './helpers.js';

const POOL = 'us-east-1_CognateD1';
let browser: Browser;
let local: RunningServer;
let origin: string;

beforeAll(async () => {
  if (!browserAvailable()) return;
  local = await start({ config: DEMO_CONFIG });
  origin = `http://localhost:${local.port}`;
  // What `cognate-local start --demo` does once it listens: the hosted UI may send the demo back here.
  allowDemoOrigin(local.local.services, origin);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await local?.close();
});

const it_ = browserAvailable() ? it : it.skip;

/** RFC 6238 (SHA-1, 6 digits, 30 s) from a base32 secret: the authenticator app. */
function totp(secret: string, step = Math.floor(Date.now() / 30_000)): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '').toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map(b => Number.parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

async function lastCode(email: string): Promise<string> {
  const res = await fetch(`${local.url}/_local/messages?${new URLSearchParams({ userPoolId: POOL, username: email })}`);
  const { messages } = (await res.json()) as { messages: Array<{ code?: string }> };
  return messages.filter(m => m.code).at(-1)!.code!;
}

async function alert(page: Page): Promise<string> {
  return (await page.textContent('#alert')) ?? '';
}

describe('console', () => {
  it_('the overview lists the demo pool, its client, users and the outbox', async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${origin}/`);
    expect(response!.headers()['content-type']).toContain('text/html');
    await expect.poll(() => page.textContent('.pool')).toContain(POOL);
    const pool = (await page.textContent('.pool'))!;
    expect(pool).toContain('cognatedemo0000000000web01');
    expect(pool).toContain('demo@example.com');
    expect(pool).toContain('CONFIRMED');
    // The demo group, and the demo user in it.
    expect(pool).toContain('groups admins');
    expect(await page.textContent('.pool tbody tr:has-text("demo@example.com") td.groups')).toBe('admins');
    expect(await page.textContent('.outbox')).toContain('Nothing delivered yet');
    // The demo identity pool, linked to the demo client, before anyone has asked for credentials.
    const identityPools = (await page.textContent('.identity-pools'))!;
    expect(identityPools).toContain('us-east-1:00000000-0000-4000-8000-00000000c0de');
    expect(identityPools).toContain(`cognito-idp.us-east-1.amazonaws.com/${POOL} · cognatedemo0000000000web01`);
    expect(await page.textContent('.identity-pools tbody tr td:nth-child(4)')).toBe('0');
    // API clients still get the plain greeting.
    expect(await (await fetch(`${local.url}/`)).text()).toContain('POST AWS JSON 1.1 requests here');
    await page.close();
  });

  it_('demo app: sign up, confirm with the outbox code, sign in, profile, authenticator, sign out, sign in with TOTP', async () => {
    const page = await browser.newPage({ viewport: { width: 1180, height: 860 } });
    const errors: string[] = [];
    page.on('pageerror', error => errors.push(error.message));
    await page.goto(`${origin}/_local/console/demo`);
    await page.waitForSelector('body[data-ready=true]');
    await page.screenshot({ path: artifact('demo-sign-in.png') });

    const email = 'ada@example.com';
    const password = 'Sup3r$ecret!';
    await page.click('#tabs button[data-view=signup]');
    await page.fill('#signup-email', email);
    await page.fill('#signup-name', 'Ada Lovelace');
    await page.fill('#signup-password', password);
    await page.click('#signup-form button[type=submit]');
    await page.waitForSelector('#view-confirm:not([hidden])');
    expect(await alert(page)).toContain('We sent a code to a***@e***');

    await page.fill('#confirm-code', await lastCode(email));
    await page.click('#confirm-form button[type=submit]');
    await page.waitForSelector('#view-signin:not([hidden])');
    expect(await alert(page)).toContain('Account confirmed');
    expect(await page.inputValue('#signin-email')).toBe(email);

    await page.fill('#signin-password', password);
    await page.click('#signin-form button[type=submit]');
    await page.waitForSelector('#view-profile:not([hidden])');
    expect(await page.textContent('#profile-name')).toBe('Ada Lovelace');
    expect(await page.textContent('#profile-attributes')).toContain(email);
    expect(await page.textContent('#profile-id-token')).toContain('"email": "ada@example.com"');
    expect(await page.textContent('#mfa-status')).toBe('Off');
    await page.screenshot({ path: artifact('demo-profile.png'), fullPage: true });

    // Turn on an authenticator app: the code for this 30 s step verifies it...
    await page.click('#mfa-setup');
    await page.waitForSelector('#totp-form:not([hidden])');
    const secret = (await page.textContent('#totp-secret'))!;
    expect(await page.textContent('#totp-uri')).toContain(`secret=${secret}`);
    const step = Math.floor(Date.now() / 30_000);
    await page.fill('#totp-code', totp(secret, step));
    await page.click('#totp-form button[type=submit]');
    await expect.poll(() => alert(page)).toContain('Authenticator app on');
    expect(await page.textContent('#mfa-status')).toContain('TOTP');

    await page.click('#signout');
    await page.waitForSelector('#view-signin:not([hidden])');
    expect(await alert(page)).toBe('Signed out.');
    expect(await page.evaluate(() => Object.keys(localStorage).filter(k => k.endsWith('.accessToken')))).toEqual([]);

    // ...and the next sign-in asks for one (the next step's code: a used step is refused).
    await page.fill('#signin-password', password);
    await page.click('#signin-form button[type=submit]');
    await page.waitForSelector('#view-challenge:not([hidden])');
    expect(await alert(page)).toContain('authenticator app');
    await page.fill('#challenge-code', totp(secret, step + 1));
    await page.click('#challenge-form button[type=submit]');
    await page.waitForSelector('#view-profile:not([hidden])');
    expect(await page.textContent('#profile-name')).toBe('Ada Lovelace');
    expect(await page.textContent('#events')).toContain('signedIn');

    await page.click('#signout');
    await page.waitForSelector('#view-signin:not([hidden])');
    expect(errors).toEqual([]);

    // The console shows the new user, confirmed, with TOTP on, and the code in the outbox.
    await page.goto(`${origin}/`);
    const pool = (await page.textContent('.pool'))!;
    expect(pool).toContain(email);
    expect(pool).toContain('TOTP (preferred)');
    expect(await page.textContent('.outbox')).toContain(email);
    await page.screenshot({ path: artifact('console.png'), fullPage: true });
    await page.close();
  });

  it_('the demo app signs in through the hosted UI and back, and signs out through its /logout', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', error => errors.push(String(error)));
    await page.goto(`${origin}/_local/console/demo`);
    await page.waitForSelector('body[data-ready=true]');
    await page.click('#hosted-ui');
    // cognate-local's own sign-in page, reached through /oauth2/authorize with PKCE.
    await page.waitForURL(url => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('client_id')).toBe('cognatedemo0000000000web01');
    await page.fill('#username', 'demo@example.com');
    await page.fill('#password', 'Passw0rd!');
    await page.click('button[name="signInSubmitButton"]');
    await page.waitForSelector('#view-profile:not([hidden])');
    expect(new URL(page.url()).pathname).toBe('/_local/console/demo');
    expect(await page.textContent('#profile-name')).toBe('Demo User');
    expect(await alert(page)).toBe('Signed in through the hosted UI.');
    expect(await page.textContent('#events')).toContain('signInWithRedirect');
    expect(await page.textContent('#profile-access-token')).toContain('"scope": "openid');
    // The demo user is in the demo pool's admins group.
    expect(JSON.parse((await page.textContent('#profile-id-token'))!)['cognito:groups']).toEqual(['admins']);

    // A hosted-UI session leaves through /logout, which sends the browser back to the demo.
    await page.click('#signout');
    await page.waitForURL(url => url.pathname === '/_local/console/demo' && !url.search);
    await page.waitForSelector('#view-signin:not([hidden])');
    expect(await page.evaluate(() => Object.keys(localStorage).filter(k => k.endsWith('.accessToken')))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
