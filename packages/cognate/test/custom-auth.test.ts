/**
 * Custom authentication through cognate and the real aws-amplify against cognate-local's
 * Define / Create / Verify Auth Challenge triggers (local JavaScript modules): CUSTOM_WITHOUT_SRP
 * and CUSTOM_WITH_SRP, a wrong answer answered by a new challenge, failing after three rounds, and
 * the pool-level errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configureBoth, expectSame, outcome, PASSWORD, useServer } from './harness.js';

const dir = mkdtempSync(join(tmpdir(), 'cognate-custom-auth-'));
const POOL = { userPoolId: 'us-east-1_CustomAuth1', userPoolClientId: 'customauthclient0000000001' };
const NO_TRIGGERS = { userPoolId: 'us-east-1_CustomAuth2', userPoolClientId: 'customauthclient0000000002' };

writeFileSync(
  join(dir, 'define.mjs'),
  `export async function handler(event) {
  const s = event.request.session;
  const last = s[s.length - 1];
  if (s.length && last.challengeName === 'SRP_A') event.response.challengeName = 'PASSWORD_VERIFIER';
  else if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) event.response.issueTokens = true;
  else if (s.filter((x) => x.challengeName === 'CUSTOM_CHALLENGE').length >= 3) event.response.failAuthentication = true;
  else event.response.challengeName = 'CUSTOM_CHALLENGE';
  return event;
}`,
);
writeFileSync(
  join(dir, 'create.mjs'),
  `export async function handler(event) {
  const round = event.request.session.filter((x) => x.challengeName === 'CUSTOM_CHALLENGE').length + 1;
  event.response.publicChallengeParameters = { question: 'What is ' + round + ' + ' + round + '?' };
  event.response.privateChallengeParameters = { answer: String(round * 2) };
  event.response.challengeMetadata = 'ROUND_' + round;
  return event;
}`,
);
writeFileSync(
  join(dir, 'verify.mjs'),
  `export async function handler(event) {
  event.response.answerCorrect = event.request.challengeAnswer === event.request.privateChallengeParameters.answer;
  return event;
}`,
);

const flows = ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'];
const users = ['amp', 'cog'].flatMap(p =>
  ['quiz', 'srp', 'fail'].map(n => ({ Username: `${p}-${n}`, Password: PASSWORD, Attributes: { email: `${p}-${n}@example.com` } })),
);

useServer({
  triggerBaseDir: dir,
  config: {
    userPools: [
      {
        Id: POOL.userPoolId,
        PoolName: 'custom-auth',
        LambdaConfig: { DefineAuthChallenge: './define.mjs', CreateAuthChallenge: './create.mjs', VerifyAuthChallengeResponse: './verify.mjs' },
        clients: [{ ClientId: POOL.userPoolClientId, ClientName: 'web', ExplicitAuthFlows: flows }],
        users,
      },
      {
        Id: NO_TRIGGERS.userPoolId,
        PoolName: 'no-triggers',
        clients: [{ ClientId: NO_TRIGGERS.userPoolClientId, ClientName: 'web', ExplicitAuthFlows: flows }],
        users: [
          { Username: 'amp-plain', Password: PASSWORD },
          { Username: 'cog-plain', Password: PASSWORD },
        ],
      },
    ],
  },
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('custom authentication', () => {
  it('CUSTOM_WITHOUT_SRP: challenge, wrong answer → next challenge, right answer → DONE', async () => {
    configureBoth(POOL);
    const out = await expectSame(async (lib, username) => {
      const first = await lib.api.signIn({ username, options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } });
      const retry = await lib.api.confirmSignIn({ challengeResponse: '3' });
      const done = await lib.api.confirmSignIn({ challengeResponse: '4' });
      const user = await lib.api.getCurrentUser();
      const session = await lib.api.fetchAuthSession();
      await lib.api.signOut();
      return { first, retry, done, user, signInDetails: session.tokens?.signInDetails };
    }, 'quiz');
    expect(out).toMatchObject({
      result: {
        first: { isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', additionalInfo: { question: 'What is 1 + 1?' } } },
        retry: { nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', additionalInfo: { question: 'What is 2 + 2?' } } },
        done: { isSignedIn: true, nextStep: { signInStep: 'DONE' } },
        signInDetails: { authFlowType: 'CUSTOM_WITHOUT_SRP' },
      },
      events: ['signedIn', 'signedOut'],
    });
  });

  it('CUSTOM_WITH_SRP: password verifier first, then the custom challenge; a wrong password fails', async () => {
    configureBoth(POOL);
    const out = await expectSame(async (lib, username) => {
      const badPassword = await outcome(lib.api.signIn({ username, password: 'Wr0ng-Passw0rd!', options: { authFlowType: 'CUSTOM_WITH_SRP' } }));
      const noPassword = await outcome(lib.api.signIn({ username, options: { authFlowType: 'CUSTOM_WITH_SRP' } }));
      const first = await lib.api.signIn({ username, password: PASSWORD, options: { authFlowType: 'CUSTOM_WITH_SRP' } });
      const done = await lib.api.confirmSignIn({ challengeResponse: '2' });
      const session = await lib.api.fetchAuthSession();
      await lib.api.signOut();
      return { badPassword, noPassword, first, done, signInDetails: session.tokens?.signInDetails };
    }, 'srp');
    expect(out).toMatchObject({
      result: {
        badPassword: { error: 'NotAuthorizedException' },
        noPassword: { error: 'EmptySignInPassword' },
        first: { nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_CUSTOM_CHALLENGE', additionalInfo: { question: 'What is 1 + 1?' } } },
        done: { isSignedIn: true },
        signInDetails: { authFlowType: 'CUSTOM_WITH_SRP' },
      },
      events: ['signedIn', 'signedOut'],
    });
  });

  it('three wrong answers: Define fails the authentication; the session cannot be answered again', async () => {
    configureBoth(POOL);
    const out = await expectSame(async (lib, username) => {
      await lib.api.signIn({ username, options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } });
      const second = await outcome(lib.api.confirmSignIn({ challengeResponse: 'x' }));
      const third = await outcome(lib.api.confirmSignIn({ challengeResponse: 'x' }));
      const failed = await outcome(lib.api.confirmSignIn({ challengeResponse: 'x' }));
      const again = await outcome(lib.api.confirmSignIn({ challengeResponse: '6' }));
      return { second, third, failed, again };
    }, 'fail');
    expect(out.result).toMatchObject({ failed: { error: 'NotAuthorizedException' }, again: { error: 'NotAuthorizedException' } });
  });

  it('a pool without a Define trigger refuses CUSTOM_AUTH', async () => {
    configureBoth(NO_TRIGGERS);
    const out = await expectSame((lib, username) => lib.api.signIn({ username, options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } }), 'plain');
    expect(out.result).toEqual({ error: 'InvalidParameterException' });
  });
});
