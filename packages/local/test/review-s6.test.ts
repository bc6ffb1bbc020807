/**
 * Attacker's review of the state-bounds, pw-path and dedupe changes: races a sign-in against an
 * administrator's change to the same user. The PreAuthentication trigger asks a gate served by the
 * test and waits for its answer, so the administrator's call lands at a known point of the sign-in.
 */
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Gate } from './gate.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastCode, sdk, start } from './helpers.js';
import { idTokenClaimsForCode, mockIdpCode } from './mock-idp.js';
import { BrowserAgent } from './browser-agent.js';
import type { RunningServer } from '../src/index.js';

const POOL = 'us-east-1_reviewS6';
const CLIENT = 'reviews6client000000000001';
const PASSWORD = 'Passw0rd!';

/** A gate: each request to it waits until the test opens it; `entered` resolves on the next request. */

const dir = mkdtempSync(join(tmpdir(), 'review-s6-'));
const gate = new Gate();
let server: RunningServer;

beforeAll(async () => {
  const gateUrl = await gate.listen();
  writeFileSync(
    join(dir, 'gated.mjs'),
    `export async function handler(event) {
      if (event.userName.startsWith('gated')) await (await fetch(${JSON.stringify(gateUrl)})).text();
      return event;
    }`,
  );
  writeFileSync(
    join(dir, 'gated-post.mjs'),
    `export async function handler(event) {
      if (event.userName.startsWith('post')) await (await fetch(${JSON.stringify(gateUrl)})).text();
      return event;
    }`,
  );
  server = await start({
    triggerBaseDir: dir,
    config: {
      userPools: [
        {
          Id: POOL,
          PoolName: 'review-s6',
          LambdaConfig: { PreAuthentication: './gated.mjs', PostAuthentication: './gated-post.mjs' },
          clients: [
            {
              ClientId: CLIENT,
              ClientName: 'legacy',
              ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
              PreventUserExistenceErrors: 'LEGACY',
            },
          ],
          users: [
            { Username: 'gated-disable', Password: PASSWORD },
            { Username: 'post-disable', Password: PASSWORD },
          ],
        },
      ],
    },
  });
});
afterAll(async () => {
  await server?.close();
  await gate.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a sign-in racing an administrator', () => {
  it('AdminDisableUser while the sign-in is under way: the sign-in is refused, no tokens', async () => {
    const client = sdk(server.url);
    try {
      const entered = gate.entered();
      const signIn = client
        .send(new InitiateAuthCommand({ ClientId: CLIENT, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'gated-disable', PASSWORD } }))
        .then(
          r => ({ ok: true as const, tokens: r.AuthenticationResult !== undefined }),
          (e: Error) => ({ ok: false as const, name: e.name, message: e.message }),
        );
      await entered;
      await client.send(new AdminDisableUserCommand({ UserPoolId: POOL, Username: 'gated-disable' }));
      gate.open();
      expect(await signIn).toEqual({ ok: false, name: 'NotAuthorizedException', message: 'User is disabled.' });
    } finally {
      client.destroy();
    }
  });
});

describe('a sign-in racing an administrator, after the password', () => {
  it('AdminDisableUser during PostAuthentication: no tokens are issued to the disabled user', async () => {
    const client = sdk(server.url);
    try {
      const entered = gate.entered();
      const signIn = client
        .send(new InitiateAuthCommand({ ClientId: CLIENT, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'post-disable', PASSWORD } }))
        .then(
          r => ({ ok: true as const, tokens: r.AuthenticationResult !== undefined }),
          (e: Error) => ({ ok: false as const, name: e.name, message: e.message }),
        );
      await entered;
      await client.send(new AdminDisableUserCommand({ UserPoolId: POOL, Username: 'post-disable' }));
      gate.open();
      expect(await signIn).toEqual({ ok: false, name: 'NotAuthorizedException', message: 'User is disabled.' });
    } finally {
      client.destroy();
    }
  });
});

describe('the session cap (limits.authSessionsPerPool) and a pending sign-up', () => {
  const CAPPED_POOL = 'us-east-1_reviewCap';
  const CAPPED_CLIENT = 'reviews6capped000000000001';
  const APP = 'http://localhost:5173/callback';
  let capped: RunningServer;
  beforeAll(async () => {
    capped = await start({
      limits: { authSessionsPerPool: 4, oauthRecordsPerPool: 4 },
      config: {
        mockIdentityProviderUsers: [{ provider: 'Corp', sub: 'corp-1', email: 'corp@corp.test', email_verified: 'true' }],
        userPools: [
          {
            Id: CAPPED_POOL,
            PoolName: 'review-s6-cap',
            AutoVerifiedAttributes: ['email'],
            Domain: 'review-s6-cap',
            identityProviders: [
              {
                ProviderName: 'Corp',
                ProviderType: 'OIDC',
                ProviderDetails: {
                  client_id: 'x',
                  client_secret: 'y',
                  authorize_scopes: 'openid email',
                  oidc_issuer: 'https://idp.example.com',
                  attributes_request_method: 'GET',
                },
                AttributeMapping: { email: 'email' },
              },
            ],
            clients: [
              {
                ClientId: CAPPED_CLIENT,
                ClientName: 'web',
                ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
                PreventUserExistenceErrors: 'ENABLED',
                AllowedOAuthFlowsUserPoolClient: true,
                AllowedOAuthFlows: ['code'],
                AllowedOAuthScopes: ['openid', 'email'],
                CallbackURLs: [APP],
                SupportedIdentityProviders: ['Corp', 'COGNITO'],
              },
            ],
          },
        ],
      },
    });
  });
  afterAll(() => capped?.close());

  it('sign-in attempts for unknown users (no credentials) do not push out a sign-up session that lives a day', async () => {
    const client = sdk(capped.url);
    try {
      const up = await client.send(
        new SignUpCommand({
          ClientId: CAPPED_CLIENT,
          Username: 'pending',
          Password: PASSWORD,
          UserAttributes: [{ Name: 'email', Value: 'pending@example.com' }],
        }),
      );
      expect(up.Session).toBeTruthy();
      // More anonymous challenges than the cap: each USER_AUTH for an unknown user keeps a (simulated) session.
      for (let i = 0; i < 6; i++) {
        const r = await client.send(new InitiateAuthCommand({ ClientId: CAPPED_CLIENT, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: `nobody-${i}` } }));
        expect(r.Session).toBeTruthy();
      }
      const code = await lastCode(capped.url, CAPPED_POOL, 'pending');
      const confirmed = await client.send(
        new ConfirmSignUpCommand({ ClientId: CAPPED_CLIENT, Username: 'pending', ConfirmationCode: code, Session: up.Session }),
      );
      expect(confirmed.Session).toBeTruthy();
      const auto = await client.send(
        new InitiateAuthCommand({ ClientId: CAPPED_CLIENT, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'pending' }, Session: confirmed.Session }),
      );
      expect(auto.AuthenticationResult?.AccessToken).toBeTruthy();
    } finally {
      client.destroy();
    }
  });

  /** More anonymous challenges than the cap: each USER_AUTH for an unknown user keeps a (simulated) session. */
  async function anonymousSignIns(client: ReturnType<typeof sdk>, n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      const r = await client.send(new InitiateAuthCommand({ ClientId: CAPPED_CLIENT, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: `anon-${i}` } }));
      expect(r.Session).toBeTruthy();
    }
  }

  it('sign-in attempts for unknown users do not push out a challenge met after the password (NEW_PASSWORD_REQUIRED)', async () => {
    const client = sdk(capped.url);
    try {
      await client.send(new AdminCreateUserCommand({ UserPoolId: CAPPED_POOL, Username: 'fresh', TemporaryPassword: 'Temp0rary!', MessageAction: 'SUPPRESS' }));
      const first = await client.send(
        new InitiateAuthCommand({ ClientId: CAPPED_CLIENT, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'fresh', PASSWORD: 'Temp0rary!' } }),
      );
      expect(first.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
      await anonymousSignIns(client, 6);
      const done = await client.send(
        new RespondToAuthChallengeCommand({
          ClientId: CAPPED_CLIENT,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: first.Session,
          ChallengeResponses: { USERNAME: 'fresh', NEW_PASSWORD: PASSWORD },
        }),
      );
      expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
    } finally {
      client.destroy();
    }
  });

  it('federated /oauth2/authorize requests (no credentials) do not push out an authorization code in flight', async () => {
    const code = await mockIdpCode(capped.url, { clientId: CAPPED_CLIENT, redirectUri: APP, scope: 'openid email', provider: 'Corp', sub: 'corp-1' });
    expect(code).toBeTruthy();
    for (let i = 0; i < 6; i++) {
      const q = new URLSearchParams({ client_id: CAPPED_CLIENT, redirect_uri: APP, response_type: 'code', scope: 'openid', identity_provider: 'Corp' });
      const res = await fetch(`${capped.url}/oauth2/authorize?${q}`, { redirect: 'manual' });
      expect(res.status).toBe(302);
    }
    expect((await idTokenClaimsForCode(capped.url, CAPPED_CLIENT, code!, APP)).email).toBe('corp@corp.test');
  });

  it('federated /oauth2/authorize requests (no credentials) do not push out a hosted-page step after the password (new password)', async () => {
    const client = sdk(capped.url);
    try {
      await client.send(
        new AdminCreateUserCommand({ UserPoolId: CAPPED_POOL, Username: 'hosted-fresh', TemporaryPassword: 'Temp0rary!', MessageAction: 'SUPPRESS' }),
      );
    } finally {
      client.destroy();
    }
    const agent = new BrowserAgent();
    const q = new URLSearchParams({ client_id: CAPPED_CLIENT, redirect_uri: APP, response_type: 'code', scope: 'openid' });
    const toLogin = await agent.get(`${capped.url}/oauth2/authorize?${q}`);
    const loginUrl = new URL(toLogin.headers.get('location')!, capped.url).href;
    const loginPage = await agent.get(loginUrl);
    const newPasswordPage = await agent.submit(loginUrl, await loginPage.text(), { username: 'hosted-fresh', password: 'Temp0rary!' });
    expect(newPasswordPage.status).toBe(200);
    const html = await newPasswordPage.text();
    expect(html).toContain('/newPassword');
    for (let i = 0; i < 6; i++) {
      const federated = new URLSearchParams({ client_id: CAPPED_CLIENT, redirect_uri: APP, response_type: 'code', scope: 'openid', identity_provider: 'Corp' });
      expect((await fetch(`${capped.url}/oauth2/authorize?${federated}`, { redirect: 'manual' })).status).toBe(302);
    }
    const done = await agent.submit(capped.url, html, { password: PASSWORD }, '/newPassword');
    expect(done.status).toBe(302);
    expect(new URL(done.headers.get('location')!).searchParams.get('code')).toBeTruthy();
  });
});
