/**
 * The README's first-day snippets, run as written against `cognate-local start --demo --outputs`
 * (only the port changes): `cognate-auth` configured from the written amplify_outputs.json alone, and the
 * aws-amplify lines with the endpoints, identity pool and hosted UI, whose redirect URLs must be ones
 * the server accepts and the same as the outputs file's.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCli } from '../packages/local/test/helpers.js';
import { ROOT, readmeSnippet, runSnippet } from './readme-blocks.js';

const dir = join(ROOT, '.tmp', `readme-first-day-${process.pid}`);
let child: Awaited<ReturnType<typeof startCli>>['child'];
let url: string;

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  ({ child, url } = await startCli(['--in-memory', '--demo', '--outputs', join(dir, 'amplify_outputs.json')]));
});
afterAll(() => {
  child?.kill();
  rmSync(dir, { recursive: true, force: true });
});

const claims = 'JSON.parse(Buffer.from(tokens.idToken.toString().split(".")[1], "base64url"))';

it('cognate configured from amplify_outputs.json alone signs the demo user in and gets an identity, as pasted', async () => {
  const out = await runSnippet(
    dir,
    url,
    'cognate-outputs',
    readmeSnippet("from './amplify_outputs.json'"),
    `console.log(JSON.stringify({ iss: ${claims}.iss, email: ${claims}.email, identityId }));`,
  );
  const got = JSON.parse(out);
  expect(got).toMatchObject({ iss: `${url}/us-east-1_CognateD1`, email: 'demo@example.com' });
  expect(got.identityId).toMatch(/^us-east-1:/);
});

it("the aws-amplify lines reach the server for sign-in and credentials, and their hosted-UI settings are the outputs' and accepted", async () => {
  const out = await runSnippet(
    dir,
    url,
    'amplify-full',
    readmeSnippet("from 'aws-amplify'"),
    `console.log(JSON.stringify({ email: ${claims}.email, identityId, accessKeyId: credentials?.accessKeyId, oauth: Amplify.getConfig().Auth.Cognito.loginWith.oauth }));`,
  );
  const got = JSON.parse(out);
  expect(got.email).toBe('demo@example.com');
  expect(got.identityId).toMatch(/^us-east-1:/);
  expect(got.accessKeyId).toBeTruthy();
  const outputs = JSON.parse(readFileSync(join(dir, 'amplify_outputs.json'), 'utf8'));
  expect(got.oauth).toMatchObject({
    domain: outputs.auth.oauth.domain,
    scopes: outputs.auth.oauth.scopes,
    redirectSignIn: outputs.auth.oauth.redirect_sign_in_uri,
    redirectSignOut: outputs.auth.oauth.redirect_sign_out_uri,
    responseType: outputs.auth.oauth.response_type,
  });
  for (const redirect of got.oauth.redirectSignIn as string[]) {
    const query = new URLSearchParams({
      client_id: 'cognatedemo0000000000web01',
      response_type: 'code',
      redirect_uri: redirect,
      scope: 'openid',
      code_challenge: 'x'.repeat(43),
      code_challenge_method: 'S256',
    });
    const res = await fetch(`http://${got.oauth.domain}/oauth2/authorize?${query}`, { redirect: 'manual' });
    expect([200, 302], redirect).toContain(res.status);
    expect(res.headers.get('location') ?? '', redirect).not.toMatch(/error=/);
  }
});
