/**
 * The README's Express lines, run as written in a real Express app over HTTP against a real
 * cognate-local (from the built `cognate-auth/node`, as an app imports it): a signed-out user gets 401
 * (`requireAuth` before the route, `authErrorHandler` after the routes), never Express's 500; a
 * signed-in user (Amplify's cookies, real tokens) gets the answer; other errors still go on to 500.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import express from 'express';
import type { RunningServer } from 'cognate-local';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { authErrorHandler, createServerRunner, requireAuth } from '../src/node/index.js';
import { call, createPoolAndClient, startLocal } from './helpers.js';
import { serveNode, type Served } from './serve.js';
import { ROOT, readmeSnippet } from '../../../test/readme-blocks.js';

const dir = join(ROOT, '.tmp', `express-readme-${process.pid}`);
let local: RunningServer;
let pool: { userPoolId: string; userPoolClientId: string };
let cookie: string;
const served: Served[] = [];

/** The README's server block: its `cognate-auth/node` import and its Express lines. */
function expressSnippet(): { importLine: string; lines: string } {
  const block = readmeSnippet('runner.express()');
  const importLine = block.split('\n').find(l => /^import .* from 'cognate-auth\/node';$/.test(l))!;
  const lines = /\/\/ Express[^\n]*\n([\s\S]*?)\n\/\/ /.exec(block)![1]!;
  return { importLine, lines };
}

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  local = await startLocal();
  pool = await createPoolAndClient(local.url);
  await call(local.url, 'AdminCreateUser', {
    UserPoolId: pool.userPoolId,
    Username: 'alice',
    MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: 'alice@example.com' }],
  });
  await call(local.url, 'AdminSetUserPassword', { UserPoolId: pool.userPoolId, Username: 'alice', Password: 'Corr3ct-Horse!', Permanent: true });
  const { AuthenticationResult: tokens } = await call(local.url, 'InitiateAuth', {
    ClientId: pool.userPoolClientId,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: 'alice', PASSWORD: 'Corr3ct-Horse!' },
  });
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

async function get(server: Served, path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, { headers });
  return { status: response.status, body: await response.text() };
}

it("the README's Express app answers 401 to a signed-out user and the user to a signed-in one", async () => {
  const { importLine, lines } = expressSnippet();
  const file = join(dir, 'app.mjs');
  writeFileSync(
    file,
    [
      "import express from 'express';",
      importLine,
      `const runner = createServerRunner({ config: { Auth: { Cognito: ${JSON.stringify({ ...pool, userPoolEndpoint: local.url })} } } });`,
      'const app = express();',
      lines,
      'export default app;',
    ].join('\n'),
  );
  const { default: app } = (await import(pathToFileURL(file).href)) as { default: express.Express };
  const server = await serveNode(app);
  served.push(server);
  for (const path of ['/me', '/profile']) {
    const out = await get(server, path);
    expect(out.status, path).toBe(401);
    expect(JSON.parse(out.body), path).toEqual({ name: 'UserUnAuthenticatedException', message: 'User needs to be authenticated to call this API.' });
  }
  const me = await get(server, '/me', { cookie });
  expect(me.status).toBe(200);
  expect(JSON.parse(me.body)).toMatchObject({ username: 'alice' });
  const profile = await get(server, '/profile', { cookie });
  expect(profile.status).toBe(200);
  expect(JSON.parse(profile.body)).toMatchObject({ email: 'alice@example.com' });
});

it('authErrorHandler passes other errors on (500), and requireAuth without runner.express() is an error, not a pass', async () => {
  const runner = createServerRunner({ config: { Auth: { Cognito: { ...pool, userPoolEndpoint: local.url } } } });
  const app = express();
  app.get('/unguarded', requireAuth, (_req, res) => {
    res.json({ reached: true });
  });
  app.use(runner.express());
  app.get('/boom', async () => {
    throw new Error('not an auth error');
  });
  app.use(authErrorHandler);
  const server = await serveNode(app);
  served.push(server);
  expect((await get(server, '/boom', { cookie })).status).toBe(500);
  const unguarded = await get(server, '/unguarded', { cookie });
  expect(unguarded.status).toBe(500);
  expect(unguarded.body).not.toContain('reached');
});
