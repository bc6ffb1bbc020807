/**
 * Lambda triggers as local JavaScript modules named in the config file's LambdaConfig: pre sign-up,
 * post confirmation, custom message, pre/post authentication, pre token generation (V1 and V2), and
 * custom authentication (Define / Create / Verify), with and without SRP.
 */
import {
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { computePasswordClaimSignature, formatSrpTimestamp, srpAToHex, startSrpSession } from '@cognate/protocol';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { call, decodePayload, errorOf, lastCode, sdk, start } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'cognate-triggers-'));
const POOL = 'us-east-1_Triggers1';
const POOL_V2 = 'us-east-1_Triggers2';
const CLIENT = 'triggersclient000000000001';
const CLIENT_V2 = 'triggersclient000000000002';
let server: RunningServer;
let client: CognitoIdentityProviderClient;

const triggers: Record<string, string> = {
  'pre-sign-up.mjs': `export async function handler(event) {
    if (event.request.userAttributes.email?.endsWith('@blocked.test')) throw new Error('Sign-ups from blocked.test are closed');
    if (event.request.clientMetadata?.invite === 'yes') { event.response.autoConfirmUser = true; event.response.autoVerifyEmail = true; }
    return event;
  }`,
  'post-confirmation.mjs': `import { appendFileSync } from 'node:fs';
  export async function handler(event) {
    appendFileSync(new URL('./confirmed.log', import.meta.url), event.triggerSource + ' ' + event.request.userAttributes.email + '\\n');
    return event;
  }`,
  'custom-message.mjs': `export const handler = async (event) => {
    if (event.triggerSource === 'CustomMessage_SignUp') event.response.emailMessage = 'Welcome to Example! Your code: {####}';
    return event;
  };`,
  'pre-authentication.mjs': `export default async (event) => {
    if (event.request.userAttributes['custom:banned'] === 'yes') throw new Error('Account suspended');
    return event;
  };`,
  'pre-token-v1.mjs': `export async function handler(event) {
    event.response.claimsOverrideDetails = { claimsToAddOrOverride: { plan: 'gold', sub: 'forged' }, claimsToSuppress: ['email_verified'] };
    return event;
  }`,
  'pre-token-v2.mjs': `export async function handler(event) {
    event.response.claimsAndScopeOverrideDetails = {
      accessTokenGeneration: { claimsToAddOrOverride: { tenant: 'acme' }, scopesToAdd: ['api/read'] },
      idTokenGeneration: { claimsToAddOrOverride: { tenant: 'acme' } },
    };
    return event;
  }`,
  'define.mjs': `export async function handler(event) {
    const s = event.request.session;
    const last = s[s.length - 1];
    if (s.length && last.challengeName === 'SRP_A') event.response.challengeName = 'PASSWORD_VERIFIER';
    else if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) event.response.issueTokens = true;
    else if (s.filter((x) => x.challengeName === 'CUSTOM_CHALLENGE').length >= 3) event.response.failAuthentication = true;
    else event.response.challengeName = 'CUSTOM_CHALLENGE';
    return event;
  }`,
  'create.mjs': `export async function handler(event) {
    const round = event.request.session.filter((x) => x.challengeName === 'CUSTOM_CHALLENGE').length + 1;
    event.response.publicChallengeParameters = { question: 'What is ' + round + ' + ' + round + '?' };
    event.response.privateChallengeParameters = { answer: String(round * 2) };
    event.response.challengeMetadata = 'ROUND_' + round;
    return event;
  }`,
  'verify.mjs': `export async function handler(event) {
    event.response.answerCorrect = event.request.challengeAnswer === event.request.privateChallengeParameters.answer;
    return event;
  }`,
};

beforeAll(async () => {
  for (const [name, source] of Object.entries(triggers)) writeFileSync(join(dir, name), source);
  const flows = ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
  server = await start({
    triggerBaseDir: dir,
    config: {
      userPools: [
        {
          Id: POOL,
          PoolName: 'triggers',
          AutoVerifiedAttributes: ['email'],
          Schema: [{ Name: 'banned', AttributeDataType: 'String', Mutable: true }],
          LambdaConfig: {
            PreSignUp: './pre-sign-up.mjs',
            PostConfirmation: './post-confirmation.mjs',
            CustomMessage: './custom-message.mjs',
            PreAuthentication: './pre-authentication.mjs',
            PreTokenGeneration: './pre-token-v1.mjs',
            DefineAuthChallenge: './define.mjs',
            CreateAuthChallenge: './create.mjs',
            VerifyAuthChallengeResponse: './verify.mjs',
          },
          clients: [{ ClientId: CLIENT, ClientName: 'web', ExplicitAuthFlows: flows }],
          users: [
            { Username: 'quiz', Password: 'Passw0rd!', Attributes: { email: 'quiz@example.com' } },
            { Username: 'banned', Password: 'Passw0rd!', Attributes: { email: 'banned@example.com', 'custom:banned': 'yes' } },
          ],
        },
        {
          Id: POOL_V2,
          PoolName: 'triggers-v2',
          LambdaConfig: { PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: './pre-token-v2.mjs' } },
          clients: [{ ClientId: CLIENT_V2, ClientName: 'web', ExplicitAuthFlows: flows }],
          users: [{ Username: 'vee', Password: 'Passw0rd!', Attributes: { email: 'vee@example.com' } }],
        },
      ],
    },
  });
  client = sdk(server.url);
});
afterAll(async () => {
  client?.destroy();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const password = (id: string, username: string) =>
  client.send(new InitiateAuthCommand({ ClientId: id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: 'Passw0rd!' } }));

describe('sign-up triggers', () => {
  it('pre sign-up can refuse a sign-up, with its message', async () => {
    const error = await errorOf(
      client.send(
        new SignUpCommand({ ClientId: CLIENT, Username: 'mallory', Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: 'm@blocked.test' }] }),
      ),
    );
    expect(error.name).toBe('UserLambdaValidationException');
    expect(error.message).toBe('PreSignUp failed with error Sign-ups from blocked.test are closed.');
    expect((await call(server.url, 'AdminGetUser', { UserPoolId: POOL, Username: 'mallory' })).body.__type).toBe('UserNotFoundException');
  });

  it('pre sign-up can auto-confirm and auto-verify', async () => {
    const out = await client.send(
      new SignUpCommand({
        ClientId: CLIENT,
        Username: 'invited',
        Password: 'Passw0rd!',
        UserAttributes: [{ Name: 'email', Value: 'invited@example.com' }],
        ClientMetadata: { invite: 'yes' },
      }),
    );
    expect(out.UserConfirmed).toBe(true);
    expect(out.CodeDeliveryDetails).toBeUndefined();
    const id = decodePayload((await password(CLIENT, 'invited')).AuthenticationResult!.IdToken!);
    expect(id.email).toBe('invited@example.com');
  });

  it('custom message shapes the code email; post confirmation runs after confirming', async () => {
    await client.send(
      new SignUpCommand({ ClientId: CLIENT, Username: 'nina', Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: 'nina@example.com' }] }),
    );
    const res = await fetch(`${server.url}/_local/messages?userPoolId=${POOL}&username=nina`);
    const { messages } = await res.json();
    const code = messages.at(-1).code;
    expect(messages.at(-1).message).toBe(`Welcome to Example! Your code: ${code}`);
    await client.send(new ConfirmSignUpCommand({ ClientId: CLIENT, Username: 'nina', ConfirmationCode: await lastCode(server.url, POOL, 'nina') }));
    expect(readFileSync(join(dir, 'confirmed.log'), 'utf8')).toContain('PostConfirmation_ConfirmSignUp nina@example.com');
  });
});

describe('authentication triggers', () => {
  it('pre authentication can refuse a sign-in', async () => {
    const error = await errorOf(password(CLIENT, 'banned'));
    expect(error.name).toBe('UserLambdaValidationException');
    expect(error.message).toBe('PreAuthentication failed with error Account suspended.');
  });

  it('pre token generation V1 changes ID token claims but not protected ones', async () => {
    const result = (await password(CLIENT, 'quiz')).AuthenticationResult!;
    const id = decodePayload(result.IdToken!);
    expect(id.plan).toBe('gold');
    expect(id.email_verified).toBeUndefined();
    expect(id.sub).not.toBe('forged');
    expect(decodePayload(result.AccessToken!).plan).toBeUndefined();
  });

  it('pre token generation V2 changes access token claims and scopes too', async () => {
    const result = (await password(CLIENT_V2, 'vee')).AuthenticationResult!;
    const access = decodePayload(result.AccessToken!);
    expect(access.tenant).toBe('acme');
    expect(access.scope.split(' ')).toEqual(['aws.cognito.signin.user.admin', 'api/read']);
    expect(decodePayload(result.IdToken!).tenant).toBe('acme');
  });
});

describe('custom authentication', () => {
  const respond = (Session: string | undefined, ANSWER: string) =>
    client.send(
      new RespondToAuthChallengeCommand({ ClientId: CLIENT, ChallengeName: 'CUSTOM_CHALLENGE', Session, ChallengeResponses: { USERNAME: 'quiz', ANSWER } }),
    );

  it('asks Create for a challenge, checks the answer with Verify, and issues tokens when Define says so', async () => {
    const started = await client.send(new InitiateAuthCommand({ ClientId: CLIENT, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'quiz' } }));
    expect(started.ChallengeName).toBe('CUSTOM_CHALLENGE');
    expect(started.ChallengeParameters).toEqual({ question: 'What is 1 + 1?', USERNAME: 'quiz' });
    const retry = await respond(started.Session, '3');
    expect(retry.ChallengeName).toBe('CUSTOM_CHALLENGE');
    expect(retry.ChallengeParameters?.question).toBe('What is 2 + 2?');
    const done = await respond(retry.Session, '4');
    expect(done.AuthenticationResult?.AccessToken).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
    expect((await errorOf(respond(retry.Session, '4'))).name).toBe('NotAuthorizedException');
  });

  it('fails when Define gives up', async () => {
    let step = await client.send(new InitiateAuthCommand({ ClientId: CLIENT, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'quiz' } }));
    step = await respond(step.Session, 'x');
    step = await respond(step.Session, 'x');
    const error = await errorOf(respond(step.Session, 'x'));
    expect(error.name).toBe('NotAuthorizedException');
  });

  it('runs PASSWORD_VERIFIER first with CHALLENGE_NAME=SRP_A (CUSTOM_WITH_SRP)', async () => {
    const srp = startSrpSession();
    const first = await client.send(
      new InitiateAuthCommand({
        ClientId: CLIENT,
        AuthFlow: 'CUSTOM_AUTH',
        AuthParameters: { USERNAME: 'quiz', SRP_A: srpAToHex(srp.A), CHALLENGE_NAME: 'SRP_A' },
      }),
    );
    expect(first.ChallengeName).toBe('PASSWORD_VERIFIER');
    const p = first.ChallengeParameters!;
    const timestamp = formatSrpTimestamp();
    const signature = await computePasswordClaimSignature({
      poolName: POOL.split('_')[1]!,
      userId: p.USER_ID_FOR_SRP!,
      password: 'Passw0rd!',
      session: srp,
      srpB: p.SRP_B!,
      salt: p.SALT!,
      secretBlock: p.SECRET_BLOCK!,
      timestamp,
    });
    const custom = await client.send(
      new RespondToAuthChallengeCommand({
        ClientId: CLIENT,
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeResponses: { USERNAME: 'quiz', PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!, PASSWORD_CLAIM_SIGNATURE: signature, TIMESTAMP: timestamp },
      }),
    );
    expect(custom.ChallengeName).toBe('CUSTOM_CHALLENGE');
    const done = await respond(custom.Session, '2');
    expect(done.AuthenticationResult?.IdToken).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
  });

  it('is refused where the pool has no Define trigger', async () => {
    const error = await errorOf(client.send(new InitiateAuthCommand({ ClientId: CLIENT_V2, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'vee' } })));
    expect(error.name).toBe('InvalidParameterException');
    expect(error.message).toBe('Custom auth lambda trigger is not configured for the user pool.');
  });
});
