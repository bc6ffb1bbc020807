/**
 * Passwords and attributes through cognate and the real aws-amplify against cognate-local:
 * resetPassword / confirmResetPassword (wrong, expired, reused codes, too many attempts, the pool's
 * policy), the RESET_PASSWORD sign-in step after AdminResetUserPassword, updatePassword (policy and
 * history), attribute updates with verification codes, attribute deletion and deleteUser.
 */
import { describe, expect, it } from 'vitest';
import { call } from './helpers.js';
import { clock, code, configureBoth, createPool, createUsers, env, expectSame, outcome, PASSWORD, useServer, wrong, type Pool } from './harness.js';

useServer();

let pool: Pool;

it('setUp', async () => {
  pool = await createPool({ Policies: { PasswordPolicy: { MinimumLength: 8, RequireNumbers: true, PasswordHistorySize: 2 } } });
  configureBoth(pool);
  for (const name of ['reset', 'expired', 'limits', 'admin', 'update', 'attrs', 'attr-limits', 'deleted']) await createUsers(pool, name);
});

describe('passwords', () => {
  it('resetPassword → CONFIRM_RESET_PASSWORD_WITH_CODE → confirmResetPassword; wrong code, weak password, code reuse', async () => {
    const out = await expectSame(async (lib, username) => {
      const empty = await outcome(lib.api.resetPassword({ username: '' }));
      const started = await lib.api.resetPassword({ username });
      const right = await code(pool, username);
      const validation = [
        await outcome(lib.api.confirmResetPassword({ username: '', newPassword: 'Brandnew1', confirmationCode: right })),
        await outcome(lib.api.confirmResetPassword({ username, newPassword: '', confirmationCode: right })),
        await outcome(lib.api.confirmResetPassword({ username, newPassword: 'Brandnew1', confirmationCode: '' })),
      ];
      const mismatch = await outcome(lib.api.confirmResetPassword({ username, newPassword: 'Brandnew1', confirmationCode: wrong(right) }));
      const weak = await outcome(lib.api.confirmResetPassword({ username, newPassword: 'weak', confirmationCode: right }));
      const done = await outcome(lib.api.confirmResetPassword({ username, newPassword: 'Brandnew1', confirmationCode: right }));
      const oldPassword = await outcome(lib.api.signIn({ username, password: PASSWORD }));
      const newPassword = await lib.api.signIn({ username, password: 'Brandnew1' });
      await lib.api.signOut();
      const reused = await outcome(lib.api.confirmResetPassword({ username, newPassword: 'Brandnew2', confirmationCode: right }));
      const unknown = await outcome(lib.api.resetPassword({ username: `${username}-nobody` }));
      return { empty, started, validation, mismatch, weak, done, oldPassword, newPassword, reused, unknown };
    }, 'reset');
    expect(out.result).toMatchObject({
      empty: { error: 'EmptyResetPasswordUsername' },
      started: {
        isPasswordReset: false,
        nextStep: { resetPasswordStep: 'CONFIRM_RESET_PASSWORD_WITH_CODE', codeDeliveryDetails: { deliveryMedium: 'EMAIL', attributeName: 'email' } },
      },
      validation: [
        { error: 'EmptyConfirmResetPasswordUsername' },
        { error: 'EmptyConfirmResetPasswordNewPassword' },
        { error: 'EmptyConfirmResetPasswordConfirmationCode' },
      ],
      mismatch: { error: 'CodeMismatchException' },
      weak: { error: 'InvalidPasswordException' },
      oldPassword: { error: 'NotAuthorizedException' },
      newPassword: { isSignedIn: true },
      reused: { error: 'CodeMismatchException' },
      unknown: { error: 'UserNotFoundException' },
    });
    expect(out.events).toEqual(['signedIn', 'signedOut']);
  });

  it('an expired reset code → ExpiredCodeException; too many wrong codes → TooManyFailedAttemptsException', async () => {
    const expired = await expectSame(async (lib, username) => {
      await lib.api.resetPassword({ username });
      const right = await code(pool, username);
      await clock(3601);
      const late = await outcome(lib.api.confirmResetPassword({ username, newPassword: 'Brandnew1', confirmationCode: right }));
      await clock(0);
      return { late };
    }, 'expired');
    expect(expired.result).toEqual({ late: { error: 'ExpiredCodeException' } });
    const limits = await expectSame(async (lib, username) => {
      await lib.api.resetPassword({ username });
      const right = await code(pool, username);
      const tries = [];
      for (let i = 0; i < 5; i++)
        tries.push(await outcome(lib.api.confirmResetPassword({ username, newPassword: 'Brandnew1', confirmationCode: wrong(right) })));
      const after = await outcome(lib.api.confirmResetPassword({ username, newPassword: 'Brandnew1', confirmationCode: right }));
      return { tries, after };
    }, 'limits');
    expect(limits.result).toMatchObject({ tries: [...Array(4).fill({ error: 'CodeMismatchException' }), { error: 'TooManyFailedAttemptsException' }] });
  });

  it('AdminResetUserPassword → signIn gives RESET_PASSWORD (SRP and password flows) → reset → DONE', async () => {
    for (const prefix of ['amp', 'cog']) await call(env.url, 'AdminResetUserPassword', { UserPoolId: pool.userPoolId, Username: `${prefix}-admin` });
    const out = await expectSame(async (lib, username) => {
      const srp = await lib.api.signIn({ username, password: PASSWORD });
      const plain = await lib.api.signIn({ username, password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } });
      await lib.api.confirmResetPassword({ username, newPassword: 'Reset1234', confirmationCode: await code(pool, username) });
      const done = await lib.api.signIn({ username, password: 'Reset1234' });
      await lib.api.signOut();
      return { srp, plain, done };
    }, 'admin');
    expect(out.result).toMatchObject({
      srp: { isSignedIn: false, nextStep: { signInStep: 'RESET_PASSWORD' } },
      plain: { isSignedIn: false, nextStep: { signInStep: 'RESET_PASSWORD' } },
      done: { isSignedIn: true },
    });
  });

  it('updatePassword checks the old password, the policy and the history', async () => {
    const out = await expectSame(async (lib, username) => {
      const signedOut = await outcome(lib.api.updatePassword({ oldPassword: PASSWORD, newPassword: 'Second12' }));
      await lib.api.signIn({ username, password: PASSWORD });
      const empty = await outcome(lib.api.updatePassword({ oldPassword: '', newPassword: 'Second12' }));
      const badOld = await outcome(lib.api.updatePassword({ oldPassword: 'Nope12345', newPassword: 'Second12' }));
      const weak = await outcome(lib.api.updatePassword({ oldPassword: PASSWORD, newPassword: 'nonumbers' }));
      const changed = await outcome(lib.api.updatePassword({ oldPassword: PASSWORD, newPassword: 'Second12' }));
      const history = await outcome(lib.api.updatePassword({ oldPassword: 'Second12', newPassword: PASSWORD }));
      await lib.api.signOut();
      const withNew = await lib.api.signIn({ username, password: 'Second12' });
      await lib.api.signOut();
      return { signedOut, empty, badOld, weak, changed, history, withNew };
    }, 'update');
    expect(out.result).toMatchObject({
      signedOut: { error: 'UserUnAuthenticatedException' },
      empty: { error: 'EmptyUpdatePassword' },
      badOld: { error: 'NotAuthorizedException' },
      weak: { error: 'InvalidPasswordException' },
      history: { error: 'PasswordHistoryPolicyViolationException' },
      withNew: { isSignedIn: true },
    });
  });
});

describe('attributes', () => {
  it('updateUserAttributes → CONFIRM_ATTRIBUTE_WITH_CODE for email → confirmUserAttribute; updateUserAttribute; deleteUserAttributes', async () => {
    const out = await expectSame(async (lib, username) => {
      await lib.api.signIn({ username, password: PASSWORD });
      const updated = await lib.api.updateUserAttributes({ userAttributes: { email: `${username}.new@example.com`, name: 'Ada' } });
      const pending = await lib.api.fetchUserAttributes();
      const resent = await lib.api.sendUserAttributeVerificationCode({ userAttributeKey: 'email' });
      const right = await code(pool, username);
      const emptyCode = await outcome(lib.api.confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: '' }));
      const mismatch = await outcome(lib.api.confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: wrong(right) }));
      const confirmed = await outcome(lib.api.confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: right }));
      const reused = await outcome(lib.api.confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: right }));
      const verified = await lib.api.fetchUserAttributes();
      const one = await lib.api.updateUserAttribute({ userAttribute: { attributeKey: 'name', value: 'Grace' } });
      const unknown = await outcome(lib.api.updateUserAttribute({ userAttribute: { attributeKey: 'custom:nope', value: 'x' } }));
      const immutable = await outcome(lib.api.updateUserAttributes({ userAttributes: { sub: 'forged' } }));
      await lib.api.deleteUserAttributes({ userAttributeKeys: ['name'] });
      const after = await lib.api.fetchUserAttributes();
      await lib.api.signOut();
      const signedOut = await outcome(lib.api.updateUserAttributes({ userAttributes: { name: 'x' } }));
      return {
        updated,
        pending: { email: pending.email, email_verified: pending.email_verified, name: pending.name },
        resent,
        emptyCode,
        mismatch,
        confirmed,
        reused,
        verified: { email: verified.email, email_verified: verified.email_verified },
        one,
        unknown,
        immutable,
        nameAfter: after.name ?? null,
        signedOut,
      };
    }, 'attrs');
    expect(out.result).toMatchObject({
      updated: {
        email: {
          isUpdated: false,
          nextStep: { updateAttributeStep: 'CONFIRM_ATTRIBUTE_WITH_CODE', codeDeliveryDetails: { attributeName: 'email', deliveryMedium: 'EMAIL' } },
        },
        name: { isUpdated: true, nextStep: { updateAttributeStep: 'DONE' } },
      },
      pending: { email_verified: 'false', name: 'Ada' },
      resent: { attributeName: 'email', deliveryMedium: 'EMAIL' },
      emptyCode: { error: 'EmptyConfirmUserAttributeCode' },
      mismatch: { error: 'CodeMismatchException' },
      verified: { email: '<lib>-attrs.new@example.com', email_verified: 'true' },
      one: { isUpdated: true, nextStep: { updateAttributeStep: 'DONE' } },
      unknown: { error: 'InvalidParameterException' },
      immutable: { error: 'InvalidParameterException' },
      nameAfter: null,
      signedOut: { error: 'UserUnAuthenticatedException' },
    });
    expect((out.result as { reused: { error?: string } }).reused.error).toBe('CodeMismatchException');
  });

  it('too many wrong attribute codes burn the code', async () => {
    const out = await expectSame(async (lib, username) => {
      await lib.api.signIn({ username, password: PASSWORD });
      await lib.api.sendUserAttributeVerificationCode({ userAttributeKey: 'email' });
      const right = await code(pool, username);
      const tries = [];
      for (let i = 0; i < 5; i++) tries.push(await outcome(lib.api.confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: wrong(right) })));
      const after = await outcome(lib.api.confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: right }));
      await lib.api.signOut();
      return { tries, after };
    }, 'attr-limits');
    expect(out.result).toMatchObject({ tries: [...Array(4).fill({ error: 'CodeMismatchException' }), { error: 'TooManyFailedAttemptsException' }] });
    expect((out.result as { after: { error?: string } }).after.error).toBe('CodeMismatchException');
  });

  it('deleteUser deletes the account, signs out (Hub signedOut) and forgets the device keys', async () => {
    const out = await expectSame(async (lib, username) => {
      await lib.api.signIn({ username, password: PASSWORD });
      const deleted = await outcome(lib.api.deleteUser());
      const user = await outcome(lib.api.getCurrentUser());
      const again = await outcome(lib.api.signIn({ username, password: PASSWORD }));
      const stored = [...lib.storage.map.keys()].filter(k => /Token|LastAuthUser|device/i.test(k));
      const signedOut = await outcome(lib.api.deleteUser());
      return { deleted, user, again, stored, signedOut };
    }, 'deleted');
    expect(out).toMatchObject({
      result: {
        user: { error: 'UserUnAuthenticatedException' },
        again: { error: 'UserNotFoundException' },
        stored: [],
        signedOut: { error: 'UserUnAuthenticatedException' },
      },
      events: ['signedIn', 'signedOut'],
    });
  });
});
