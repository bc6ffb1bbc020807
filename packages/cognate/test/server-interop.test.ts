/**
 * Cookie compatibility with the real aws-amplify v6 in both directions, against cognate-local:
 * cookies Amplify's browser side writes (`ssr: true`, js-cookie) are read and verified by cognate's
 * server side; cookies cognate writes — in the browser and as a server refresh — are read by
 * Amplify's own `aws-amplify/adapter-core` `runWithAmplifyServerContext` and by Amplify's browser side.
 */
import { Amplify as AmplifyReal } from 'aws-amplify';
import {
  createKeyValueStorageFromCookieStorageAdapter as ampKv,
  createUserPoolsTokenProvider as ampTokenProvider,
  runWithAmplifyServerContext as ampRun,
} from 'aws-amplify/adapter-core';
import { fetchAuthSession as ampClientSession, signIn as ampSignIn } from 'aws-amplify/auth';
import { fetchAuthSession as ampServerSession } from 'aws-amplify/auth/server';
import type { RunningServer } from 'cognate-local';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signIn } from '../src/auth.js';
import { Amplify } from '../src/index.js';
import { createServerRunner } from '../src/node/index.js';
import { fetchAuthSession, getCurrentUser } from '../src/server/auth-server.js';
import { parseCookieHeader } from '../src/server/cookies.js';
import { BrowserJar, uninstallDocument } from './browser-jar.js';
import { call, createPoolAndClient, setClock, startLocal } from './helpers.js';
import { serveNode, type Served } from './serve.js';

const PASSWORD = 'Corr3ct-Horse!';
let local: RunningServer;
let server: Served;
// biome-ignore lint/suspicious/noExplicitAny: amplify_outputs-style JSON written by cognate-local, read by path
let config: any;

async function createUser(username: string) {
  await call(local.url, 'AdminCreateUser', { UserPoolId: config.Auth.Cognito.userPoolId, Username: username, MessageAction: 'SUPPRESS', UserAttributes: [] });
  await call(local.url, 'AdminSetUserPassword', { UserPoolId: config.Auth.Cognito.userPoolId, Username: username, Password: PASSWORD, Permanent: true });
}

async function withDocument<T>(jar: BrowserJar, run: () => Promise<T>): Promise<T> {
  jar.install();
  try {
    return await run();
  } finally {
    uninstallDocument();
  }
}

/** Amplify's adapter-core over the jar's cookies, the way a framework adapter wires it (no validator). */
function amplifyServerSession(jar: BrowserJar) {
  const cookies = parseCookieHeader(jar.header());
  const adapter = {
    get: (name: string) => (cookies.has(name) ? { name, value: cookies.get(name)! } : undefined),
    getAll: () => [...cookies].map(([name, value]) => ({ name, value })),
    set: (name: string, value: string) => void cookies.set(name, value),
    delete: (name: string) => void cookies.delete(name),
  };
  const tokenProvider = ampTokenProvider(config.Auth, ampKv(adapter));
  return ampRun(config, { Auth: { tokenProvider } }, ctx => ampServerSession(ctx));
}

beforeAll(async () => {
  local = await startLocal();
  const pool = await createPoolAndClient(local.url);
  config = { Auth: { Cognito: { ...pool, userPoolEndpoint: local.url } } };
  const runner = createServerRunner({ config });
  server = await serveNode(async (req, res) => {
    const body = await runner.runWithAmplifyServerContext({
      request: req,
      response: res,
      operation: async ctx => {
        const session = await fetchAuthSession(ctx);
        if (!session.tokens) return { signedOut: true };
        return { username: (await getCurrentUser(ctx)).username, accessToken: session.tokens.accessToken.toString() };
      },
    });
    res.setHeader('content-type', 'application/json').end(JSON.stringify(body));
  });
});
afterAll(async () => {
  await server?.close();
  await local?.close();
});

it('cookies written by aws-amplify (ssr: true) are read and verified by cognate/node', async () => {
  await createUser('amp.user@example.com');
  const jar = new BrowserJar();
  await withDocument(jar, async () => {
    AmplifyReal.configure(config, { ssr: true });
    const result = await ampSignIn({ username: 'amp.user@example.com', password: PASSWORD });
    expect(result.isSignedIn).toBe(true);
  });
  expect([...jar.cookies.keys()].some(n => n.includes('amp.user%40example.com.accessToken'))).toBe(true);
  const response = await jar.fetch(`${server.url}/me`);
  const body = await response.json();
  expect(body.username).toBe('amp.user@example.com');
  expect(body.accessToken).toBe(jar.find('.accessToken'));
});

it("cookies cognate's browser side wrote are read by Amplify's adapter-core", async () => {
  await createUser('cog.user@example.com');
  const jar = new BrowserJar();
  await withDocument(jar, async () => {
    Amplify.configure(config, { ssr: true });
    await signIn({ username: 'cog.user@example.com', password: PASSWORD });
  });
  const session = await amplifyServerSession(jar);
  expect(session.tokens?.accessToken.toString()).toBe(jar.find('.accessToken'));
  expect(session.tokens?.accessToken.payload.username).toBe('cog.user@example.com');
});

it("cookies cognate's server wrote on refresh are read by Amplify's adapter-core and by Amplify in the browser", async () => {
  await createUser('refresh.user@example.com');
  const jar = new BrowserJar();
  await setClock(local.url, { offsetSeconds: -3700 });
  try {
    await withDocument(jar, async () => {
      Amplify.configure(config, { ssr: true });
      await signIn({ username: 'refresh.user@example.com', password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    });
  } finally {
    await setClock(local.url, { offsetSeconds: 0 });
  }
  const response = await jar.fetch(`${server.url}/me`);
  const body = await response.json();
  expect(response.headers.getSetCookie().length).toBeGreaterThan(0);
  expect(jar.find('.accessToken')).toBe(body.accessToken);
  // Amplify's server side reads the refreshed cookies without refreshing again (no network: fetch throws).
  const realFetch = globalThis.fetch;
  globalThis.fetch = (() => Promise.reject(new Error('no network expected'))) as typeof fetch;
  try {
    const session = await amplifyServerSession(jar);
    expect(session.tokens?.accessToken.toString()).toBe(body.accessToken);
  } finally {
    globalThis.fetch = realFetch;
  }
  // Amplify in the browser reads them too.
  const clientSession = await withDocument(jar, async () => {
    AmplifyReal.configure(config, { ssr: true });
    return ampClientSession();
  });
  expect(clientSession.tokens?.accessToken.toString()).toBe(body.accessToken);
});
