/**
 * Requests that need no credentials (a client id and a username at most) cannot make cognate-local
 * keep records without bound: challenge sessions and SRP states are kept only while they can be
 * answered and at most `limits.authSessionsPerPool` per pool (the oldest dropped first), while a late
 * answer is still told "session is expired"; outbox messages at most `limits.messagesPerUser` per
 * user; federated sign-in flows and mock-IdP codes at most `limits.oauthRecordsPerPool` per pool;
 * guest identities (unauthenticated GetId) at most `limits.guestIdentitiesPerPool` per identity pool;
 * and an honest sign-in still works in the flood.
 * The caps are made small here so that a few hundred requests reach them.
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  InitiateAuthCommand,
  type InitiateAuthCommandOutput,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  CognitoIdentityClient,
  CreateIdentityPoolCommand,
  GetCredentialsForIdentityCommand,
  GetIdCommand,
  GetOpenIdTokenCommand,
  SetIdentityPoolRolesCommand,
} from '@aws-sdk/client-cognito-identity';
import { computePasswordClaimSignature, formatSrpTimestamp, srpAToHex, startSrpSession, type SrpClientSession } from '@cognate/protocol';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { BrowserAgent } from './browser-agent.js';
import { lastCode, sdk, setClock, start, TEST_CREDENTIALS } from './helpers.js';

const PASSWORD = 'Passw0rd!';
const SESSION_CAP = 40;
const MESSAGE_CAP = 10;

let server: RunningServer;
let client: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;

const sessions = (prefix = '') => server.local.services.store.count('session', prefix);
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => 'no error',
    (e: Error) => `${e.name}: ${e.message}`,
  );

function srpChallenge(username: string, session: SrpClientSession = startSrpSession()) {
  return client.send(
    new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: username, SRP_A: srpAToHex(session.A) } }),
  );
}

async function srpAnswer(challenge: InitiateAuthCommandOutput, session: SrpClientSession) {
  const p = challenge.ChallengeParameters!;
  const timestamp = formatSrpTimestamp(); // TIMESTAMP is checked against real time, not the shifted clock
  return client.send(
    new RespondToAuthChallengeCommand({
      ClientId: clientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: {
        USERNAME: p.USER_ID_FOR_SRP!,
        PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!,
        TIMESTAMP: timestamp,
        PASSWORD_CLAIM_SIGNATURE: await computePasswordClaimSignature({
          poolName: poolId.split('_')[1]!,
          userId: p.USER_ID_FOR_SRP!,
          password: PASSWORD,
          session,
          srpB: p.SRP_B!,
          salt: p.SALT!,
          secretBlock: p.SECRET_BLOCK!,
          timestamp,
        }),
      },
    }),
  );
}

const userAuth = (username: string) =>
  client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: username } }));

beforeAll(async () => {
  server = await start({ limits: { authSessionsPerPool: SESSION_CAP, messagesPerUser: MESSAGE_CAP } });
  client = sdk(server.url);
  poolId = (
    await client.send(new CreateUserPoolCommand({ PoolName: 'bounds', Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } } }))
  ).UserPool!.Id!;
  clientId = (
    await client.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: 'c',
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        PreventUserExistenceErrors: 'ENABLED',
      }),
    )
  ).UserPoolClient!.ClientId!;
  await client.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: 'ada',
      MessageAction: 'SUPPRESS',
      UserAttributes: [
        { Name: 'email', Value: 'ada@example.com' },
        { Name: 'email_verified', Value: 'true' },
      ],
    }),
  );
  await client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'ada', Password: PASSWORD, Permanent: true }));
});
afterEach(async () => {
  await setClock(server.url, { offsetSeconds: 0 });
});
afterAll(() => server?.close());

describe('challenge sessions and SRP states', () => {
  it('a flood of unanswered challenges (SRP and USER_AUTH, known and unknown users) holds at most the pool cap; an honest sign-in still works', async () => {
    const attacker = startSrpSession(); // one A, sent again and again: it costs the attacker nothing
    for (let round = 0; round < 6; round++) {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          i % 3 === 0 ? srpChallenge('ada', attacker) : i % 3 === 1 ? srpChallenge(`nobody-${round}-${i}`, attacker) : userAuth(`ghost-${round}-${i}`),
        ),
      );
      expect(sessions()).toBeLessThanOrEqual(SESSION_CAP);
    }
    expect(sessions()).toBe(SESSION_CAP);
    expect(server.local.services.bounds.size(`session:${poolId}`)).toBe(SESSION_CAP);

    const mine = startSrpSession();
    const challenge = await srpChallenge('ada', mine);
    const signedIn = await srpAnswer(challenge, mine);
    expect(signedIn.AuthenticationResult?.AccessToken).toMatch(/^eyJ/);
    // Answered, its state is gone and no longer counts.
    expect(server.local.services.bounds.size(`session:${poolId}`)).toBe(SESSION_CAP - 1);
  });

  it('the oldest challenge goes first: one pushed out by the flood is refused as an unknown one, newer ones still answer', async () => {
    const first = startSrpSession();
    const old = await srpChallenge('ada', first);
    await Promise.all(Array.from({ length: SESSION_CAP }, (_, i) => srpChallenge(`flood-${i}`)));
    expect(await errorOf(srpAnswer(old, first))).toBe('NotAuthorizedException: Incorrect username or password.');
    const second = startSrpSession();
    const fresh = await srpChallenge('ada', second);
    expect((await srpAnswer(fresh, second)).AuthenticationResult?.AccessToken).toMatch(/^eyJ/);
  });

  it("DeleteUserPool forgets the pool's challenges, and what the cap noted of them", async () => {
    const doomed = (await client.send(new CreateUserPoolCommand({ PoolName: 'doomed' }))).UserPool!.Id!;
    const doomedClient = (
      await client.send(
        new CreateUserPoolClientCommand({
          UserPoolId: doomed,
          ClientName: 'c',
          ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'],
          PreventUserExistenceErrors: 'ENABLED',
        }),
      )
    ).UserPoolClient!.ClientId!;
    const A = srpAToHex(startSrpSession().A);
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        client.send(new InitiateAuthCommand({ ClientId: doomedClient, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: `u${i}`, SRP_A: A } })),
      ),
    );
    const bounds = server.local.services.bounds;
    expect(bounds.size(`session:${doomed}`)).toBe(5);
    await client.send(new DeleteUserPoolCommand({ UserPoolId: doomed }));
    expect(bounds.size(`session:${doomed}`)).toBe(0);
  });

  it('an SRP state keeps no verifier or salt (read again, or derived again, at the answer): a third smaller than it was', async () => {
    const store = server.local.services.store;
    const before = new Set(store.scan<unknown>('session', 'srp:', 10_000).map(([key]) => key));
    await srpChallenge('ada');
    await srpChallenge('nobody-sized');
    const added = store.scan<unknown>('session', 'srp:', 10_000).filter(([key]) => !before.has(key));
    expect(added).toHaveLength(2);
    for (const [, state] of added) {
      const text = JSON.stringify(state);
      // b (64 hex), B and A (768 hex each) and a few short fields; with the verifier (770) and salt it was 2,610.
      expect(text.length).toBeLessThan(1_900);
      expect(text).not.toMatch(/"(verifier|salt)"/);
    }
  });

  it('an SRP state is forgotten once AuthSessionValidity is over, and its late answer is still "session is expired"', async () => {
    const mine = startSrpSession();
    const challenge = await srpChallenge('ada', mine);
    const before = sessions('srp:');
    expect(before).toBeGreaterThan(0);
    await setClock(server.url, { offsetSeconds: 3 * 60 + 1 });
    await server.local.prune();
    expect(sessions('srp:')).toBe(0);
    expect(await errorOf(srpAnswer(challenge, mine))).toBe('NotAuthorizedException: Invalid session for the user, session is expired.');
  });

  it('a challenge Session is forgotten once over, and its late answer is still "session is expired"; a made-up one is "can only be used once"', async () => {
    const started = await userAuth('ada');
    expect(started.ChallengeName).toBe('SELECT_CHALLENGE');
    await setClock(server.url, { offsetSeconds: 3 * 60 + 1 });
    await server.local.prune();
    expect(sessions()).toBe(0);
    const respond = (Session: string) =>
      client.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'SELECT_CHALLENGE',
          Session,
          ChallengeResponses: { USERNAME: 'ada', ANSWER: 'PASSWORD', PASSWORD },
        }),
      );
    expect(await errorOf(respond(started.Session!))).toBe('NotAuthorizedException: Invalid session for the user, session is expired.');
    // A Session whose expiry was altered (its MAC no longer matches) is no session of ours.
    const altered = Buffer.from(started.Session!, 'base64url');
    altered[6] = altered[6]! ^ 1;
    expect(await errorOf(respond(altered.toString('base64url')))).toBe('NotAuthorizedException: Invalid session for the user, session can only be used once.');
    expect(await errorOf(respond('x'.repeat(100)))).toBe('NotAuthorizedException: Invalid session for the user, session can only be used once.');
  });
});

describe('with --data', () => {
  it('a late answer after a restart is still "session is expired": the key that signs a Session\'s expiry is kept in the store', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cognate-bounds-'));
    let first: RunningServer | undefined;
    let second: RunningServer | undefined;
    try {
      first = await start({ dataDir });
      const c = sdk(first.url);
      const userPool = (await c.send(new CreateUserPoolCommand({ PoolName: 'restart' }))).UserPool!.Id!;
      const appClient = (await c.send(new CreateUserPoolClientCommand({ UserPoolId: userPool, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_USER_AUTH'] })))
        .UserPoolClient!.ClientId!;
      await c.send(new AdminCreateUserCommand({ UserPoolId: userPool, Username: 'rita', MessageAction: 'SUPPRESS' }));
      await c.send(new AdminSetUserPasswordCommand({ UserPoolId: userPool, Username: 'rita', Password: PASSWORD, Permanent: true }));
      const started = await c.send(new InitiateAuthCommand({ ClientId: appClient, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'rita' } }));
      expect(started.ChallengeName).toBe('SELECT_CHALLENGE');
      first.close();
      first = undefined;

      second = await start({ dataDir });
      await setClock(second.url, { offsetSeconds: 3 * 60 + 1 });
      await second.local.prune();
      expect(second.local.services.store.count('session', '')).toBe(0);
      const late = sdk(second.url).send(
        new RespondToAuthChallengeCommand({
          ClientId: appClient,
          ChallengeName: 'SELECT_CHALLENGE',
          Session: started.Session,
          ChallengeResponses: { USERNAME: 'rita', ANSWER: 'PASSWORD', PASSWORD },
        }),
      );
      expect(await errorOf(late)).toBe('NotAuthorizedException: Invalid session for the user, session is expired.');
    } finally {
      first?.close();
      second?.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('outbox', () => {
  it('a flood of USER_AUTH EMAIL_OTP for a known username keeps at most the per-user cap of messages; the newest code still signs in', async () => {
    const messages = async () => {
      const res = await fetch(`${server.url}/_local/messages?userPoolId=${poolId}&username=ada`);
      return ((await res.json()) as { messages: unknown[] }).messages.length;
    };
    let last: InitiateAuthCommandOutput | undefined;
    for (let i = 0; i < 60; i++) {
      last = await client.send(
        new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'ada', PREFERRED_CHALLENGE: 'EMAIL_OTP' } }),
      );
      expect(last.ChallengeName).toBe('EMAIL_OTP');
    }
    expect(await messages()).toBe(MESSAGE_CAP);
    expect(server.local.services.store.count('message', `${poolId}/ada/`)).toBe(MESSAGE_CAP);
    expect(server.local.services.store.count('messageIndex', `${poolId}/`)).toBe(MESSAGE_CAP);
    const done = await client.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: 'EMAIL_OTP',
        Session: last!.Session,
        ChallengeResponses: { USERNAME: 'ada', EMAIL_OTP_CODE: await lastCode(server.url, poolId, 'ada') },
      }),
    );
    expect(done.AuthenticationResult?.AccessToken).toMatch(/^eyJ/);
  });
});

describe('federated sign-in flows and mock-IdP codes', () => {
  const POOL = 'us-east-1_BoundsOAu';
  const SPA = 'boundsspaclient00000000001';
  const APP = 'http://localhost:5173/callback';
  const OAUTH_CAP = 20;
  let idpServer: RunningServer;
  const oauth = (prefix: string) => idpServer.local.services.store.count('oauth', prefix);
  const authorize = () =>
    `${idpServer.url}/oauth2/authorize?${new URLSearchParams({ client_id: SPA, redirect_uri: APP, response_type: 'code', scope: 'openid', identity_provider: 'Google' })}`;

  beforeAll(async () => {
    idpServer = await start({
      limits: { oauthRecordsPerPool: OAUTH_CAP },
      config: {
        mockIdentityProviderUsers: [{ provider: 'Google', sub: '10769150350006150715', email: 'gina@gmail.test', name: 'Gina G' }],
        userPools: [
          {
            Id: POOL,
            PoolName: 'bounds-oauth',
            Domain: 'bounds-oauth',
            identityProviders: [
              { ProviderName: 'Google', ProviderType: 'Google', ProviderDetails: { client_id: 'x', client_secret: 'y', authorize_scopes: 'openid email' } },
            ],
            clients: [
              {
                ClientId: SPA,
                ClientName: 'spa',
                AllowedOAuthFlowsUserPoolClient: true,
                AllowedOAuthFlows: ['code'],
                AllowedOAuthScopes: ['openid', 'email'],
                CallbackURLs: [APP],
                SupportedIdentityProviders: ['COGNITO', 'Google'],
              },
            ],
          },
        ],
      },
    });
  });
  afterAll(() => idpServer?.close());

  it('a flood of federated /oauth2/authorize and of mock-IdP answers holds at most the pool cap; an honest federated sign-in still works', async () => {
    // Each GET starts a flow (no credentials needed); each POST to the mock IdP makes a code for the same flow.
    const starts = await Promise.all(Array.from({ length: 100 }, () => fetch(authorize(), { redirect: 'manual' })));
    expect(starts.every(r => r.status === 302)).toBe(true);
    expect(oauth('flow/')).toBe(OAUTH_CAP);
    const toIdp = async (agent: BrowserAgent) => {
      const idpUrl = new URL((await agent.get(authorize())).headers.get('location')!, idpServer.url).href;
      return { idpUrl, html: await (await agent.get(idpUrl)).text() };
    };
    const attacker = new BrowserAgent();
    const flood = await toIdp(attacker);
    const answers: number[] = [];
    for (let i = 0; i < 60; i++) {
      answers.push((await attacker.submit(flood.idpUrl, flood.html, { sub: '10769150350006150715' })).status);
      expect(oauth('')).toBeLessThanOrEqual(OAUTH_CAP);
    }
    // Its codes push out the oldest records, its own flow at last: then the mock IdP refuses it.
    expect(answers.slice(0, OAUTH_CAP)).toEqual(Array(OAUTH_CAP).fill(302));
    expect(answers.at(-1)).toBe(400);
    expect(idpServer.local.services.bounds.size(`oauth:${POOL}`)).toBe(OAUTH_CAP);

    // An honest federated sign-in started now finishes at the app.
    const agent = new BrowserAgent();
    const { idpUrl, html } = await toIdp(agent);
    const chosen = await agent.submit(idpUrl, html, { sub: '10769150350006150715' });
    const back = await agent.get(new URL(chosen.headers.get('location')!, idpServer.url).href);
    expect(new URL(back.headers.get('location')!).searchParams.get('code')).toBeTruthy();
  });
});

describe('guest identities', () => {
  const GUEST_CAP = 25;
  let guestServer: RunningServer;

  beforeAll(async () => {
    guestServer = await start({ limits: { guestIdentitiesPerPool: GUEST_CAP } });
  });
  afterAll(() => guestServer?.close());

  it('a flood of unauthenticated GetId keeps at most the cap of guests per identity pool, the oldest going first; a new guest still gets a token', async () => {
    const ci = new CognitoIdentityClient({ region: 'us-east-1', endpoint: guestServer.url, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
    const idp = sdk(guestServer.url);
    const userPoolId = (await idp.send(new CreateUserPoolCommand({ PoolName: 'guest-users' }))).UserPool!.Id!;
    const webClient = (
      await idp.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }))
    ).UserPoolClient!.ClientId!;
    await idp.send(new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: 'gus', MessageAction: 'SUPPRESS' }));
    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: 'gus', Password: PASSWORD, Permanent: true }));
    const provider = `cognito-idp.us-east-1.amazonaws.com/${userPoolId}`;
    const pool = await ci.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: 'guests',
        AllowUnauthenticatedIdentities: true,
        CognitoIdentityProviders: [{ ProviderName: provider, ClientId: webClient }],
      }),
    );
    const poolId = pool.IdentityPoolId!;
    await ci.send(
      new SetIdentityPoolRolesCommand({
        IdentityPoolId: poolId,
        Roles: { authenticated: 'arn:aws:iam::000000000000:role/authenticated', unauthenticated: 'arn:aws:iam::000000000000:role/unauthenticated' },
      }),
    );
    const getId = async () => (await ci.send(new GetIdCommand({ IdentityPoolId: poolId }))).IdentityId!;
    const token = (IdentityId: string) =>
      ci.send(new GetOpenIdTokenCommand({ IdentityId })).then(
        r => (r.Token ? 'token' : 'none'),
        (e: Error) => e.name,
      );
    const first = await getId();
    expect(await token(first)).toBe('token');
    // A guest who signs in (a login linked to it) is no guest any more: the flood does not push it out.
    const signedIn = await getId();
    const idToken = (
      await idp.send(new InitiateAuthCommand({ ClientId: webClient, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'gus', PASSWORD } }))
    ).AuthenticationResult!.IdToken!;
    const linked = await ci.send(new GetCredentialsForIdentityCommand({ IdentityId: signedIn, Logins: { [provider]: idToken } }));
    expect(linked.IdentityId).toBe(signedIn);
    for (let round = 0; round < 4; round++) {
      await Promise.all(Array.from({ length: 25 }, getId));
      expect(guestServer.local.services.store.count('identity', `${poolId}/`)).toBeLessThanOrEqual(GUEST_CAP + 1);
    }
    const store = guestServer.local.services.store;
    // The cap's guests, and the signed-in identity, which stays.
    expect([store.count('identity', `${poolId}/`), store.count('identityIndex', 'id/')]).toEqual([GUEST_CAP + 1, GUEST_CAP + 1]);
    expect(await token(first)).toBe('ResourceNotFoundException');
    expect((await ci.send(new GetIdCommand({ IdentityPoolId: poolId, Logins: { [provider]: idToken } }))).IdentityId).toBe(signedIn);
    expect(await token(await getId())).toBe('token');
    expect(guestServer.local.services.bounds.size(`guest:${poolId}`)).toBe(GUEST_CAP);
  });
});
