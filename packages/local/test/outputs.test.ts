/**
 * `--outputs` for a pool of your own `--config` (the CLI writes it for the first pool): the endpoint
 * always; an `oauth` section only when the pool has a hosted-UI domain and the client allows OAuth,
 * carrying that client's own callback and sign-out URLs and nothing the server would refuse.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { startCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'cognate-outputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// biome-ignore lint/suspicious/noExplicitAny: the written amplify_outputs.json, read by path
async function outputsFor(pool: Record<string, unknown>): Promise<{ url: string; auth: Record<string, any> }> {
  const config = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  const file = `${config}.outputs.json`;
  writeFileSync(config, JSON.stringify({ userPools: [pool] }));
  const { child, url } = await startCli(['--in-memory', '--config', config, '--outputs', file]);
  try {
    return { url, auth: JSON.parse(readFileSync(file, 'utf8')).auth };
  } finally {
    child.kill('SIGTERM');
  }
}

const client = { ClientId: 'outputsclient000000000web1', ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] };

it('a client without OAuth: the endpoint, and no oauth section', async () => {
  const { url, auth } = await outputsFor({ Id: 'us-east-1_Outputs01', PoolName: 'plain', clients: [client] });
  expect(auth).toMatchObject({ user_pool_id: 'us-east-1_Outputs01', user_pool_endpoint: url });
  expect(auth.oauth).toBeUndefined();
  expect(auth.identity_pool_endpoint).toBeUndefined();
});

it("a hosted-UI client: this server as the domain, the client's own URLs (no sign-out URLs: none invented)", async () => {
  const { url, auth } = await outputsFor({
    Id: 'us-east-1_Outputs02',
    PoolName: 'hosted',
    Domain: 'outputs-hosted',
    clients: [
      {
        ...client,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email'],
        SupportedIdentityProviders: ['COGNITO'],
        CallbackURLs: ['http://localhost:4000/callback'],
      },
    ],
  });
  expect(auth.oauth).toEqual({
    identity_providers: [],
    domain: new URL(url).host,
    scopes: ['openid', 'email'],
    redirect_sign_in_uri: ['http://localhost:4000/callback'],
    redirect_sign_out_uri: [],
    response_type: 'code',
  });
});

it("MFA in Gen 2's words (ON is REQUIRED) with the factors the pool offers, and the pool's groups with their precedence", async () => {
  const { auth } = await outputsFor({
    Id: 'us-east-1_Outputs03',
    PoolName: 'mfa',
    MfaConfiguration: 'ON',
    clients: [client],
    groups: [{ GroupName: 'admins', Precedence: 2 }, { GroupName: 'staff' }],
  });
  expect(auth.mfa_configuration).toBe('REQUIRED');
  expect(auth.mfa_methods).toEqual(['SMS', 'TOTP']);
  expect(auth.groups).toEqual([{ admins: { precedence: 2 } }, { staff: {} }]);
});
