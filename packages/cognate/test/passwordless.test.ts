/**
 * USER_AUTH (choice-based sign-in) and passkey management through cognate and the real aws-amplify
 * against cognate-local, in Node: PASSWORD and PASSWORD_SRP (preferred and chosen), email and SMS
 * one-time codes (preferred and chosen), first-factor selection, wrong codes retried, expired
 * sessions, validation errors, passwordless sign-up with autoSignIn, and the passkey APIs where
 * there is no WebAuthn (Node): `PasskeyNotSupported` for registration and for WEB_AUTHN sign-in,
 * while listing (paginated) and deleting work on passkeys registered with a software authenticator.
 * Real WebAuthn ceremonies are in browser-passkeys.test.ts.
 */
import { Amplify as AmplifyReal } from 'aws-amplify';
import { cognitoUserPoolsTokenProvider as amplifyTokenProvider } from 'aws-amplify/auth/cognito';
import { describe, expect, it } from 'vitest';
import { SoftAuthenticator } from '../../local/test/soft-authenticator.js';
import * as cognateAuth from '../src/auth-cognito.js';
import { Amplify as AmplifyCognate } from '../src/index.js';
import { call } from './helpers.js';
import {
  amplify,
  both,
  clock,
  code,
  cognate,
  createUsers,
  env,
  expectSame,
  outcome,
  PASSWORD,
  reset,
  useServer,
  wrong,
  type Lib,
  type Pool,
} from './harness.js';

useServer();

let pool: Pool;

/** A pool whose sign-in policy allows every first factor, and a client allowing USER_AUTH. */
async function createPasswordlessPool(): Promise<Pool> {
  const created = await call(env.url, 'CreateUserPool', {
    PoolName: 'cognate-passwordless',
    AutoVerifiedAttributes: ['email'],
    Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'] } },
  });
  const userPoolId = created.UserPool.Id as string;
  const app = await call(env.url, 'CreateUserPoolClient', {
    UserPoolId: userPoolId,
    ClientName: 'web',
    ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    EnableTokenRevocation: true,
  });
  return { userPoolId, userPoolClientId: app.UserPoolClient.ClientId as string };
}

/** Both libraries on `pool`, with extra `Auth.Cognito` fields (e.g. `passwordless`). */
function configure(extra: Record<string, unknown> = {}): void {
  const config = { Auth: { Cognito: { ...pool, userPoolEndpoint: env.url, ...extra } } };
  AmplifyReal.configure(config as Parameters<typeof AmplifyReal.configure>[0]);
  amplifyTokenProvider.setKeyValueStorage(amplify.storage);
  AmplifyCognate.configure(config as Parameters<typeof AmplifyCognate.configure>[0]);
  cognateAuth.cognitoUserPoolsTokenProvider.setKeyValueStorage(cognate.storage);
}

const USER_AUTH = { authFlowType: 'USER_AUTH' } as const;

/** The access token of a fresh USER_AUTH password sign-in, straight over the wire. */
async function accessToken(username: string): Promise<string> {
  const out = await call(env.url, 'InitiateAuth', {
    ClientId: pool.userPoolClientId,
    AuthFlow: 'USER_AUTH',
    AuthParameters: { USERNAME: username, PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD },
  });
  return out.AuthenticationResult.AccessToken as string;
}

/** Registers a software passkey for `username` over the wire. */
async function registerSoftPasskey(username: string): Promise<SoftAuthenticator> {
  const AccessToken = await accessToken(username);
  const { CredentialCreationOptions } = await call(env.url, 'StartWebAuthnRegistration', { AccessToken });
  const key = new SoftAuthenticator();
  await call(env.url, 'CompleteWebAuthnRegistration', { AccessToken, Credential: key.create(CredentialCreationOptions) });
  return key;
}

describe('USER_AUTH', () => {
  it('setUp', async () => {
    pool = await createPasswordlessPool();
    configure();
    await createUsers(pool, 'pw');
    await createUsers(pool, 'srp');
    await createUsers(pool, 'select', { phone_number: '+15555550120', phone_number_verified: 'true' });
    await createUsers(pool, 'otp', { phone_number: '+15555550121', phone_number_verified: 'true' });
    await createUsers(pool, 'late');
    await createUsers(pool, 'keys');
  });

  it('preferred PASSWORD: signs in at once; wrong and missing passwords', async () => {
    const out = await expectSame(async (lib, username) => {
      const missing = await outcome(lib.api.signIn({ username, options: { ...USER_AUTH, preferredChallenge: 'PASSWORD' } }));
      const bad = await outcome(lib.api.signIn({ username, password: 'Wr0ng-Horse!', options: { ...USER_AUTH, preferredChallenge: 'PASSWORD' } }));
      const done = await lib.api.signIn({ username, password: PASSWORD, options: { ...USER_AUTH, preferredChallenge: 'PASSWORD' } });
      const user = await lib.api.getCurrentUser();
      const session = await lib.api.fetchAuthSession();
      const again = await outcome(lib.api.signIn({ username, password: PASSWORD, options: { ...USER_AUTH, preferredChallenge: 'PASSWORD' } }));
      await lib.api.signOut();
      return { missing, bad, done, user, claims: Object.keys(session.tokens!.idToken!.payload).sort(), again };
    }, 'pw');
    expect(out.result).toMatchObject({
      missing: { error: 'EmptySignInPassword' },
      bad: { error: 'NotAuthorizedException' },
      done: { isSignedIn: true, nextStep: { signInStep: 'DONE' } },
      user: { signInDetails: { authFlowType: 'USER_AUTH' } },
      again: { error: 'UserAlreadyAuthenticatedException' },
    });
    expect(out.events).toEqual(['signedIn', 'signedOut']);
  });

  it('preferred PASSWORD_SRP: the password verifier inside USER_AUTH', async () => {
    const out = await expectSame(async (lib, username) => {
      const bad = await outcome(lib.api.signIn({ username, password: 'Wr0ng-Horse!', options: { ...USER_AUTH, preferredChallenge: 'PASSWORD_SRP' } }));
      const done = await lib.api.signIn({ username, password: PASSWORD, options: { ...USER_AUTH, preferredChallenge: 'PASSWORD_SRP' } });
      const user = await lib.api.getCurrentUser();
      await lib.api.signOut();
      return { bad, done, user };
    }, 'srp');
    expect(out.result).toMatchObject({
      bad: { error: 'NotAuthorizedException' },
      done: { isSignedIn: true, nextStep: { signInStep: 'DONE' } },
      user: { signInDetails: { authFlowType: 'USER_AUTH' } },
    });
  });

  it('selection: availableChallenges, then PASSWORD, PASSWORD_SRP, EMAIL_OTP and SMS_OTP chosen', async () => {
    const out = await expectSame(async (lib, username) => {
      const selection = await lib.api.signIn({ username, options: USER_AUTH });
      const password = await lib.api.confirmSignIn({ challengeResponse: 'PASSWORD' });
      const wrongPassword = await outcome(lib.api.confirmSignIn({ challengeResponse: 'Wr0ng-Horse!' }));
      await lib.api.signIn({ username, options: USER_AUTH });
      await lib.api.confirmSignIn({ challengeResponse: 'PASSWORD' });
      const passwordDone = await lib.api.confirmSignIn({ challengeResponse: PASSWORD });
      await lib.api.signOut();

      await lib.api.signIn({ username, options: USER_AUTH });
      const srp = await lib.api.confirmSignIn({ challengeResponse: 'PASSWORD_SRP' });
      const srpDone = await lib.api.confirmSignIn({ challengeResponse: PASSWORD });
      await lib.api.signOut();

      await lib.api.signIn({ username, options: USER_AUTH });
      const email = await lib.api.confirmSignIn({ challengeResponse: 'EMAIL_OTP' });
      const emailCode = await code(pool, username);
      const mismatch = await outcome(lib.api.confirmSignIn({ challengeResponse: wrong(emailCode) }));
      const emailDone = await lib.api.confirmSignIn({ challengeResponse: emailCode });
      await lib.api.signOut();

      await lib.api.signIn({ username, options: USER_AUTH });
      const sms = await lib.api.confirmSignIn({ challengeResponse: 'SMS_OTP' });
      const smsDone = await lib.api.confirmSignIn({ challengeResponse: await code(pool, username) });
      await lib.api.signOut();

      await lib.api.signIn({ username, options: USER_AUTH });
      const unknown = await outcome(lib.api.confirmSignIn({ challengeResponse: 'PIGEON' }));
      const noPasskey = await outcome(lib.api.confirmSignIn({ challengeResponse: 'WEB_AUTHN' }));
      return {
        selection,
        password,
        wrongPassword,
        passwordDone,
        srp,
        srpDone,
        email,
        eightDigits: /^\d{8}$/.test(emailCode),
        mismatch,
        emailDone,
        sms,
        smsDone,
        unknown,
        noPasskey,
      };
    }, 'select');
    expect(out.result).toMatchObject({
      selection: {
        isSignedIn: false,
        nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['PASSWORD_SRP', 'PASSWORD', 'EMAIL_OTP', 'SMS_OTP'] },
      },
      password: { nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_PASSWORD' } },
      wrongPassword: { error: 'NotAuthorizedException' },
      passwordDone: { isSignedIn: true },
      srp: { nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_PASSWORD' } },
      srpDone: { isSignedIn: true },
      email: { nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', codeDeliveryDetails: { deliveryMedium: 'EMAIL' } } },
      eightDigits: true,
      mismatch: { error: 'CodeMismatchException' },
      emailDone: { isSignedIn: true },
      sms: { nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_SMS_CODE', codeDeliveryDetails: { deliveryMedium: 'SMS' } } },
      smsDone: { isSignedIn: true },
      unknown: { error: 'InvalidParameterException' },
    });
    expect(out.events).toEqual(['signedIn', 'signedOut', 'signedIn', 'signedOut', 'signedIn', 'signedOut', 'signedIn', 'signedOut']);
  });

  it('preferred EMAIL_OTP and SMS_OTP go straight to the code; WEB_AUTHN without a passkey falls back to selection', async () => {
    const out = await expectSame(async (lib, username) => {
      const email = await lib.api.signIn({ username, options: { ...USER_AUTH, preferredChallenge: 'EMAIL_OTP' } });
      const emailDone = await lib.api.confirmSignIn({ challengeResponse: await code(pool, username) });
      const signInDetails = (await lib.api.getCurrentUser()).signInDetails;
      await lib.api.signOut();
      const sms = await lib.api.signIn({ username, options: { ...USER_AUTH, preferredChallenge: 'SMS_OTP' } });
      const smsDone = await lib.api.confirmSignIn({ challengeResponse: await code(pool, username) });
      await lib.api.signOut();
      const passkey = await lib.api.signIn({ username, options: { ...USER_AUTH, preferredChallenge: 'WEB_AUTHN' } });
      return { email, emailDone, signInDetails, sms, smsDone, passkey };
    }, 'otp');
    expect(out.result).toMatchObject({
      email: { nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', codeDeliveryDetails: { deliveryMedium: 'EMAIL' } } },
      emailDone: { isSignedIn: true },
      signInDetails: { authFlowType: 'USER_AUTH' },
      sms: { nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_SMS_CODE', codeDeliveryDetails: { deliveryMedium: 'SMS' } } },
      smsDone: { isSignedIn: true },
      passkey: { nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION' } },
    });
    expect((out.result as { passkey: { nextStep: { availableChallenges: string[] } } }).passkey.nextStep.availableChallenges).not.toContain('WEB_AUTHN');
  });

  it('errors: an expired session, a code after it, and no pending sign-in', async () => {
    const out = await expectSame(async (lib, username) => {
      await lib.api.signIn({ username, options: { ...USER_AUTH, preferredChallenge: 'EMAIL_OTP' } });
      const emailCode = await code(pool, username);
      await clock(181);
      const late = await outcome(lib.api.confirmSignIn({ challengeResponse: emailCode }));
      await clock(0);
      const selection = await lib.api.signIn({ username, options: USER_AUTH });
      await clock(181);
      const lateChoice = await outcome(lib.api.confirmSignIn({ challengeResponse: 'EMAIL_OTP' }));
      await clock(0);
      const fresh = await lib.api.signIn({ username, options: { ...USER_AUTH, preferredChallenge: 'EMAIL_OTP' } });
      const done = await lib.api.confirmSignIn({ challengeResponse: await code(pool, username) });
      await lib.api.signOut();
      const nothingPending = await outcome(lib.api.confirmSignIn({ challengeResponse: '12345678' }));
      return { late, selection, lateChoice, fresh, done, nothingPending };
    }, 'late');
    expect(out.result).toMatchObject({
      late: { error: 'NotAuthorizedException' },
      lateChoice: { error: 'NotAuthorizedException' },
      done: { isSignedIn: true },
      nothingPending: { error: 'SignInException' },
    });
  });

  it('a preferred challenge the configuration disables is InvalidPreferredChallenge; the configured one is the default', async () => {
    configure({ passwordless: { emailOtpEnabled: true, smsOtpEnabled: false, preferredChallenge: 'EMAIL_OTP' } });
    try {
      const out = await expectSame(async (lib, username) => {
        const sms = await outcome(lib.api.signIn({ username, options: { ...USER_AUTH, preferredChallenge: 'SMS_OTP' } }));
        const passkey = await outcome(lib.api.signIn({ username, options: { ...USER_AUTH, preferredChallenge: 'WEB_AUTHN' } }));
        const configured = await lib.api.signIn({ username, options: USER_AUTH });
        const done = await lib.api.confirmSignIn({ challengeResponse: await code(pool, username) });
        await lib.api.signOut();
        return { sms, passkey, configured, done };
      }, 'otp');
      expect(out.result).toMatchObject({
        sms: { error: 'InvalidPreferredChallenge' },
        passkey: { error: 'InvalidPreferredChallenge' },
        configured: { nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE' } },
        done: { isSignedIn: true },
      });
    } finally {
      configure();
    }
  });
});

describe('passwordless sign-up and autoSignIn', () => {
  it('signs up without a password; confirmSignUp arms autoSignIn; the sign-in after it', async () => {
    const [a, c] = await both(async (lib: Lib, username) => {
      const up = await lib.api.signUp({ username, options: { userAttributes: { email: `${username}@example.com` }, autoSignIn: USER_AUTH } });
      const confirmed = await lib.api.confirmSignUp({ username, confirmationCode: await code(pool, username) });
      const auto = await lib.api.autoSignIn();
      let afterAuto: unknown = auto;
      if (!auto.isSignedIn && auto.nextStep.signInStep === 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION') {
        await lib.api.confirmSignIn({ challengeResponse: 'EMAIL_OTP' });
        afterAuto = await lib.api.confirmSignIn({ challengeResponse: await code(pool, username) });
      }
      const user = await lib.api.getCurrentUser();
      const attributes = await lib.api.fetchUserAttributes();
      await reset(lib);
      const later = await lib.api.signIn({ username, options: USER_AUTH });
      const noPassword = await outcome(lib.api.signIn({ username, options: { ...USER_AUTH, preferredChallenge: 'PASSWORD' } }));
      return { up, confirmed, auto, afterAuto, user, verified: attributes.email_verified, later, noPassword };
    }, 'newbie');
    const shared = {
      up: { isSignUpComplete: false, nextStep: { signUpStep: 'CONFIRM_SIGN_UP', codeDeliveryDetails: { deliveryMedium: 'EMAIL', attributeName: 'email' } } },
      confirmed: { isSignUpComplete: true, nextStep: { signUpStep: 'COMPLETE_AUTO_SIGN_IN' } },
      afterAuto: { isSignedIn: true, nextStep: { signInStep: 'DONE' } },
      user: { signInDetails: { authFlowType: 'USER_AUTH' } },
      verified: 'true',
      later: { nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', availableChallenges: ['EMAIL_OTP'] } },
    };
    // cognate passes SignUp's Session to ConfirmSignUp and signs in with the one it returns: DONE at once.
    expect(c).toMatchObject({ result: { ...shared, auto: { isSignedIn: true, nextStep: { signInStep: 'DONE' } } }, events: ['signedIn', 'signedOut'] });
    // aws-amplify 6.21.1 sends no Session with ConfirmSignUp, gets none back, and its autoSignIn is a
    // plain USER_AUTH sign-in (first-factor selection; one more email code).
    expect(a).toMatchObject({
      result: { ...shared, auto: { isSignedIn: false, nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION' } } },
      events: ['signedIn', 'signedOut'],
    });
    expect((c as { result: { noPassword: unknown } }).result.noPassword).toEqual((a as { result: { noPassword: unknown } }).result.noPassword);
  });

  it('autoSignIn with a preferred EMAIL_OTP challenge', async () => {
    const [a, c] = await both(async (lib: Lib, username) => {
      // Amplify debounces autoSignIn for 300 ms across calls: a call sooner than that after the last one never settles.
      await new Promise(resolve => setTimeout(resolve, 350));
      await lib.api.signUp({
        username,
        options: { userAttributes: { email: `${username}@example.com` }, autoSignIn: { ...USER_AUTH, preferredChallenge: 'EMAIL_OTP' } },
      });
      await lib.api.confirmSignUp({ username, confirmationCode: await code(pool, username) });
      const auto = await lib.api.autoSignIn();
      const afterAuto = auto.isSignedIn ? auto : await lib.api.confirmSignIn({ challengeResponse: await code(pool, username) });
      const again = await outcome(lib.api.autoSignIn());
      await reset(lib);
      return { auto, afterAuto, again };
    }, 'newbie2');
    expect(c).toMatchObject({ result: { auto: { isSignedIn: true }, afterAuto: { isSignedIn: true }, again: { error: 'AutoSignInException' } } });
    expect(a).toMatchObject({
      result: {
        auto: { nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE' } },
        afterAuto: { isSignedIn: true },
        again: { error: 'AutoSignInException' },
      },
    });
  });
});

describe('passkeys where there is no WebAuthn (Node)', () => {
  it('associateWebAuthnCredential and WEB_AUTHN sign-in are PasskeyNotSupported; list (paginated) and delete work', async () => {
    const keys: Record<string, SoftAuthenticator[]> = {};
    for (const prefix of ['amp', 'cog']) {
      keys[prefix] = [await registerSoftPasskey(`${prefix}-keys`), await registerSoftPasskey(`${prefix}-keys`)];
    }
    const out = await expectSame(async (lib, username) => {
      const signedOut = await outcome(lib.api.listWebAuthnCredentials());
      const passkey = await outcome(lib.api.signIn({ username, options: { ...USER_AUTH, preferredChallenge: 'WEB_AUTHN' } }));
      const selection = await lib.api.signIn({ username, options: USER_AUTH });
      const chosen = await outcome(lib.api.confirmSignIn({ challengeResponse: 'WEB_AUTHN' }));
      await lib.api.signIn({ username, password: PASSWORD, options: { ...USER_AUTH, preferredChallenge: 'PASSWORD' } });
      const register = await outcome(lib.api.associateWebAuthnCredential());
      const all = await lib.api.listWebAuthnCredentials();
      const shape = (list: typeof all) => ({ ...list, credentials: list.credentials.map(c => ({ ...c, credentialId: typeof c.credentialId })) });
      const first = await lib.api.listWebAuthnCredentials({ pageSize: 1 });
      const second = await lib.api.listWebAuthnCredentials({ pageSize: 1, nextToken: first.nextToken });
      const ids = [...first.credentials, ...second.credentials].map(c => c.credentialId).sort();
      const allIds = all.credentials.map(c => c.credentialId).sort();
      const mine = keys[lib.prefix]!.map(k => k.id).sort();
      await lib.api.deleteWebAuthnCredential({ credentialId: mine[0]! });
      const afterDelete = await lib.api.listWebAuthnCredentials();
      const missing = await outcome(lib.api.deleteWebAuthnCredential({ credentialId: mine[0]! }));
      await lib.api.deleteWebAuthnCredential({ credentialId: mine[1]! });
      const empty = await lib.api.listWebAuthnCredentials();
      await lib.api.signOut();
      const noneLeft = await lib.api.signIn({ username, options: { ...USER_AUTH, preferredChallenge: 'WEB_AUTHN' } });
      return {
        signedOut,
        passkey,
        selection,
        chosen,
        register,
        all: shape(all),
        first: { size: first.credentials.length, more: !!first.nextToken },
        second: { size: second.credentials.length, more: !!second.nextToken },
        pagesCoverAll: JSON.stringify(ids) === JSON.stringify(allIds),
        listedAreMine: JSON.stringify(allIds) === JSON.stringify(mine),
        afterDelete: afterDelete.credentials.length,
        missing,
        empty: shape(empty),
        noneLeft,
      };
    }, 'keys');
    expect(out.result).toMatchObject({
      signedOut: { error: 'UserUnAuthenticatedException' },
      passkey: { error: 'PasskeyNotSupported' },
      selection: { nextStep: { availableChallenges: ['PASSWORD_SRP', 'PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'] } },
      chosen: { error: 'PasskeyNotSupported' },
      register: { error: 'PasskeyNotSupported' },
      all: {
        credentials: [
          {
            credentialId: 'string',
            relyingPartyId: 'localhost',
            authenticatorAttachment: 'platform',
            authenticatorTransports: ['internal'],
            createdAt: '<date>',
          },
          {
            credentialId: 'string',
            relyingPartyId: 'localhost',
            authenticatorAttachment: 'platform',
            authenticatorTransports: ['internal'],
            createdAt: '<date>',
          },
        ],
      },
      first: { size: 1, more: true },
      second: { size: 1, more: false },
      pagesCoverAll: true,
      listedAreMine: true,
      afterDelete: 1,
      missing: { error: 'ResourceNotFoundException' },
      empty: { credentials: [] },
      noneLeft: { nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION' } },
    });
    expect(out.events).toEqual(['signedIn', 'signedOut']);
  });
});
