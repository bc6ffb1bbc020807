/**
 * Races: N identical requests at once must give the outcome Cognito guarantees, not one outcome
 * per request. Each state change that reads the user, awaits (password hashing, SRP, signing) and
 * writes is one step per user (services/user-lock.ts), so the counts below are exact, on both
 * stores. The server clock is frozen where a lockout is involved: the first lockout lasts one
 * second, which a slow run could outlive.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { formatSrpTimestamp } from '@cognate/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { BrowserAgent } from './browser-agent.js';
import { call, lastCode, sdk, start, setClock, STORES } from './helpers.js';

const PASSWORD = 'Passw0rd!';
const APP = 'http://localhost:5173/callback';
const FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] as const;

/** How many answers had each `status __type: message` (or `200`). */
function tally(answers: Array<{ status: number; body?: { __type?: string; error?: string; message?: string } }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status, body } of answers) {
    const key = status === 200 ? '200' : `${status} ${body?.__type ?? body?.error}: ${body?.message ?? ''}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/**
 * A trigger module that holds the named user's requests until the test lets them go, so that a
 * request is provably in the middle of its await when another one runs: no timing involved.
 * Triggers run in a worker thread, so the module asks the test's gate server (real HTTP on
 * loopback) whether to wait, and the gate server answers when the test releases the user.
 */
const gateTrigger = (port: number) => `export async function handler(event) {
  await fetch('http://127.0.0.1:${port}/enter?user=' + encodeURIComponent(event.userName));
  return event;
}
`;
interface Gate {
  user: string;
  entered(): void;
  released: Promise<void>;
}
let armed: Gate | undefined;
const gateServer = createServer((req, res) => {
  const user = new URL(req.url ?? '/', 'http://gate').searchParams.get('user');
  const gate = armed;
  if (!gate || gate.user !== user) return void res.end('go');
  gate.entered();
  void gate.released.then(() => res.end('go'));
});
afterAll(() => {
  gateServer.closeAllConnections();
  gateServer.close();
});

/** Holds `user`'s next trigger call; `inside` resolves once a request is held, `release` lets it go. */
function gate(user: string): { inside: Promise<void>; release(): void } {
  let entered!: () => void;
  let release!: () => void;
  const inside = new Promise<void>(resolve => (entered = resolve));
  const released = new Promise<void>(resolve => (release = resolve));
  armed = { user, entered, released };
  return {
    inside,
    release() {
      armed = undefined;
      release();
    },
  };
}

describe.each(STORES)('%s', (_name, makeStore) => {
  let server: RunningServer;
  let admin: CognitoIdentityProviderClient;
  let cleanup: () => void;
  let url: string;
  let poolId: string;
  let clientId: string;
  let rotatingId: string;
  let unrevocableId: string;
  let hostedId: string;
  let mfaPoolId: string;
  let mfaId: string;
  let gatedPoolId: string;
  let gatedId: string;

  const op = (name: string, body: unknown) => call(url, name, body);
  const clock = (body: { offsetSeconds?: number; frozen?: boolean }) => setClock(url, body);
  const times = <T>(n: number, fn: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => fn(i)));

  async function user(username: string, UserPoolId = poolId): Promise<void> {
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId,
        Username: username,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: `${username}@example.com` },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    await admin.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: username, Password: PASSWORD, Permanent: true }));
  }

  async function signIn(username: string, id = clientId, password = PASSWORD) {
    const res = await op('InitiateAuth', { ClientId: id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } });
    expect(res.status).toBe(200);
    return res.body.AuthenticationResult as { AccessToken: string; IdToken: string; RefreshToken: string };
  }

  beforeAll(async () => {
    const store = makeStore();
    cleanup = store.cleanup;
    if (!gateServer.listening) await new Promise<void>(resolve => gateServer.listen(0, '127.0.0.1', resolve));
    const triggerDir = mkdtempSync(join(tmpdir(), 'cognate-races-trigger-'));
    writeFileSync(join(triggerDir, 'gate.mjs'), gateTrigger((gateServer.address() as AddressInfo).port));
    server = await start({ ...store.options, triggerBaseDir: triggerDir });
    url = server.url;
    admin = sdk(url);
    poolId = (await admin.send(new CreateUserPoolCommand({ PoolName: 'races', Policies: { PasswordPolicy: { MinimumLength: 8, PasswordHistorySize: 2 } } })))
      .UserPool!.Id!;
    const client = async (extra: object) =>
      (await admin.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'c', ExplicitAuthFlows: [...FLOWS], ...extra }))).UserPoolClient!
        .ClientId!;
    clientId = await client({});
    rotatingId = await client({ RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 } });
    unrevocableId = await client({ EnableTokenRevocation: false });
    hostedId = await client({
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid'],
      CallbackURLs: [APP],
      SupportedIdentityProviders: ['COGNITO'],
      PreventUserExistenceErrors: 'ENABLED',
    });
    mfaPoolId = (await admin.send(new CreateUserPoolCommand({ PoolName: 'races-mfa', MfaConfiguration: 'ON' }))).UserPool!.Id!;
    mfaId = (await admin.send(new CreateUserPoolClientCommand({ UserPoolId: mfaPoolId, ClientName: 'mfa', ExplicitAuthFlows: [...FLOWS] }))).UserPoolClient!
      .ClientId!;
    const trigger = 'gate.mjs';
    gatedPoolId = (
      await admin.send(
        new CreateUserPoolCommand({
          PoolName: 'races-gated',
          AutoVerifiedAttributes: ['email'],
          LambdaConfig: { PreTokenGeneration: trigger, CustomMessage: trigger },
        }),
      )
    ).UserPool!.Id!;
    gatedId = (
      await admin.send(
        new CreateUserPoolClientCommand({ UserPoolId: gatedPoolId, ClientName: 'gated', ExplicitAuthFlows: [...FLOWS], EnableTokenRevocation: false }),
      )
    ).UserPoolClient!.ClientId!;
  });
  afterEach(async () => {
    armed = undefined;
    await clock({ offsetSeconds: 0, frozen: false });
  });
  afterAll(async () => {
    admin?.destroy();
    await server?.close();
    cleanup?.();
  });

  it('200 parallel wrong passwords (USER_PASSWORD_AUTH): exactly 5 are checked, the rest are refused as locked', async () => {
    await user('lock-pw');
    await clock({ frozen: true });
    const answers = await times(200, () =>
      op('InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'lock-pw', PASSWORD: 'Wrong-Passw0rd!' } }),
    );
    expect(tally(answers)).toEqual({
      '400 NotAuthorizedException: Incorrect username or password.': 5,
      '400 NotAuthorizedException: Password attempts exceeded': 195,
    });
  });

  it('200 parallel wrong SRP answers (PASSWORD_VERIFIER): exactly 5 are checked, the rest are refused as locked', async () => {
    await user('lock-srp');
    await clock({ frozen: true });
    const challenges = await times(200, async () => {
      const res = await op('InitiateAuth', {
        ClientId: clientId,
        AuthFlow: 'USER_SRP_AUTH',
        AuthParameters: { USERNAME: 'lock-srp', SRP_A: 'abcdef0123456789' },
      });
      expect(res.status).toBe(200);
      return res.body.ChallengeParameters as Record<string, string>;
    });
    const timestamp = formatSrpTimestamp();
    const answers = await times(200, i =>
      op('RespondToAuthChallenge', {
        ClientId: clientId,
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeResponses: {
          USERNAME: 'lock-srp',
          PASSWORD_CLAIM_SECRET_BLOCK: challenges[i]!.SECRET_BLOCK,
          PASSWORD_CLAIM_SIGNATURE: Buffer.alloc(32, i).toString('base64'),
          TIMESTAMP: timestamp,
        },
      }),
    );
    expect(tally(answers)).toEqual({
      '400 NotAuthorizedException: Incorrect username or password.': 5,
      '400 NotAuthorizedException: Password attempts exceeded': 195,
    });
  });

  it('200 parallel wrong passwords on the hosted sign-in page: each hears the same words, exactly 5 are counted; one code gives one set of tokens', async () => {
    await user('lock-hosted');
    await clock({ frozen: true });
    const agent = new BrowserAgent();
    const authorize = `${url}/oauth2/authorize?${new URLSearchParams({ client_id: hostedId, redirect_uri: APP, response_type: 'code', scope: 'openid' })}`;
    const loginUrl = new URL((await agent.get(authorize)).headers.get('location')!, url).href;
    const form = await (await agent.get(loginUrl)).text();
    const pages = await times(200, async () => (await agent.submit(loginUrl, form, { username: 'lock-hosted', password: 'Wrong-Passw0rd!' })).text());
    const said = (text: string) => pages.filter(page => page.includes(text)).length;
    // The client hides who exists (PreventUserExistenceErrors ENABLED, which the hosted page follows as
    // the API does), so a locked-out user hears what a wrong password hears.
    expect([said('Incorrect username or password.'), said('Password attempts exceeded')]).toEqual([200, 0]);
    // Exactly 5 were counted: the user is locked out (the right password is refused too) for the first
    // lockout's one second; a sixth counted failure would have made it two.
    const locked = await (await agent.submit(loginUrl, form, { username: 'lock-hosted', password: PASSWORD })).text();
    expect(locked).toContain('Incorrect username or password.');
    await clock({ offsetSeconds: 1, frozen: true });
    // After the lockout: a right password signs in, and its code is exchanged once, however often it is sent.
    const done = await agent.submit(loginUrl, form, { username: 'lock-hosted', password: PASSWORD });
    await clock({ offsetSeconds: 1, frozen: false });
    const code = new URL(done.headers.get('location')!).searchParams.get('code')!;
    const exchanges = await times(8, async () => {
      const res = await fetch(`${url}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: hostedId, code, redirect_uri: APP }),
      });
      return { status: res.status, body: await res.json() };
    });
    expect(tally(exchanges)).toEqual({ '200': 1, '400 invalid_grant: ': 7 });
  });

  it('8 parallel refreshes of one rotating refresh token: exactly one succeeds; presenting it again later ends the family', async () => {
    await user('refresh-api');
    const first = await signIn('refresh-api', rotatingId);
    const refresh = (RefreshToken: string) => op('GetTokensFromRefreshToken', { ClientId: rotatingId, RefreshToken });
    await clock({ frozen: true });
    const answers = await times(8, () => refresh(first.RefreshToken));
    expect(tally(answers)).toEqual({ '200': 1, '400 RefreshTokenReuseException: Refresh token has already been used.': 7 });
    const winner = answers.find(a => a.status === 200)!.body.AuthenticationResult;
    // The losers of the race did not end the session: the winner's new refresh token works.
    const next = await refresh(winner.RefreshToken);
    expect(next.status).toBe(200);
    const latest = next.body.AuthenticationResult;
    // Reuse detection: the rotated-away token presented after the race window ends its whole family.
    await clock({ offsetSeconds: 11 });
    expect(tally([await refresh(first.RefreshToken)])).toEqual({ '400 RefreshTokenReuseException: Refresh token has already been used.': 1 });
    expect(tally([await refresh(latest.RefreshToken)])).toEqual({ '400 NotAuthorizedException: Refresh Token has been revoked': 1 });
    expect(tally([await op('GetUser', { AccessToken: latest.AccessToken })])).toEqual({ '400 NotAuthorizedException: Access Token has been revoked': 1 });
    expect(tally([await op('GetUser', { AccessToken: first.AccessToken })])).toEqual({ '400 NotAuthorizedException: Access Token has been revoked': 1 });
  });

  it('8 parallel refresh_token grants on /oauth2/token: exactly one succeeds; presenting it again later ends the family', async () => {
    await user('refresh-oauth');
    const first = await signIn('refresh-oauth', rotatingId);
    const refresh = async (token: string) => {
      const res = await fetch(`${url}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', client_id: rotatingId, refresh_token: token }),
      });
      return { status: res.status, body: await res.json() };
    };
    await clock({ frozen: true });
    const answers = await times(8, () => refresh(first.RefreshToken));
    expect(tally(answers)).toEqual({ '200': 1, '400 invalid_grant: ': 7 });
    const winner = answers.find(a => a.status === 200)!.body;
    await clock({ offsetSeconds: 11 });
    expect(tally([await refresh(first.RefreshToken)])).toEqual({ '400 invalid_grant: ': 1 });
    expect(tally([await refresh(winner.refresh_token)])).toEqual({ '400 invalid_grant: ': 1 });
    expect(tally([await op('GetUser', { AccessToken: winner.access_token })])).toEqual({ '400 NotAuthorizedException: Access Token has been revoked': 1 });
  });

  it('one password-reset code sent 10 times in parallel (ConfirmForgotPassword): exactly one is accepted', async () => {
    await user('reset');
    expect((await op('ForgotPassword', { ClientId: clientId, Username: 'reset' })).status).toBe(200);
    const code = await lastCode(url, poolId, 'reset');
    const answers = await times(10, i =>
      op('ConfirmForgotPassword', { ClientId: clientId, Username: 'reset', ConfirmationCode: code, Password: `Reset-Passw0rd-${i}` }),
    );
    expect(tally(answers)).toEqual({ '200': 1, '400 CodeMismatchException: Invalid verification code provided, please try again.': 9 });
    const chosen = answers.findIndex(a => a.status === 200);
    await signIn('reset', clientId, `Reset-Passw0rd-${chosen}`);
  });

  it('50 parallel ChangePassword with the same old password: exactly one succeeds, the others find the old password no longer valid', async () => {
    await user('change');
    const { AccessToken } = await signIn('change');
    await clock({ frozen: true });
    const answers = await times(50, i => op('ChangePassword', { AccessToken, PreviousPassword: PASSWORD, ProposedPassword: `Changed-Passw0rd-${i}` }));
    expect(tally(answers)).toEqual({
      '200': 1,
      '400 NotAuthorizedException: Incorrect username or password.': 5,
      '400 LimitExceededException: Attempt limit exceeded, please try after some time.': 44,
    });
    const chosen = answers.findIndex(a => a.status === 200);
    await clock({ offsetSeconds: 60, frozen: false });
    await signIn('change', clientId, `Changed-Passw0rd-${chosen}`);
    expect(tally([await op('InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'change', PASSWORD } })])).toEqual(
      {
        '400 NotAuthorizedException: Incorrect username or password.': 1,
      },
    );
    // The password history (size 2) saw the one change: the original password cannot come back.
    const again = await signIn('change', clientId, `Changed-Passw0rd-${chosen}`);
    expect(
      tally([await op('ChangePassword', { AccessToken: again.AccessToken, PreviousPassword: `Changed-Passw0rd-${chosen}`, ProposedPassword: PASSWORD })]),
    ).toEqual({
      '400 PasswordHistoryPolicyViolationException: The password has been used previously.': 1,
    });
  });

  for (const [label, id] of [
    ['with token revocation', () => clientId],
    ['without token revocation (no origin_jti)', () => unrevocableId],
  ] as const) {
    it(`GlobalSignOut in the same second as sign-ins, ${label}: tokens issued before it stop working, those after it work`, async () => {
      const name = `signout-${id()}`;
      await user(name);
      await clock({ frozen: true });
      const before = await signIn(name, id());
      expect((await op('GlobalSignOut', { AccessToken: before.AccessToken })).status).toBe(200);
      const after = await signIn(name, id());
      expect(tally([await op('GetUser', { AccessToken: before.AccessToken })])).toEqual({ '400 NotAuthorizedException: Access Token has been revoked': 1 });
      expect((await op('GetUser', { AccessToken: after.AccessToken })).status).toBe(200);
      // Again within the same (frozen) second, by the administrator this time.
      await admin.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: name }));
      const last = await signIn(name, id());
      expect(tally([await op('GetUser', { AccessToken: after.AccessToken })])).toEqual({ '400 NotAuthorizedException: Access Token has been revoked': 1 });
      expect((await op('GetUser', { AccessToken: last.AccessToken })).status).toBe(200);
      expect(tally([await op('GetTokensFromRefreshToken', { ClientId: id(), RefreshToken: after.RefreshToken })])).toEqual({
        '400 NotAuthorizedException: Refresh Token has been revoked': 1,
      });
      expect((await op('GetTokensFromRefreshToken', { ClientId: id(), RefreshToken: last.RefreshToken })).status).toBe(200);
    });
  }

  it('a sign-in still signing its tokens when GlobalSignOut runs: its tokens were issued before it, and end with it', async () => {
    await user('inflight', gatedPoolId);
    await clock({ frozen: true });
    const earlier = await signIn('inflight', gatedId);
    const held = gate('inflight');
    const pending = signIn('inflight', gatedId);
    await held.inside;
    expect((await op('GlobalSignOut', { AccessToken: earlier.AccessToken })).status).toBe(200);
    held.release();
    const during = await pending;
    expect(tally([await op('GetUser', { AccessToken: during.AccessToken })])).toEqual({ '400 NotAuthorizedException: Access Token has been revoked': 1 });
    expect(tally([await op('GetTokensFromRefreshToken', { ClientId: gatedId, RefreshToken: during.RefreshToken })])).toEqual({
      '400 NotAuthorizedException: Refresh Token has been revoked': 1,
    });
    const after = await signIn('inflight', gatedId);
    expect((await op('GetUser', { AccessToken: after.AccessToken })).status).toBe(200);
  });

  it('an attribute update that read the user before a GlobalSignOut and saves after it does not undo the sign-out', async () => {
    await user('stale', gatedPoolId);
    const { AccessToken } = await signIn('stale', gatedId);
    const held = gate('stale');
    const update = op('UpdateUserAttributes', { AccessToken, UserAttributes: [{ Name: 'email', Value: 'stale.new@example.com' }] });
    await held.inside;
    expect((await op('GlobalSignOut', { AccessToken })).status).toBe(200);
    held.release();
    expect((await update).status).toBe(200);
    expect(tally([await op('GetUser', { AccessToken })])).toEqual({ '400 NotAuthorizedException: Access Token has been revoked': 1 });
  });

  it('an attribute update that read the user before a ChangePassword and saves after it does not undo the new password', async () => {
    await user('undo', gatedPoolId);
    const { AccessToken } = await signIn('undo', gatedId);
    const held = gate('undo');
    const update = op('UpdateUserAttributes', { AccessToken, UserAttributes: [{ Name: 'email', Value: 'undo.new@example.com' }] });
    await held.inside;
    expect((await op('ChangePassword', { AccessToken, PreviousPassword: PASSWORD, ProposedPassword: 'Changed-Passw0rd!' })).status).toBe(200);
    held.release();
    expect((await update).status).toBe(200);
    await signIn('undo', gatedId, 'Changed-Passw0rd!');
    const info = await op('GetUser', { AccessToken });
    expect(info.body.UserAttributes).toContainEqual({ Name: 'email', Value: 'undo.new@example.com' });
  });

  // Already one step each (no await between reading the code and using it up); kept exact here.
  it('one sign-up code sent 10 times in parallel (ConfirmSignUp): exactly one confirms', async () => {
    expect(
      (await op('SignUp', { ClientId: gatedId, Username: 'confirm', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'confirm@example.com' }] }))
        .status,
    ).toBe(200);
    const code = await lastCode(url, gatedPoolId, 'confirm');
    const answers = await times(10, () => op('ConfirmSignUp', { ClientId: gatedId, Username: 'confirm', ConfirmationCode: code }));
    expect(tally(answers)).toEqual({ '200': 1, '400 NotAuthorizedException: User cannot be confirmed. Current status is CONFIRMED': 9 });
  });

  it('one attribute verification code sent 10 times in parallel (VerifyUserAttribute): exactly one verifies', async () => {
    await user('verify', gatedPoolId);
    const { AccessToken } = await signIn('verify', gatedId);
    expect((await op('UpdateUserAttributes', { AccessToken, UserAttributes: [{ Name: 'email', Value: 'verify.new@example.com' }] })).status).toBe(200);
    const code = await lastCode(url, gatedPoolId, 'verify');
    const answers = await times(10, () => op('VerifyUserAttribute', { AccessToken, AttributeName: 'email', Code: code }));
    expect(tally(answers)).toEqual({ '200': 1, '400 CodeMismatchException: Invalid verification code provided, please try again.': 9 });
  });

  it('one SMS_MFA code sent 8 times in parallel with its session: exactly one set of tokens', async () => {
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: mfaPoolId,
        Username: 'mfa',
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'phone_number', Value: '+15555550100' },
          { Name: 'phone_number_verified', Value: 'true' },
        ],
      }),
    );
    await admin.send(new AdminSetUserPasswordCommand({ UserPoolId: mfaPoolId, Username: 'mfa', Password: PASSWORD, Permanent: true }));
    const started = await op('InitiateAuth', { ClientId: mfaId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'mfa', PASSWORD } });
    expect(started.body.ChallengeName).toBe('SMS_MFA');
    const code = await lastCode(url, mfaPoolId, 'mfa');
    const answers = await times(8, () =>
      op('RespondToAuthChallenge', {
        ClientId: mfaId,
        ChallengeName: 'SMS_MFA',
        Session: started.body.Session,
        ChallengeResponses: { USERNAME: 'mfa', SMS_MFA_CODE: code },
      }),
    );
    expect(tally(answers)).toEqual({ '200': 1, '400 NotAuthorizedException: Invalid session for the user, session can only be used once.': 7 });
  });
});
