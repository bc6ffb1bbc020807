/**
 * Cognito answering something malformed (a 200 without tokens or challenge, a challenge without a
 * session, tokens without an access token or not JWTs, a body that is not a JSON object, an error
 * status whose body is not JSON): the same
 * call through the real aws-amplify v6 and through cognate against one hostile node:http server on
 * loopback must fail the same way (error `name`, and `message` where Amplify's is fixed text), send
 * the same Hub events and leave the same keys in storage (no half-written session).
 */
import { Amplify as AmplifyReal } from 'aws-amplify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Amplify as AmplifyCognate } from '../src/index.js';
import { type Answer, b64, both, json, type Lib, now, POOL, scripted, tokens, useScriptedCognito } from './scripted-cognito.js';

useScriptedCognito();

/** `both` without the requests sent: what each app saw, its Hub events and its storage keys. */
const outcomes = async (scenario: (lib: Lib) => Promise<unknown>, before?: (lib: Lib) => Promise<unknown>) =>
  (await both(scenario, before)).map(({ requests: _, ...seen }) => seen);

const signInAnswers: Record<string, Answer> = {
  'no tokens and no challenge': json({}),
  'a challenge without a session': json({
    ChallengeName: 'SMS_MFA',
    ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******1234' },
  }),
  'DEVICE_SRP_AUTH with no device remembered': json({ ChallengeName: 'DEVICE_SRP_AUTH', Session: 's', ChallengeParameters: {} }),
  'an unknown challenge': json({ ChallengeName: 'NOT_A_CHALLENGE', Session: 's', ChallengeParameters: {} }),
  'tokens without an access token': json({ AuthenticationResult: { IdToken: tokens('u').IdToken, RefreshToken: 'r' } }),
  'an access token that is not a JWT': json({ AuthenticationResult: { ...tokens('u'), AccessToken: 'not-a-jwt' } }),
  'an ID token that is not a JWT': json({ AuthenticationResult: { ...tokens('u'), IdToken: 'not.a.jwt' } }),
  'AuthenticationResult null': json({ AuthenticationResult: null }),
  'a custom challenge with ChallengeParameters null': json({ ChallengeName: 'CUSTOM_CHALLENGE', Session: 's', ChallengeParameters: null }),
  'a body that is not JSON': { body: 'not json' },
  'a JSON array': json([]),
  'JSON null': json(null),
  'an empty body': { body: '' },
};

describe('signIn (USER_PASSWORD_AUTH) on a malformed InitiateAuth answer', () => {
  for (const [label, answer] of Object.entries(signInAnswers)) {
    it(label, async () => {
      scripted.answers = { InitiateAuth: () => answer };
      const [a, c] = await outcomes(lib => lib.api.signIn({ username: 'u', password: 'p', options: { authFlowType: 'USER_PASSWORD_AUTH' } }));
      expect(c).toEqual(a);
      // Whatever the answer, nothing of a session is left behind.
      expect(c).toMatchObject({ keys: [] });
    });
  }
});

const verifier = (parameters: Record<string, string>) => json({ ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: parameters });
const srpAnswers: Record<string, Answer> = {
  'no tokens and no challenge': json({}),
  'a body that is not JSON': { body: 'not json' },
  'PASSWORD_VERIFIER without USER_ID_FOR_SRP': verifier({ SRP_B: 'ab', SALT: '01', SECRET_BLOCK: 'c2Vj' }),
  'PASSWORD_VERIFIER with SRP_B zero': verifier({ USER_ID_FOR_SRP: 'u', SRP_B: '0', SALT: '01', SECRET_BLOCK: 'c2Vj' }),
};

describe('signIn (USER_SRP_AUTH) on a malformed InitiateAuth answer', () => {
  for (const [label, answer] of Object.entries(srpAnswers)) {
    it(label, async () => {
      scripted.answers = { InitiateAuth: () => answer };
      const [a, c] = await outcomes(lib => lib.api.signIn({ username: 'u', password: 'p' }));
      expect(c).toEqual(a);
    });
  }
});

it('confirmSignIn after a challenge without a session: the same SignInException as aws-amplify, no request', async () => {
  const [a, c] = await outcomes(
    lib => lib.api.confirmSignIn({ challengeResponse: '123456' }),
    async lib => {
      scripted.answers = { InitiateAuth: () => signInAnswers['a challenge without a session']! };
      await lib.api.signIn({ username: 'u', password: 'p', options: { authFlowType: 'USER_PASSWORD_AUTH' } });
    },
  );
  expect(c).toEqual(a);
  expect(c).toMatchObject({ result: { name: 'SignInException' }, keys: [] });
});

const refreshAnswers: Record<string, Answer> = {
  'no AuthenticationResult': json({}),
  'no access token': json({ AuthenticationResult: { IdToken: tokens('u').IdToken } }),
  'no ID token': json({ AuthenticationResult: { AccessToken: tokens('u').AccessToken } }),
  'an access token that is not a JWT': json({ AuthenticationResult: { ...tokens('u'), AccessToken: 'not-a-jwt' } }),
  'an access token without iat': json({
    AuthenticationResult: { ...tokens('u'), AccessToken: `${b64({ alg: 'RS256' })}.${b64({ exp: now() + 3600, username: 'u' })}.c2ln` },
  }),
  'a body that is not JSON': { body: '<html>' },
  'a JSON array': json([]),
  'an empty body': { body: '' },
};

describe('fetchAuthSession({ forceRefresh }) on a malformed refresh answer', () => {
  for (const [label, answer] of Object.entries(refreshAnswers)) {
    it(label, async () => {
      scripted.answers = { GetTokensFromRefreshToken: () => answer };
      const [a, c] = await outcomes(
        async lib => {
          const session = await lib.api.fetchAuthSession({ forceRefresh: true });
          return { signedIn: !!session.tokens, access: session.tokens?.accessToken.toString().length };
        },
        async lib => {
          scripted.answers = { InitiateAuth: () => json({ AuthenticationResult: tokens('u') }) };
          await lib.api.signIn({ username: 'u', password: 'p', options: { authFlowType: 'USER_PASSWORD_AUTH' } });
        },
      );
      expect(c).toEqual(a);
    });
  }
});

const BAD_BODIES: Record<string, Answer> = {
  'not JSON': { body: 'not json' },
  empty: { body: '' },
  'a JSON array': json([]),
  'JSON null': json(null),
  'an empty object': json({}),
};

const signInFirst = async (lib: Lib) => {
  scripted.answers = { InitiateAuth: () => json({ AuthenticationResult: tokens('u') }) };
  await lib.api.signIn({ username: 'u', password: 'p', options: { authFlowType: 'USER_PASSWORD_AUTH' } });
};
const challengeFirst = async (lib: Lib) => {
  scripted.answers = { InitiateAuth: () => json({ ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 'sess', ChallengeParameters: {} }) };
  await lib.api.signIn({ username: 'u', password: 'p', options: { authFlowType: 'USER_PASSWORD_AUTH' } });
};

/** Each API, the operation it calls, and what must happen first. */
const API_CALLS: [string, string, (lib: Lib) => Promise<unknown>, ((lib: Lib) => Promise<unknown>)?][] = [
  ['signUp', 'SignUp', lib => lib.api.signUp({ username: 'u', password: 'p', options: { userAttributes: { email: 'u@example.com' } } })],
  ['confirmSignUp', 'ConfirmSignUp', lib => lib.api.confirmSignUp({ username: 'u', confirmationCode: '123456' })],
  ['resendSignUpCode', 'ResendConfirmationCode', lib => lib.api.resendSignUpCode({ username: 'u' })],
  ['resetPassword', 'ForgotPassword', lib => lib.api.resetPassword({ username: 'u' })],
  ['confirmResetPassword', 'ConfirmForgotPassword', lib => lib.api.confirmResetPassword({ username: 'u', newPassword: 'p', confirmationCode: '1' })],
  ['confirmSignIn', 'RespondToAuthChallenge', lib => lib.api.confirmSignIn({ challengeResponse: '123456' }), challengeFirst],
  ['fetchUserAttributes', 'GetUser', lib => lib.api.fetchUserAttributes(), signInFirst],
  ['fetchMFAPreference', 'GetUser', lib => lib.api.fetchMFAPreference(), signInFirst],
  ['updateUserAttributes', 'UpdateUserAttributes', lib => lib.api.updateUserAttributes({ userAttributes: { email: 'x@example.com' } }), signInFirst],
  [
    'sendUserAttributeVerificationCode',
    'GetUserAttributeVerificationCode',
    lib => lib.api.sendUserAttributeVerificationCode({ userAttributeKey: 'email' }),
    signInFirst,
  ],
  ['setUpTOTP', 'AssociateSoftwareToken', lib => lib.api.setUpTOTP(), signInFirst],
  ['fetchDevices', 'ListDevices', lib => lib.api.fetchDevices(), signInFirst],
  ['updatePassword', 'ChangePassword', lib => lib.api.updatePassword({ oldPassword: 'a', newPassword: 'b' }), signInFirst],
  ['listWebAuthnCredentials', 'ListWebAuthnCredentials', lib => lib.api.listWebAuthnCredentials(), signInFirst],
  ['deleteUserAttributes', 'DeleteUserAttributes', lib => lib.api.deleteUserAttributes({ userAttributeKeys: ['name'] }), signInFirst],
  ['confirmUserAttribute', 'VerifyUserAttribute', lib => lib.api.confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: '1' }), signInFirst],
  ['updateMFAPreference', 'SetUserMFAPreference', lib => lib.api.updateMFAPreference({ totp: 'PREFERRED' }), signInFirst],
  ['verifyTOTPSetup', 'VerifySoftwareToken', lib => lib.api.verifyTOTPSetup({ code: '123456' }), signInFirst],
  ['deleteUser', 'DeleteUser', lib => lib.api.deleteUser(), signInFirst],
  ['forgetDevice', 'ForgetDevice', lib => lib.api.forgetDevice({ device: { id: 'us-east-1_device' } }), signInFirst],
  ['signOut', 'RevokeToken', lib => lib.api.signOut(), signInFirst],
  ['signOut({ global })', 'GlobalSignOut', lib => lib.api.signOut({ global: true }), signInFirst],
];

describe('every API reading an answer, on a malformed 200 body', () => {
  for (const [api, operation, call, before] of API_CALLS) {
    it(`${api} (${operation})`, async () => {
      const seen: Record<string, [unknown, unknown]> = {};
      for (const [label, answer] of Object.entries(BAD_BODIES)) {
        scripted.answers = { [operation]: () => answer };
        seen[label] = await outcomes(async lib => call(lib), before);
      }
      const from = (i: 0 | 1) => Object.fromEntries(Object.entries(seen).map(([label, pair]) => [label, pair[i]]));
      expect(from(1)).toEqual(from(0));
    });
  }
});

const ERROR_ANSWERS: Record<string, Answer> = {
  '400, not JSON': { status: 400, body: 'Bad Request' },
  '400, empty': { status: 400, body: '' },
  '400, JSON null': { status: 400, body: 'null' },
  '400, {}': { status: 400, body: '{}' },
  '500, HTML': { status: 500, body: '<html>oops</html>' },
  '502, empty': { status: 502, body: '' },
};

describe('an error status with a malformed body', () => {
  for (const [label, answer] of Object.entries(ERROR_ANSWERS)) {
    it(label, async () => {
      scripted.answers = { InitiateAuth: () => answer };
      const [a, c] = await both(lib => lib.api.signIn({ username: 'u', password: 'p', options: { authFlowType: 'USER_PASSWORD_AUTH' } }));
      const { requests: sentByAmplify, ...amplifySaw } = a;
      const { requests: sentByCognate, ...cognateSaw } = c;
      expect(cognateSaw).toEqual(amplifySaw);
      // One difference on purpose: a transient status is retried (3 attempts, as AWS SDKs do) before the
      // parse error is thrown, where Amplify's retry decider fails on the body and gives up at once.
      expect(sentByAmplify).toHaveLength(1);
      expect(sentByCognate).toHaveLength((answer.status ?? 200) >= 500 ? 3 : 1);
    });
  }
});

describe('fetchAuthSession with an identity pool (guest), on a malformed GetId or GetCredentialsForIdentity answer', () => {
  const configure = (Cognito: Record<string, unknown>) => {
    AmplifyReal.configure({ Auth: { Cognito } } as Parameters<typeof AmplifyReal.configure>[0]);
    AmplifyCognate.configure({ Auth: { Cognito } } as Parameters<typeof AmplifyCognate.configure>[0]);
  };
  beforeAll(() =>
    configure({
      ...POOL,
      userPoolEndpoint: scripted.url,
      identityPoolId: 'us-east-1:00000000-0000-4000-8000-000000000000',
      identityPoolEndpoint: scripted.url,
      allowGuestAccess: true,
    }),
  );
  afterAll(() => configure({ ...POOL, userPoolEndpoint: scripted.url }));

  const identityId = 'us-east-1:11111111-1111-4111-8111-111111111111';
  const credentials = { AccessKeyId: 'AKIA', SecretKey: 'secret', SessionToken: 'session', Expiration: now() + 3600 };
  const cases: Record<string, Record<string, (request: Record<string, unknown>) => Answer>> = {
    'GetId answers {}': { GetId: () => json({}) },
    'GetId answers a body that is not JSON': { GetId: () => ({ body: 'not json' }) },
    'GetId answers JSON null': { GetId: () => json(null) },
    'GetCredentialsForIdentity answers {}': { GetId: () => json({ IdentityId: identityId }), GetCredentialsForIdentity: () => json({}) },
    'GetCredentialsForIdentity answers Credentials without a SecretKey': {
      GetId: () => json({ IdentityId: identityId }),
      GetCredentialsForIdentity: () => json({ IdentityId: identityId, Credentials: { ...credentials, SecretKey: undefined } }),
    },
    'GetCredentialsForIdentity answers an empty body': { GetId: () => json({ IdentityId: identityId }), GetCredentialsForIdentity: () => ({ body: '' }) },
  };
  for (const [label, script] of Object.entries(cases)) {
    it(label, async () => {
      scripted.answers = script;
      const [a, c] = await outcomes(async lib => {
        const session = await lib.api.fetchAuthSession();
        return { identityId: session.identityId, credentials: !!session.credentials };
      });
      expect(c).toEqual(a);
    });
  }
});
