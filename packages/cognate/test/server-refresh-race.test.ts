/**
 * Server requests racing to refresh one session, with refresh-token rotation and no grace period:
 * the browser sends the same expired cookies on many parallel requests, one wins the rotation and
 * the others are refused (RefreshTokenReuseException). The losers must not delete the cookies: in
 * whatever order the browser applies the answers, it ends up with a working session.
 */
import type { RunningServer } from 'cognate-local';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Amplify } from '../src/index.js';
import { signIn } from '../src/auth.js';
import { createServerRunner } from '../src/node/index.js';
import { getCurrentUser } from '../src/server/auth-server.js';
import { BrowserJar, uninstallDocument } from './browser-jar.js';
import { call, createPoolAndClient, setClock, startLocal } from './helpers.js';
import { serveNode, type Served } from './serve.js';

let local: RunningServer;
let served: Served;
let config: { Auth: { Cognito: { userPoolId: string; userPoolClientId: string; userPoolEndpoint: string } } };

beforeAll(async () => {
  local = await startLocal();
  const pool = await createPoolAndClient(local.url, {}, { RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 } });
  config = { Auth: { Cognito: { ...pool, userPoolEndpoint: local.url } } };
  await call(local.url, 'AdminCreateUser', { UserPoolId: pool.userPoolId, Username: 'rita', MessageAction: 'SUPPRESS' });
  await call(local.url, 'AdminSetUserPassword', { UserPoolId: pool.userPoolId, Username: 'rita', Password: 'Passw0rd!', Permanent: true });
  const runner = createServerRunner({ config });
  served = await serveNode(async (req, res) => {
    const body = await runner.runWithAmplifyServerContext({
      request: req,
      response: res,
      operation: ctx =>
        getCurrentUser(ctx).then(
          u => ({ username: u.username }),
          (e: Error) => ({ signedOut: e.name }),
        ),
    });
    res.setHeader('content-type', 'application/json').end(JSON.stringify(body));
  });
});
afterAll(async () => {
  await served?.close();
  await local?.close();
});

it('ten parallel requests with the same expired cookies: the browser keeps a working session', async () => {
  const jar = new BrowserJar().install();
  try {
    await setClock(local.url, { offsetSeconds: -3700 });
    Amplify.configure(config, { ssr: true });
    expect((await signIn({ username: 'rita', password: 'Passw0rd!', options: { authFlowType: 'USER_PASSWORD_AUTH' } })).isSignedIn).toBe(true);
  } finally {
    await setClock(local.url, { offsetSeconds: 0 });
    uninstallDocument();
  }
  const cookie = jar.header();
  const answers = await Promise.all(
    Array.from({ length: 10 }, async () => {
      const res = await fetch(`${served.url}/me`, { headers: { cookie } });
      return { body: await res.json(), setCookie: res.headers.getSetCookie() };
    }),
  );
  const winners = answers.filter(a => a.body.username === 'rita');
  const losers = answers.filter(a => a.body.signedOut);
  expect(winners.length).toBeGreaterThanOrEqual(1);
  expect(winners.length + losers.length).toBe(10);
  // The losers of the race send no cookie deletions.
  expect(losers.every(a => a.setCookie.length === 0)).toBe(true);
  // Apply the answers in the worst order for the user: winners first, then the losers.
  for (const answer of [...winners, ...losers]) for (const line of answer.setCookie) jar.apply(line);
  const after = await jar.fetch(`${served.url}/me`);
  expect(await after.json()).toEqual({ username: 'rita' });
});
