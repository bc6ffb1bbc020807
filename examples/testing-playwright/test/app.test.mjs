// Playwright (playwright-core, Chromium) with node:test: each test starts signed in from
// cognate-local/testing's storageState, so no test goes through a sign-in page.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { chromium } from 'playwright-core';
import { startCognateLocal } from 'cognate-local/testing';
import { startSite } from '../server.mjs';

let cognito;
let site;
let browser;

before(async () => {
  cognito = await startCognateLocal();
  site = await startSite({ amplifyConfig: cognito.amplifyConfig });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
});
after(async () => {
  await browser?.close();
  await site?.close();
  await cognito?.stop();
});
beforeEach(async () => {
  await cognito.reset();
  await cognito.createUser({ username: 'ada' });
});

/** A page whose browser context holds ada's session, as if she had signed in. */
async function signedInPage() {
  const context = await browser.newContext({ storageState: await cognito.storageState({ username: 'ada', origin: site.url }) });
  const page = await context.newPage();
  await page.clock.install(); // so advanceClock can move the page's clock with the server's
  await page.goto(site.url);
  return page;
}

test('opens signed in', async () => {
  const page = await signedInPage();
  await page.locator('#status', { hasText: 'Signed in as ada' }).waitFor();
  await page.context().close();
});

test('an hour later the app refreshes the session by itself', async () => {
  const page = await signedInPage();
  await page.locator('#status', { hasText: 'Signed in as ada' }).waitFor();
  const first = await page.locator('#expires').textContent();

  await cognito.advanceClock(61 * 60 * 1000, { pages: [page] });
  await page.click('#check');
  await page.waitForFunction(previous => document.querySelector('#expires').textContent !== previous, first);
  const second = await page.locator('#expires').textContent();
  assert.ok(new Date(second) - new Date(first) >= 60 * 60 * 1000, `${first} → ${second}`);
  await page.context().close();
});

test('sign-out ends the session', async () => {
  const page = await signedInPage();
  await page.locator('#status', { hasText: 'Signed in as ada' }).waitFor();
  await page.click('#sign-out');
  await page.locator('#status', { hasText: 'Signed out' }).waitFor();
  await page.context().close();
});
