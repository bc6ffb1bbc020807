/**
 * The first day: `cognate-local start --demo --outputs FILE` writes amplify_outputs.json, and
 * `cognate-auth` configured from that file, with nothing added, reaches the local server (not AWS):
 * it signs the demo user in, gets identity-pool credentials, and has the hosted UI's OAuth config.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCli } from '../../local/test/helpers.js';
import * as auth from '../src/auth-cognito.js';
import { Amplify } from '../src/index.js';
import { MapStorage } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'cognate-outputs-'));
const file = join(dir, 'amplify_outputs.json');
let cli: Awaited<ReturnType<typeof startCli>>;

beforeAll(async () => {
  cli = await startCli(['--demo', '--in-memory', '--outputs', file]);
});
afterAll(() => {
  cli?.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

it('cognate configured from the written amplify_outputs.json signs the demo user in against cognate-local', async () => {
  const outputs = JSON.parse(readFileSync(file, 'utf8'));
  Amplify.configure(outputs);
  auth.cognitoUserPoolsTokenProvider.setKeyValueStorage(new MapStorage());
  const result = await auth.signIn({ username: 'demo@example.com', password: 'Passw0rd!' });
  expect(result.nextStep.signInStep).toBe('DONE');
  const session = await auth.fetchAuthSession();
  expect(session.tokens?.idToken?.payload.iss).toBe(`${cli.url}/us-east-1_CognateD1`);
  expect(session.tokens?.idToken?.payload.email).toBe('demo@example.com');
  // The identity pool is reached too: credentials for the signed-in user, from the local server.
  expect(session.identityId).toMatch(/^us-east-1:/);
  expect(session.credentials?.accessKeyId).toBeTruthy();
  await auth.signOut();
});

it('the outputs carry the hosted UI: this server as the domain, app-facing redirect URLs, code flow', () => {
  const outputs = JSON.parse(readFileSync(file, 'utf8'));
  const { oauth } = Amplify.getConfig().Auth!.Cognito.loginWith!;
  expect(outputs.auth.oauth.domain).toBe(new URL(cli.url).host);
  expect(oauth).toMatchObject({
    domain: new URL(cli.url).host,
    responseType: 'code',
    scopes: ['openid', 'email', 'profile', 'aws.cognito.signin.user.admin'],
    redirectSignIn: ['http://localhost:3000/', 'http://localhost:5173/'],
    redirectSignOut: ['http://localhost:3000/', 'http://localhost:5173/'],
  });
});

it('each redirect URL in the outputs is one the hosted UI accepts for the demo client', async () => {
  const outputs = JSON.parse(readFileSync(file, 'utf8'));
  const { domain, redirect_sign_in_uri: redirects } = outputs.auth.oauth;
  for (const redirect of redirects as string[]) {
    const query = new URLSearchParams({
      client_id: outputs.auth.user_pool_client_id,
      response_type: 'code',
      redirect_uri: redirect,
      scope: 'openid',
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'S256',
    });
    const res = await fetch(`http://${domain}/oauth2/authorize?${query}`, { redirect: 'manual' });
    expect([200, 302], `${redirect}: ${res.status}`).toContain(res.status);
    if (res.status === 302) expect(res.headers.get('location')).not.toMatch(/error=/);
  }
});

it('aws-amplify accepts the same file: the extra endpoint keys are ignored, the rest is read as usual', async () => {
  const { Amplify: AmplifyReal } = await import('aws-amplify');
  const outputs = JSON.parse(readFileSync(file, 'utf8'));
  AmplifyReal.configure(outputs);
  const cognito = AmplifyReal.getConfig().Auth!.Cognito;
  expect(cognito).toMatchObject({
    userPoolId: 'us-east-1_CognateD1',
    userPoolClientId: 'cognatedemo0000000000web01',
    identityPoolId: outputs.auth.identity_pool_id,
  });
  expect(cognito.loginWith?.oauth?.redirectSignIn).toEqual(['http://localhost:3000/', 'http://localhost:5173/']);
  expect('userPoolEndpoint' in cognito).toBe(false);
});
