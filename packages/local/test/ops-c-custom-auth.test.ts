/**
 * CUSTOM_AUTH for a user who does not exist: with PreventUserExistenceErrors ENABLED, Cognito runs
 * the Define / Create / Verify Auth Challenge triggers with `userNotFound: true`, so an unknown user
 * gets a challenge shaped like a real one and the answer decides nothing; with LEGACY the answer is
 * UserNotFoundException at once.
 */
import { InitiateAuthCommand, RespondToAuthChallengeCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { errorOf, sdk, start } from './helpers.js';

const POOL = 'us-east-1_GhostAuth01';
const HIDING = 'ghostauthhidingclient00001';
const LEGACY = 'ghostauthlegacyclient00001';
const dir = mkdtempSync(join(tmpdir(), 'cognate-opsc-custom-'));
let server: RunningServer;
let idp: CognitoIdentityProviderClient;

const triggers: Record<string, string> = {
  'define.mjs': `export async function handler(event) {
    const last = event.request.session.at(-1);
    if (last && last.challengeResult) { event.response.issueTokens = true; return event; }
    if (event.request.session.length >= 3) { event.response.failAuthentication = true; return event; }
    event.response.challengeName = 'CUSTOM_CHALLENGE';
    return event;
  }`,
  'create.mjs': `export async function handler(event) {
    event.response.publicChallengeParameters = {
      question: 'What is 2 + 2?',
      userNotFound: String(event.request.userNotFound),
      attributeCount: String(Object.keys(event.request.userAttributes).length),
    };
    event.response.privateChallengeParameters = { answer: '4' };
    return event;
  }`,
  'verify.mjs': `export async function handler(event) {
    event.response.answerCorrect = event.request.challengeAnswer === event.request.privateChallengeParameters.answer;
    return event;
  }`,
};

beforeAll(async () => {
  for (const [name, source] of Object.entries(triggers)) writeFileSync(join(dir, name), source);
  server = await start({
    triggerBaseDir: dir,
    config: {
      userPools: [
        {
          Id: POOL,
          PoolName: 'ghost',
          LambdaConfig: { DefineAuthChallenge: './define.mjs', CreateAuthChallenge: './create.mjs', VerifyAuthChallengeResponse: './verify.mjs' },
          clients: [
            {
              ClientId: HIDING,
              ClientName: 'hiding',
              ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
              PreventUserExistenceErrors: 'ENABLED',
            },
            {
              ClientId: LEGACY,
              ClientName: 'legacy',
              ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
              PreventUserExistenceErrors: 'LEGACY',
            },
          ],
          users: [{ Username: 'real', Password: 'Passw0rd!', Attributes: { email: 'real@example.com' } }],
        },
      ],
    },
  });
  idp = sdk(server.url);
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const start_ = (clientId: string, username: string) =>
  idp.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: username } }));
const answer = (session: string, username: string, ANSWER: string) =>
  idp.send(
    new RespondToAuthChallengeCommand({
      ClientId: HIDING,
      ChallengeName: 'CUSTOM_CHALLENGE',
      Session: session,
      ChallengeResponses: { USERNAME: username, ANSWER },
    }),
  );

describe('CUSTOM_AUTH for an unknown user', () => {
  it('with PreventUserExistenceErrors ENABLED, the triggers run with userNotFound and the challenge looks like a real one', async () => {
    const real = await start_(HIDING, 'real');
    const ghost = await start_(HIDING, 'ghost');
    expect(real.ChallengeName).toBe('CUSTOM_CHALLENGE');
    expect(ghost.ChallengeName).toBe('CUSTOM_CHALLENGE');
    expect(real.ChallengeParameters).toMatchObject({ question: 'What is 2 + 2?', userNotFound: 'false', USERNAME: 'real' });
    expect(Number(real.ChallengeParameters!.attributeCount)).toBeGreaterThan(0);
    expect(ghost.ChallengeParameters).toEqual({ question: 'What is 2 + 2?', userNotFound: 'true', attributeCount: '0', USERNAME: 'ghost' });
    expect(ghost.Session).toBeTruthy();

    // A wrong answer: the next round, for both.
    const ghostAgain = await answer(ghost.Session!, 'ghost', '5');
    expect(ghostAgain.ChallengeName).toBe('CUSTOM_CHALLENGE');
    expect(ghostAgain.ChallengeParameters!.userNotFound).toBe('true');
    // The right answer signs the real user in; for the unknown user it never issues tokens.
    expect((await answer(real.Session!, 'real', '4')).AuthenticationResult?.AccessToken).toBeTruthy();
    const refused = await errorOf(answer(ghostAgain.Session!, 'ghost', '4'));
    expect([refused.name, refused.message]).toEqual(['NotAuthorizedException', 'Incorrect username or password.']);
  });

  it("Define failing the authentication after three wrong answers ends an unknown user's attempt as a real one's", async () => {
    // Two wrong rounds and a third: Define fails the authentication, for the unknown user as for a real one.
    let step = await start_(HIDING, 'nobody');
    for (let i = 0; i < 2; i++) step = await answer(step.Session!, 'nobody', 'x');
    const failed = await errorOf(answer(step.Session!, 'nobody', 'x'));
    expect([failed.name, failed.message]).toEqual(['NotAuthorizedException', 'Incorrect username or password.']);
  });

  it('with LEGACY, an unknown user is UserNotFoundException at once', async () => {
    expect((await errorOf(start_(LEGACY, 'ghost'))).name).toBe('UserNotFoundException');
  });
});
