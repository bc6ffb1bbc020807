/**
 * cognate against `cognate-local start --https`: a loopback hosted-UI domain is reached over http,
 * except when userPoolEndpoint is https on that same host and port. The Next.js auth routes'
 * redirects are followed against the real https server (trusting only its local CA); the browser
 * side (signInWithRedirect, the code exchange) is the console demo test in cognate-local's
 * browser-https-amplify.test.
 */
import { request } from 'node:https';
import { startServer, type RunningServer } from 'cognate-local';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServerRunner } from '../src/nextjs/index.js';
import type { NextServer } from '../src/nextjs/types.js';
import { startHttpsHostedUi, type HttpsHostedUi } from '../../local/test/https-hosted-ui.js';

const ORIGIN = 'http://localhost:3000';
const POOL = 'us-east-1_HttpsNext01';
const CLIENT = 'httpsnextclient00000000001';
let hosted: HttpsHostedUi;
let local: RunningServer;

beforeAll(async () => {
  hosted = await startHttpsHostedUi({
    startServer: options => startServer({ port: 0, log: () => {}, ...options } as Parameters<typeof startServer>[0]),
    poolId: POOL,
    clientId: CLIENT,
    scopes: ['openid', 'email'],
    redirectSignIn: [`${ORIGIN}/api/auth/sign-in-callback`],
    redirectSignOut: [`${ORIGIN}/api/auth/sign-out-callback`],
  });
  local = hosted.local;
});

afterAll(() => hosted?.close());

/** GET `url` trusting only the server's CA: status and Location. */
function follow(url: string): Promise<{ status: number; location?: string }> {
  return new Promise((resolve, reject) => {
    request(url, { ca: local.tls!.ca, agent: false }, res => {
      res.resume();
      resolve({ status: res.statusCode!, ...(res.headers.location ? { location: res.headers.location } : {}) });
    })
      .on('error', reject)
      .end();
  });
}

it('Next.js auth routes send the browser to https://localhost:PORT when userPoolEndpoint is https there', async () => {
  expect(local.url).toBe(`https://localhost:${local.port}`);
  const { config } = hosted;
  const handler = createServerRunner({ config, runtimeOptions: { origin: ORIGIN } }).createAuthRouteHandlers();
  const route = (path: string) =>
    handler(new NextRequest(`${ORIGIN}/api/auth/${path}`), { params: Promise.resolve({ slug: path }) } as never) as Promise<Response>;

  const signIn = new URL((await route('sign-in')).headers.get('location')!);
  expect(signIn.origin + signIn.pathname).toBe(`${local.url}/oauth2/authorize`);
  // The real https server takes it: on to its sign-in page.
  expect(await follow(signIn.href)).toMatchObject({ status: 302, location: expect.stringMatching(/\/login\?/) });
  expect((await route('sign-up')).headers.get('location')).toMatch(new RegExp(`^${local.url}/signup\\?`));
  const signOut = new URL((await route('sign-out')).headers.get('location')!);
  expect(signOut.origin + signOut.pathname).toBe(`${local.url}/logout`);
  expect((await follow(signOut.href)).status).toBe(302);

  // An http endpoint on loopback keeps http (cognate-local without --https).
  const plain = { Auth: { Cognito: { ...config.Auth.Cognito, userPoolEndpoint: `http://localhost:${local.port}` } } };
  const plainHandler = createServerRunner({ config: plain, runtimeOptions: { origin: ORIGIN } }).createAuthRouteHandlers();
  const plainSignIn = (await plainHandler(new NextRequest(`${ORIGIN}/api/auth/sign-in`), {
    params: Promise.resolve({ slug: 'sign-in' }),
  } as never)) as Response;
  expect(plainSignIn.headers.get('location')).toMatch(new RegExp(`^http://localhost:${local.port}/oauth2/authorize\\?`));
});
