/**
 * Loopback names on the server side, through `cognate-auth/node` with real tokens from a real
 * cognate-local (bound to 127.0.0.1, so its tokens say `iss: http://127.0.0.1:PORT/<pool>`): an app
 * configured with `http://localhost:PORT` reads the same user, and a session refused by the
 * verifier says why — to `runtimeOptions.onRejected`, and as one line on stderr with `COGNATE_DEBUG`.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunningServer } from 'cognate-local';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createServerRunner } from '../src/node/index.js';
import { call, createPoolAndClient, startLocal } from './helpers.js';
import { serveNode, type Served } from './serve.js';

const root = resolve(import.meta.dirname, '../../..');
const dir = join(root, '.tmp', `server-loopback-${process.pid}`);
let local: RunningServer;
let pool: { userPoolId: string; userPoolClientId: string };
let cookie: string;
const served: Served[] = [];

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  local = await startLocal();
  pool = await createPoolAndClient(local.url);
  await call(local.url, 'AdminCreateUser', { UserPoolId: pool.userPoolId, Username: 'alice', MessageAction: 'SUPPRESS' });
  await call(local.url, 'AdminSetUserPassword', { UserPoolId: pool.userPoolId, Username: 'alice', Password: 'Corr3ct-Horse!', Permanent: true });
  const { AuthenticationResult: tokens } = await call(local.url, 'InitiateAuth', {
    ClientId: pool.userPoolClientId,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: 'alice', PASSWORD: 'Corr3ct-Horse!' },
  });
  expect(JSON.parse(Buffer.from(tokens.AccessToken.split('.')[1], 'base64url').toString()).iss).toBe(`${local.url}/${pool.userPoolId}`);
  // The cookies a browser signed in with `ssr: true` sends (Amplify's names).
  const prefix = `CognitoIdentityServiceProvider.${pool.userPoolClientId}`;
  cookie = [
    `${prefix}.LastAuthUser=alice`,
    `${prefix}.alice.accessToken=${tokens.AccessToken}`,
    `${prefix}.alice.idToken=${tokens.IdToken}`,
    `${prefix}.alice.refreshToken=${tokens.RefreshToken}`,
  ].join('; ');
});
afterAll(async () => {
  await Promise.all(served.map(s => s.close()));
  await local?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A Node server reading the user with a runner configured with `userPoolEndpoint`; what `/me` answers. */
async function me(userPoolEndpoint: string, rejected: [string, string | undefined][] = []): Promise<Record<string, unknown>> {
  const runner = createServerRunner({
    config: { Auth: { Cognito: { ...pool, userPoolEndpoint } } },
    runtimeOptions: { onRejected: (reason, detail) => rejected.push([reason, detail]) },
  });
  const server = await serveNode(async (req, res) => {
    const body = await runner
      .auth(req, res)
      .getCurrentUser()
      .then(
        user => ({ username: user.username }),
        (error: Error) => ({ error: error.name }),
      );
    res.setHeader('content-type', 'application/json').end(JSON.stringify(body));
  });
  served.push(server);
  return (await fetch(`${server.url}/me`, { headers: { cookie } })).json() as Promise<Record<string, unknown>>;
}

it('an app configured with localhost reads the session cognate-local issued as 127.0.0.1', async () => {
  const port = new URL(local.url).port;
  expect(await me(`http://127.0.0.1:${port}`)).toEqual({ username: 'alice' });
  const rejected: [string, string | undefined][] = [];
  expect(await me(`http://localhost:${port}`, rejected)).toEqual({ username: 'alice' });
  expect(rejected).toEqual([]);
});

it('another port is another issuer: signed out, and onRejected says which issuers differed', async () => {
  const port = Number(new URL(local.url).port);
  const other = `http://localhost:${port === 65535 ? port - 1 : port + 1}`;
  const rejected: [string, string | undefined][] = [];
  expect(await me(other, rejected)).toEqual({ error: 'UserUnAuthenticatedException' });
  expect(rejected).toEqual([
    ['accessToken: iss', `the token's iss "${local.url}/${pool.userPoolId}" is not the configured issuer "${other}/${pool.userPoolId}"`],
  ]);
});

it('COGNATE_DEBUG prints one line per refused session on stderr, and nothing without it', async () => {
  const port = Number(new URL(local.url).port);
  const other = `http://localhost:${port === 65535 ? port - 1 : port + 1}`;
  // A server as an app writes it, run from the built package (`cognate-auth/node`).
  const file = join(dir, 'app.mjs');
  writeFileSync(
    file,
    `import { createServerRunner } from 'cognate-auth/node';
const runner = createServerRunner({ config: { Auth: { Cognito: ${JSON.stringify({ ...pool, userPoolEndpoint: other })} } } });
const req = { headers: { cookie: ${JSON.stringify(cookie)} } };
for (let i = 0; i < 2; i++) await runner.auth(req).getCurrentUser().catch((e) => console.log(e.name));
`,
  );
  const run = (env: Record<string, string>) =>
    new Promise<{ out: string; err: string }>((resolvePromise, reject) => {
      const child = spawn(process.execPath, [file], { cwd: dir, env: { ...process.env, COGNATE_DEBUG: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', c => (out += c));
      child.stderr.on('data', c => (err += c));
      child.on('exit', code => (code === 0 ? resolvePromise({ out, err }) : reject(new Error(`exited ${code}: ${err}`))));
    });
  const debug = await run({ COGNATE_DEBUG: '1' });
  expect(debug.out).toBe('UserUnAuthenticatedException\nUserUnAuthenticatedException\n');
  const lines = debug.err.trim().split('\n');
  expect(lines).toHaveLength(2);
  expect(lines[0]).toBe(
    `[cognate] token refused, the request reads as signed out: accessToken: iss (the token's iss "${local.url}/${pool.userPoolId}" is not the configured issuer "${other}/${pool.userPoolId}")`,
  );
  expect(debug.err).not.toContain(cookie.split('accessToken=')[1]!.split(';')[0]!);
  const quiet = await run({});
  expect(quiet).toEqual({ out: 'UserUnAuthenticatedException\nUserUnAuthenticatedException\n', err: '' });
});
