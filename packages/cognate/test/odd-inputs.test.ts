/**
 * Each API called with missing or odd input (nothing, `{}`, `null`, and a few inputs with null
 * inside), signed out and signed in: cognate must throw what the real aws-amplify v6 throws (name
 * and message), or give what it gives, and send the scripted server on loopback the same requests.
 * Signed out, whether an API checks its input or the session first is part of what an app sees.
 */
import { describe, expect, it } from 'vitest';
import { both, type Lib, normalize, SUCCESS, scripted, signInFirst, useScriptedCognito } from './scripted-cognito.js';

useScriptedCognito();

// biome-ignore lint/suspicious/noExplicitAny: input outside the declared types, as plain JavaScript can pass
type Call = (lib: Lib, input: any) => Promise<unknown>;

const APIS: Record<string, Call> = {
  updatePassword: (lib, input) => lib.api.updatePassword(input),
  updateUserAttributes: (lib, input) => lib.api.updateUserAttributes(input),
  updateUserAttribute: (lib, input) => lib.api.updateUserAttribute(input),
  confirmUserAttribute: (lib, input) => lib.api.confirmUserAttribute(input),
  sendUserAttributeVerificationCode: (lib, input) => lib.api.sendUserAttributeVerificationCode(input),
  deleteUserAttributes: (lib, input) => lib.api.deleteUserAttributes(input),
  verifyTOTPSetup: (lib, input) => lib.api.verifyTOTPSetup(input),
  updateMFAPreference: (lib, input) => lib.api.updateMFAPreference(input),
  forgetDevice: (lib, input) => lib.api.forgetDevice(input),
  deleteWebAuthnCredential: (lib, input) => lib.api.deleteWebAuthnCredential(input),
  listWebAuthnCredentials: (lib, input) => lib.api.listWebAuthnCredentials(input),
  fetchUserAttributes: lib => lib.api.fetchUserAttributes(),
  fetchMFAPreference: lib => lib.api.fetchMFAPreference(),
  fetchDevices: lib => lib.api.fetchDevices(),
  rememberDevice: lib => lib.api.rememberDevice(),
  setUpTOTP: lib => lib.api.setUpTOTP(),
  deleteUser: lib => lib.api.deleteUser(),
  getCurrentUser: lib => lib.api.getCurrentUser(),
  signOut: (lib, input) => lib.api.signOut(input),
  fetchAuthSession: (lib, input) => lib.api.fetchAuthSession(input),
  signIn: (lib, input) => lib.api.signIn(input),
  signUp: (lib, input) => lib.api.signUp(input),
  confirmSignUp: (lib, input) => lib.api.confirmSignUp(input),
  resendSignUpCode: (lib, input) => lib.api.resendSignUpCode(input),
  resetPassword: (lib, input) => lib.api.resetPassword(input),
  confirmResetPassword: (lib, input) => lib.api.confirmResetPassword(input),
  confirmSignIn: (lib, input) => lib.api.confirmSignIn(input),
};

/** Inputs with null inside, per API. */
const NULL_INSIDE: Record<string, unknown[]> = {
  updatePassword: [
    { oldPassword: null, newPassword: null },
    { oldPassword: 'a', newPassword: null },
  ],
  updateUserAttributes: [{ userAttributes: null }],
  updateUserAttribute: [{ userAttribute: null }, { userAttribute: { attributeKey: 'name', value: null } }],
  confirmUserAttribute: [
    { userAttributeKey: 'email', confirmationCode: null },
    { userAttributeKey: null, confirmationCode: '1' },
  ],
  sendUserAttributeVerificationCode: [{ userAttributeKey: null }],
  deleteUserAttributes: [{ userAttributeKeys: null }],
  verifyTOTPSetup: [{ code: null }],
  updateMFAPreference: [{ sms: null, totp: null }],
  forgetDevice: [{ device: null }],
  deleteWebAuthnCredential: [{ credentialId: null }],
};

/** What is compared of a result: its JSON, or of a TypeError only the name (its text is the engine's, worded after the code's shape). */
function comparable(result: unknown): unknown {
  const value = JSON.parse(JSON.stringify(result) ?? 'null');
  return value?.name === 'TypeError' ? { name: 'TypeError' } : value;
}

describe('signed out, odd input: the same error as aws-amplify', () => {
  for (const [api, call] of Object.entries(APIS)) {
    it(api, async () => {
      const inputs = [undefined, {}, null, ...(NULL_INSIDE[api] ?? [])];
      const seen: [unknown, unknown][] = [];
      for (const input of inputs) {
        const [a, c] = await both(lib => call(lib, input));
        seen.push([
          { input, result: comparable(a.result), requests: a.requests },
          { input, result: comparable(c.result), requests: c.requests },
        ]);
      }
      expect(seen.map(([, c]) => c)).toEqual(seen.map(([a]) => a));
    });
  }
});

describe('signed in, odd input: the same result or error, and the same requests, as aws-amplify', () => {
  for (const [api, call] of Object.entries(APIS)) {
    it(api, async () => {
      const inputs = [undefined, {}, null, ...(NULL_INSIDE[api] ?? [])];
      const seen: [unknown, unknown][] = [];
      for (const input of inputs) {
        scripted.answers = SUCCESS;
        const [a, c] = await both(lib => call(lib, input), signInFirst);
        seen.push([
          { input, result: comparable(a.result), requests: normalize(a.requests), keys: a.keys },
          { input, result: comparable(c.result), requests: normalize(c.requests), keys: c.keys },
        ]);
      }
      expect(seen.map(([, c]) => c)).toEqual(seen.map(([a]) => a));
    });
  }
});
