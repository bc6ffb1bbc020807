/**
 * A one-time thing (a challenge's Session, an authorization code) is used up by exactly one of two
 * requests answering it at once, whether they reach two cognate-local processes on one --data folder
 * or one process in parallel: the other is told Cognito's "session can only be used once" (or
 * OAuth's invalid_grant). Across processes the window between reading the record and deleting it is
 * held open deterministically: a third connection holds SQLite's write lock until both processes
 * are seen waiting for it (their main thread asleep in SQLite's busy handler), then lets go.
 */
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { totpAt } from '../src/services/totp.js';
import { BrowserAgent } from './browser-agent.js';
import { call, start } from './helpers.js';
import { throughHeldLock, twoProcesses, type Cli } from './two-processes.js';

const POOL = 'us-east-1_OneTime01';
const CLIENT = 'onetimeclient0000000000001';
const APP = 'http://localhost:5173/callback';
const ROTATING = 'onetimerotating00000000001';
const MFA_POOL = 'us-east-1_OneTimeMfa';
const MFA_CLIENT = 'onetimemfaclient0000000001';
const TOTP_POOL = 'us-east-1_OneTimeTotp';
const TOTP_CLIENT = 'onetimetotpclient000000001';
const config = {
  userPools: [
    {
      Id: POOL,
      PoolName: 'one-time',
      Domain: 'one-time',
      AutoVerifiedAttributes: ['email'],
      clients: [
        {
          ClientId: CLIENT,
          ClientName: 'web',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['code'],
          AllowedOAuthScopes: ['openid', 'email'],
          CallbackURLs: [APP],
          SupportedIdentityProviders: ['COGNITO'],
        },
        {
          ClientId: ROTATING,
          ClientName: 'rotating',
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 },
        },
      ],
      users: [
        { Username: 'olive', Password: 'Passw0rd!', Attributes: { email: 'olive@example.com' } },
        { Username: 'fay', Password: 'Passw0rd!', Attributes: { email: 'fay@example.com', email_verified: 'true' } },
      ],
    },
    {
      Id: MFA_POOL,
      PoolName: 'one-time-mfa',
      MfaConfiguration: 'ON',
      clients: [{ ClientId: MFA_CLIENT, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }],
      users: [{ Username: 'mo', Password: 'Passw0rd!', Attributes: { phone_number: '+15555550199', phone_number_verified: 'true' } }],
    },
    {
      Id: TOTP_POOL,
      PoolName: 'one-time-totp',
      MfaConfiguration: 'OPTIONAL',
      mfaConfig: { SoftwareTokenMfaConfiguration: { Enabled: true } },
      clients: [{ ClientId: TOTP_CLIENT, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }],
      users: [{ Username: 'tia', Password: 'Passw0rd!' }],
    },
  ],
};

const { children, configArgs, startTwo, tempDir } = twoProcesses('one-time');

async function newPasswordSession(url: string, username: string): Promise<string> {
  await call(url, 'AdminCreateUser', { UserPoolId: POOL, Username: username, TemporaryPassword: 'Temp0rary!', MessageAction: 'SUPPRESS' });
  const out = await call(url, 'InitiateAuth', {
    ClientId: CLIENT,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: username, PASSWORD: 'Temp0rary!' },
  });
  expect(out.body.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
  return out.body.Session as string;
}

const answer = (url: string, username: string, session: string, password: string) =>
  call(url, 'RespondToAuthChallenge', {
    ClientId: CLIENT,
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    Session: session,
    ChallengeResponses: { USERNAME: username, NEW_PASSWORD: password },
  });

async function authorizationCode(url: string): Promise<{ code: string; verifier: string }> {
  const verifier = randomBytes(48).toString('base64url');
  const q = new URLSearchParams({
    client_id: CLIENT,
    redirect_uri: APP,
    response_type: 'code',
    scope: 'openid email',
    state: 'st',
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  const agent = new BrowserAgent();
  const toLogin = await agent.get(`${url}/oauth2/authorize?${q}`);
  const loginUrl = new URL(toLogin.headers.get('location')!, url).href;
  const page = await agent.get(loginUrl);
  const done = await agent.submit(loginUrl, await page.text(), { username: 'olive', password: 'Passw0rd!' });
  const code = new URL(done.headers.get('location')!).searchParams.get('code');
  expect(code).toBeTruthy();
  return { code: code!, verifier };
}

const exchange = (url: string, code: string, verifier: string) =>
  fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: CLIENT, code, redirect_uri: APP, code_verifier: verifier }),
  }).then(async response => ({ status: response.status, body: (await response.json()) as Record<string, string> }));

/** Signs `username` in to TOTP_POOL, registers an authenticator app with the current step's code and makes it the preferred MFA: the secret and that step. */
async function withTotp(url: string, username: string): Promise<{ secret: string; step: number; accessToken: string }> {
  const signedIn = await call(url, 'InitiateAuth', {
    ClientId: TOTP_CLIENT,
    AuthFlow: 'USER_PASSWORD_AUTH',
    AuthParameters: { USERNAME: username, PASSWORD: 'Passw0rd!' },
  });
  const accessToken = signedIn.body.AuthenticationResult.AccessToken as string;
  const secret = (await call(url, 'AssociateSoftwareToken', { AccessToken: accessToken })).body.SecretCode as string;
  const step = Math.floor(Date.now() / 30_000);
  expect((await call(url, 'VerifySoftwareToken', { AccessToken: accessToken, UserCode: totpAt(secret, step) })).body.Status).toBe('SUCCESS');
  const preferred = await call(url, 'SetUserMFAPreference', { AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } });
  expect(preferred.status).toBe(200);
  return { secret, step, accessToken };
}

function pidsOf(clis: Cli[]): number[] {
  return clis.map(cli => cli.child.pid!);
}

describe('a one-time thing answered twice at once', () => {
  it('two processes answering one NEW_PASSWORD_REQUIRED session: one signs in, the other is told the session was used', async () => {
    const dir = tempDir();
    const [a, b] = await startTwo(configArgs(dir, config));
    expect(children).toHaveLength(2);
    const session = await newPasswordSession(a!.url, 'nina');
    const results = await throughHeldLock(dir, pidsOf([a!, b!]), () => [
      answer(a!.url, 'nina', session, 'FirstNew1!'),
      answer(b!.url, 'nina', session, 'SecondNew1!'),
    ]);
    const won = results.filter(r => r.status === 200);
    const lost = results.filter(r => r.status !== 200);
    expect(won).toHaveLength(1);
    expect(lost.map(r => [r.status, r.body.__type, r.body.message])).toEqual([
      [400, 'NotAuthorizedException', 'Invalid session for the user, session can only be used once.'],
    ]);
  }, 60_000);

  it('two processes exchanging one authorization code: one gets tokens, the other invalid_grant', async () => {
    const dir = tempDir();
    const [a, b] = await startTwo(configArgs(dir, config));
    const { code, verifier } = await authorizationCode(a!.url);
    const results = await throughHeldLock(dir, pidsOf([a!, b!]), () => [exchange(a!.url, code, verifier), exchange(b!.url, code, verifier)]);
    expect(results.filter(r => r.status === 200)).toHaveLength(1);
    expect(results.filter(r => r.status !== 200).map(r => [r.status, r.body.error])).toEqual([[400, 'invalid_grant']]);
  }, 60_000);

  it('two processes refreshing with one rotating refresh token (no grace period): one gets new tokens, the other RefreshTokenReuseException', async () => {
    const dir = tempDir();
    const [a, b] = await startTwo(configArgs(dir, config));
    const signedIn = await call(a!.url, 'InitiateAuth', {
      ClientId: ROTATING,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'olive', PASSWORD: 'Passw0rd!' },
    });
    const token = signedIn.body.AuthenticationResult.RefreshToken as string;
    const results = await throughHeldLock(dir, pidsOf([a!, b!]), () =>
      [a!, b!].map(cli => call(cli.url, 'GetTokensFromRefreshToken', { ClientId: ROTATING, RefreshToken: token })),
    );
    const won = results.filter(r => r.status === 200);
    expect(won).toHaveLength(1);
    expect(results.filter(r => r.status !== 200).map(r => [r.status, r.body.__type])).toEqual([[400, 'RefreshTokenReuseException']]);
    // The loser's new refresh token was taken back; the winner's works.
    const next = await call(b!.url, 'GetTokensFromRefreshToken', { ClientId: ROTATING, RefreshToken: won[0]!.body.AuthenticationResult.RefreshToken });
    expect(next.status).toBe(200);
  }, 60_000);

  it('two processes counting wrong SMS_MFA codes for one session at once count two', async () => {
    const dir = tempDir();
    const [a, b] = await startTwo(configArgs(dir, config));
    const signedIn = await call(a!.url, 'InitiateAuth', {
      ClientId: MFA_CLIENT,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'mo', PASSWORD: 'Passw0rd!' },
    });
    expect(signedIn.body.ChallengeName).toBe('SMS_MFA');
    const session = signedIn.body.Session as string;
    const results = await throughHeldLock(dir, pidsOf([a!, b!]), () =>
      [a!, b!].map(cli =>
        call(cli.url, 'RespondToAuthChallenge', {
          ClientId: MFA_CLIENT,
          ChallengeName: 'SMS_MFA',
          Session: session,
          ChallengeResponses: { USERNAME: 'mo', SMS_MFA_CODE: '000000' },
        }),
      ),
    );
    expect(results.map(r => r.body.__type)).toEqual(['CodeMismatchException', 'CodeMismatchException']);
    const db = new Database(join(dir, 'data', 'cognate-local.sqlite'), { readonly: true });
    const id = createHash('sha256').update(session).digest('base64url');
    const row = db.prepare("SELECT value FROM kv WHERE kind = 'session' AND key = ?").get(id) as { value: string };
    db.close();
    expect((JSON.parse(row.value) as { data: { attempts: string } }).data.attempts).toBe('2');
  }, 60_000);

  it('two processes answering two SOFTWARE_TOKEN_MFA challenges with one TOTP code: one signs in, the other is told the code is wrong (used)', async () => {
    const dir = tempDir();
    const [a, b] = await startTwo(configArgs(dir, config));
    const { secret, step } = await withTotp(a!.url, 'tia');
    const sessions: string[] = [];
    for (const cli of [a!, b!]) {
      const out = await call(cli.url, 'InitiateAuth', {
        ClientId: TOTP_CLIENT,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'tia', PASSWORD: 'Passw0rd!' },
      });
      expect(out.body.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
      sessions.push(out.body.Session as string);
    }
    // The next step's code: within the one step of drift, and not the step registration used.
    const code = totpAt(secret, step + 1);
    const results = await throughHeldLock(dir, pidsOf([a!, b!]), () =>
      [a!, b!].map((cli, i) =>
        call(cli.url, 'RespondToAuthChallenge', {
          ClientId: TOTP_CLIENT,
          ChallengeName: 'SOFTWARE_TOKEN_MFA',
          Session: sessions[i],
          ChallengeResponses: { USERNAME: 'tia', SOFTWARE_TOKEN_MFA_CODE: code },
        }),
      ),
    );
    expect(results.filter(r => r.status === 200).map(r => typeof r.body.AuthenticationResult?.AccessToken)).toEqual(['string']);
    expect(results.filter(r => r.status !== 200).map(r => [r.status, r.body.__type, r.body.message])).toEqual([
      [400, 'CodeMismatchException', 'Invalid code or auth state for the user.'],
    ]);
  }, 60_000);

  it('two processes answering VerifySoftwareToken with one code for one new app: one registers it, the other is told the code does not match', async () => {
    const dir = tempDir();
    const [a, b] = await startTwo(configArgs(dir, config));
    const { accessToken } = await withTotp(a!.url, 'tia');
    const secret = (await call(a!.url, 'AssociateSoftwareToken', { AccessToken: accessToken })).body.SecretCode as string;
    const code = totpAt(secret, Math.floor(Date.now() / 30_000));
    const results = await throughHeldLock(dir, pidsOf([a!, b!]), () =>
      [a!, b!].map(cli => call(cli.url, 'VerifySoftwareToken', { AccessToken: accessToken, UserCode: code })),
    );
    expect(results.filter(r => r.status === 200).map(r => r.body.Status)).toEqual(['SUCCESS']);
    expect(results.filter(r => r.status !== 200).map(r => [r.status, r.body.__type, r.body.message])).toEqual([
      [400, 'EnableSoftwareTokenMFAException', 'Code mismatch'],
    ]);
  }, 60_000);

  it('two processes counting wrong ConfirmSignUp codes for one user at once count two', async () => {
    const dir = tempDir();
    const [a, b] = await startTwo(configArgs(dir, config));
    const signedUp = await call(a!.url, 'SignUp', {
      ClientId: CLIENT,
      Username: 'cy',
      Password: 'Passw0rd!',
      UserAttributes: [{ Name: 'email', Value: 'cy@example.com' }],
    });
    expect(signedUp.status).toBe(200);
    const results = await throughHeldLock(dir, pidsOf([a!, b!]), () =>
      [a!, b!].map(cli => call(cli.url, 'ConfirmSignUp', { ClientId: CLIENT, Username: 'cy', ConfirmationCode: '000000' })),
    );
    expect(results.map(r => r.body.__type)).toEqual(['CodeMismatchException', 'CodeMismatchException']);
    const db = new Database(join(dir, 'data', 'cognate-local.sqlite'), { readonly: true });
    const row = db.prepare("SELECT value FROM kv WHERE kind = 'user' AND key = ?").get(`${POOL}/cy`) as { value: string };
    db.close();
    expect((JSON.parse(row.value) as { codes: { signUp: { attempts: number } } }).codes.signUp.attempts).toBe(2);
  }, 60_000);

  it('two processes counting wrong ConfirmForgotPassword codes for one user at once count two', async () => {
    const dir = tempDir();
    const [a, b] = await startTwo(configArgs(dir, config));
    expect((await call(a!.url, 'ForgotPassword', { ClientId: CLIENT, Username: 'fay' })).status).toBe(200);
    const results = await throughHeldLock(dir, pidsOf([a!, b!]), () =>
      [a!, b!].map(cli => call(cli.url, 'ConfirmForgotPassword', { ClientId: CLIENT, Username: 'fay', ConfirmationCode: '000000', Password: 'NewPassw0rd!' })),
    );
    expect(results.map(r => r.body.__type)).toEqual(['CodeMismatchException', 'CodeMismatchException']);
    const db = new Database(join(dir, 'data', 'cognate-local.sqlite'), { readonly: true });
    const row = db.prepare("SELECT value FROM kv WHERE kind = 'user' AND key = ?").get(`${POOL}/fay`) as { value: string };
    db.close();
    expect((JSON.parse(row.value) as { codes: { forgotPassword: { attempts: number } } }).codes.forgotPassword.attempts).toBe(2);
  }, 60_000);

  it('in one process, parallel answers to one session and exchanges of one code: one each succeeds', async () => {
    const server = await start({ dataDir: tempDir(), config });
    try {
      const session = await newPasswordSession(server.url, 'nora');
      const answers = await Promise.all(['One1!aaaa', 'Two2!bbbb', 'Three3!cc'].map(p => answer(server.url, 'nora', session, p)));
      expect(answers.filter(r => r.status === 200)).toHaveLength(1);
      expect(answers.filter(r => r.status !== 200).map(r => r.body.__type)).toEqual(['NotAuthorizedException', 'NotAuthorizedException']);
      const { code, verifier } = await authorizationCode(server.url);
      const exchanges = await Promise.all([1, 2, 3].map(() => exchange(server.url, code, verifier)));
      expect(exchanges.filter(r => r.status === 200)).toHaveLength(1);
      expect(exchanges.filter(r => r.status !== 200).map(r => r.body.error)).toEqual(['invalid_grant', 'invalid_grant']);
    } finally {
      await server.close();
    }
  }, 60_000);
});
