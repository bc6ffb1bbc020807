/**
 * MFA through cognate and the real aws-amplify against cognate-local: TOTP registered and used as an
 * authenticator app would (codes computed here from the shared secret, RFC 6238), SMS and email
 * codes, factor selection, MFA setup inside sign-in (TOTP and email), preferences; wrong codes
 * retried on the same session, reused TOTP codes, too many attempts and expired sessions.
 */
import { describe, expect, it } from 'vitest';
import { call } from './helpers.js';
import {
  clock,
  code,
  configureBoth,
  createPool,
  createUsers,
  env,
  expectSame,
  outcome,
  PASSWORD,
  reset,
  totp,
  useServer,
  wrong,
  type Pool,
} from './harness.js';

useServer();

const ALL_FACTORS = {
  MfaConfiguration: 'OPTIONAL',
  SmsMfaConfiguration: { SmsAuthenticationMessage: 'Your code is {####}' },
  SoftwareTokenMfaConfiguration: { Enabled: true },
  EmailMfaConfiguration: { Message: 'Your code is {####}' },
};

/** The parts of TOTP setup details that do not depend on the secret. */
function setupShape(details: { sharedSecret: string; getSetupUri(app: string, account?: string): URL }) {
  const hide = (uri: URL) => uri.toString().replace(details.sharedSecret, '<secret>');
  return {
    base32: /^[A-Z2-7]{16,}$/.test(details.sharedSecret),
    uri: hide(details.getSetupUri('Cognate')),
    uriWithAccount: hide(details.getSetupUri('Cognate', 'me@example.com')),
  };
}

describe('optional MFA: TOTP, SMS, email, selection', () => {
  let pool: Pool;

  it('setUp', async () => {
    pool = await createPool({}, ALL_FACTORS);
    configureBoth(pool);
    await createUsers(pool, 'totp');
    await createUsers(pool, 'select', { phone_number: '+15555550100', phone_number_verified: 'true' });
    await createUsers(pool, 'limits', { phone_number: '+15555550101', phone_number_verified: 'true' });
    await createUsers(pool, 'mail');
  });

  it('full TOTP scenario: setUpTOTP, verifyTOTPSetup, preference, sign-in with codes; wrong, reused and late codes', async () => {
    const out = await expectSame(async (lib, username) => {
      const first = await lib.api.signIn({ username, password: PASSWORD });
      const before = await lib.api.fetchMFAPreference();
      const details = await lib.api.setUpTOTP();
      const secret = details.sharedSecret;
      const emptyCode = await outcome(lib.api.verifyTOTPSetup({ code: '' }));
      const wrongVerify = await outcome(lib.api.verifyTOTPSetup({ code: totp(secret, 10) }));
      await lib.api.verifyTOTPSetup({ code: totp(secret), options: { friendlyDeviceName: 'phone' } });
      const enabledOnly = await lib.api.fetchMFAPreference();
      await lib.api.updateMFAPreference({ totp: 'PREFERRED' });
      const preferred = await lib.api.fetchMFAPreference();
      await lib.api.signOut();

      const challenged = await lib.api.signIn({ username, password: PASSWORD });
      const mismatch = await outcome(lib.api.confirmSignIn({ challengeResponse: totp(secret, 5) }));
      const good = totp(secret, 1);
      const done = await lib.api.confirmSignIn({ challengeResponse: good });
      const user = await lib.api.getCurrentUser();
      await lib.api.signOut();

      const again = await lib.api.signIn({ username, password: PASSWORD });
      const reused = await outcome(lib.api.confirmSignIn({ challengeResponse: good }));
      await clock(181);
      const late = await outcome(lib.api.confirmSignIn({ challengeResponse: totp(secret, 7) }));
      await clock(0);
      const signedOutPreference = await outcome(lib.api.fetchMFAPreference());
      return {
        first,
        before,
        setup: setupShape(details),
        emptyCode,
        wrongVerify,
        enabledOnly,
        preferred,
        challenged,
        mismatch,
        done,
        user,
        again,
        reused,
        late,
        signedOutPreference,
      };
    }, 'totp');
    expect(out.result).toMatchObject({
      setup: {
        base32: true,
        uri: 'otpauth://totp/Cognate:%22<lib>-totp%22?secret=<secret>&issuer=Cognate',
        uriWithAccount: 'otpauth://totp/Cognate:me@example.com?secret=<secret>&issuer=Cognate',
      },
      emptyCode: { error: 'EmptyVerifyTOTPSetupCode' },
      preferred: { preferred: 'TOTP', enabled: ['TOTP'] },
      challenged: { isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' } },
      mismatch: { error: 'CodeMismatchException' },
      done: { isSignedIn: true, nextStep: { signInStep: 'DONE' } },
      reused: { error: 'CodeMismatchException' },
      late: { error: 'NotAuthorizedException' },
      signedOutPreference: { error: 'UserUnAuthenticatedException' },
    });
    expect(out.events).toEqual(['signedIn', 'signedOut', 'signedIn', 'signedOut']);
  });

  it('selection between SMS and email, with a wrong code retried on the same session', async () => {
    for (const prefix of ['amp', 'cog']) {
      await call(env.url, 'AdminSetUserMFAPreference', {
        UserPoolId: pool.userPoolId,
        Username: `${prefix}-select`,
        SMSMfaSettings: { Enabled: true },
        EmailMfaSettings: { Enabled: true },
      });
    }
    const out = await expectSame(async (lib, username) => {
      const selection = await lib.api.signIn({ username, password: PASSWORD });
      const bad = await outcome(lib.api.confirmSignIn({ challengeResponse: 'PIGEON' }));
      const sms = await lib.api.confirmSignIn({ challengeResponse: 'SMS' });
      const mismatch = await outcome(lib.api.confirmSignIn({ challengeResponse: wrong(await code(pool, username)) }));
      const done = await lib.api.confirmSignIn({ challengeResponse: await code(pool, username) });
      const preference = await lib.api.fetchMFAPreference();
      await lib.api.signOut();
      await lib.api.signIn({ username, password: PASSWORD });
      const email = await lib.api.confirmSignIn({ challengeResponse: 'EMAIL' });
      const emailDone = await lib.api.confirmSignIn({ challengeResponse: await code(pool, username) });
      await lib.api.signOut();
      return { selection, bad, sms, mismatch, done, preference, email, emailDone };
    }, 'select');
    expect(out.result).toMatchObject({
      selection: { nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SELECTION', allowedMFATypes: ['SMS', 'EMAIL'] } },
      bad: { error: 'IncorrectMFAMethod' },
      sms: { nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_SMS_CODE', codeDeliveryDetails: { deliveryMedium: 'SMS' } } },
      mismatch: { error: 'CodeMismatchException' },
      done: { isSignedIn: true },
      preference: { enabled: ['SMS', 'EMAIL'] },
      email: { nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', codeDeliveryDetails: { deliveryMedium: 'EMAIL' } } },
      emailDone: { isSignedIn: true },
    });
  });

  it('SMS: three wrong codes end the sign-in; the right code is then refused', async () => {
    for (const prefix of ['amp', 'cog']) {
      await call(env.url, 'AdminSetUserMFAPreference', {
        UserPoolId: pool.userPoolId,
        Username: `${prefix}-limits`,
        SMSMfaSettings: { Enabled: true, PreferredMfa: true },
      });
    }
    const out = await expectSame(async (lib, username) => {
      const step = await lib.api.signIn({ username, password: PASSWORD });
      const right = await code(pool, username);
      const tries = [];
      for (let i = 0; i < 3; i++) tries.push(await outcome(lib.api.confirmSignIn({ challengeResponse: wrong(right) })));
      const after = await outcome(lib.api.confirmSignIn({ challengeResponse: right }));
      // A new sign-in works.
      await lib.api.signIn({ username, password: PASSWORD }).catch(async () => {
        await reset(lib);
        return lib.api.signIn({ username, password: PASSWORD });
      });
      const done = await lib.api.confirmSignIn({ challengeResponse: await code(pool, username) });
      await lib.api.signOut();
      return { step, tries, after, done };
    }, 'limits');
    expect(out.result).toMatchObject({
      step: { nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_SMS_CODE' } },
      tries: [{ error: 'CodeMismatchException' }, { error: 'CodeMismatchException' }, { error: 'NotAuthorizedException' }],
      after: { error: 'NotAuthorizedException' },
      done: { isSignedIn: true },
    });
  });

  it('updateMFAPreference turns email MFA on (preferred) and off', async () => {
    const out = await expectSame(async (lib, username) => {
      await lib.api.signIn({ username, password: PASSWORD });
      await lib.api.updateMFAPreference({ email: 'PREFERRED', sms: 'DISABLED' });
      const on = await lib.api.fetchMFAPreference();
      await lib.api.signOut();
      const step = await lib.api.signIn({ username, password: PASSWORD });
      const done = await lib.api.confirmSignIn({ challengeResponse: await code(pool, username) });
      await lib.api.updateMFAPreference({ email: 'NOT_PREFERRED' });
      const notPreferred = await lib.api.fetchMFAPreference();
      await lib.api.updateMFAPreference({ email: 'DISABLED' });
      const off = await lib.api.fetchMFAPreference();
      const smsWithoutPhone = await outcome(lib.api.updateMFAPreference({ sms: 'ENABLED' }));
      await lib.api.signOut();
      const plain = await lib.api.signIn({ username, password: PASSWORD });
      await lib.api.signOut();
      return { on, step, done, notPreferred, off, smsWithoutPhone, plain };
    }, 'mail');
    expect(out.result).toMatchObject({
      on: { preferred: 'EMAIL', enabled: ['EMAIL'] },
      step: { nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE' } },
      done: { isSignedIn: true },
      notPreferred: { enabled: ['EMAIL'] },
      off: {},
      plain: { isSignedIn: true },
    });
  });
});

describe('required MFA: setup inside sign-in', () => {
  let both: Pool;
  let totpOnly: Pool;

  it('setUp', async () => {
    both = await createPool(
      {},
      { MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true }, EmailMfaConfiguration: { Message: 'Your code is {####}' } },
    );
    totpOnly = await createPool({}, { MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } });
    await createUsers(both, 'pick-email');
    await createUsers(both, 'pick-totp');
    await createUsers(totpOnly, 'totp-setup');
  });

  it('CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION → EMAIL → CONTINUE_SIGN_IN_WITH_EMAIL_SETUP → code', async () => {
    configureBoth(both);
    const out = await expectSame(async (lib, username) => {
      const selection = await lib.api.signIn({ username, password: PASSWORD });
      const chooseEmail = await lib.api.confirmSignIn({ challengeResponse: 'EMAIL' });
      const notAnEmail = await outcome(lib.api.confirmSignIn({ challengeResponse: 'not-an-address' }));
      const sent = await lib.api.confirmSignIn({ challengeResponse: `${username}.mfa@example.com` });
      const mismatch = await outcome(lib.api.confirmSignIn({ challengeResponse: wrong(await code(both, username)) }));
      const done = await lib.api.confirmSignIn({ challengeResponse: await code(both, username) });
      const attributes = await lib.api.fetchUserAttributes();
      const preference = await lib.api.fetchMFAPreference();
      await lib.api.signOut();
      const next = await lib.api.signIn({ username, password: PASSWORD });
      return { selection, chooseEmail, notAnEmail, sent, mismatch, done, email: attributes.email, preference, next };
    }, 'pick-email');
    expect(out.result).toMatchObject({
      selection: { nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION', allowedMFATypes: ['TOTP', 'EMAIL'] } },
      chooseEmail: { nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_EMAIL_SETUP' } },
      notAnEmail: { error: 'SignInException' },
      sent: { nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE' } },
      mismatch: { error: 'CodeMismatchException' },
      done: { isSignedIn: true },
      email: '<lib>-pick-email.mfa@example.com',
      preference: { preferred: 'EMAIL' },
      next: { nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE' } },
    });
  });

  it('MFA_SETUP selection → TOTP → CONTINUE_SIGN_IN_WITH_TOTP_SETUP (AssociateSoftwareToken with the session) → code', async () => {
    configureBoth(both);
    const out = await expectSame(async (lib, username) => {
      await lib.api.signIn({ username, password: PASSWORD });
      const chooseTotp = await lib.api.confirmSignIn({ challengeResponse: 'TOTP' });
      const details = (chooseTotp.nextStep as { totpSetupDetails: { sharedSecret: string; getSetupUri(a: string, b?: string): URL } }).totpSetupDetails;
      const badCode = await outcome(lib.api.confirmSignIn({ challengeResponse: totp(details.sharedSecret, 10) }));
      const done = await lib.api.confirmSignIn({ challengeResponse: totp(details.sharedSecret), options: { friendlyDeviceName: 'phone' } });
      await lib.api.signOut();
      const next = await lib.api.signIn({ username, password: PASSWORD });
      const nextDone = await lib.api.confirmSignIn({ challengeResponse: totp(details.sharedSecret, 1) });
      await lib.api.signOut();
      return { chooseTotp, setup: setupShape(details), badCode, done, next, nextDone };
    }, 'pick-totp');
    expect(out.result).toMatchObject({
      chooseTotp: { nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP', totpSetupDetails: { sharedSecret: '<sharedSecret>' } } },
      setup: { base32: true, uri: 'otpauth://totp/Cognate:<lib>-pick-totp?secret=<secret>&issuer=Cognate' },
      done: { isSignedIn: true },
      next: { nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_TOTP_CODE' } },
      nextDone: { isSignedIn: true },
    });
    expect((out.result as { badCode: { error?: string } }).badCode.error).toBe('EnableSoftwareTokenMFAException');
  });

  it('TOTP the only factor: signIn goes straight to CONTINUE_SIGN_IN_WITH_TOTP_SETUP', async () => {
    configureBoth(totpOnly);
    const out = await expectSame(async (lib, username) => {
      const step = await lib.api.signIn({ username, password: PASSWORD });
      const secret = (step.nextStep as { totpSetupDetails: { sharedSecret: string } }).totpSetupDetails.sharedSecret;
      const done = await lib.api.confirmSignIn({ challengeResponse: totp(secret) });
      await lib.api.signOut();
      return { step, done };
    }, 'totp-setup');
    expect(out.result).toMatchObject({ step: { nextStep: { signInStep: 'CONTINUE_SIGN_IN_WITH_TOTP_SETUP' } }, done: { isSignedIn: true } });
    expect(out.events).toEqual(['signedIn', 'signedOut']);
  });
});
