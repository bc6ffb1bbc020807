/**
 * A JavaScript caller passing `null` for optional fields (`options`, `clientMetadata`, user
 * attributes, validation data, …): cognate must send Cognito the same request bodies as the real
 * aws-amplify v6 for the same call (recorded by a scripted server on loopback), and give the app the
 * same result or error.
 */
import { describe, expect, it } from 'vitest';
import { both, json, type Lib, normalize, SUCCESS, scripted, signInFirst, useScriptedCognito } from './scripted-cognito.js';

useScriptedCognito();

const challengeFirst = async (lib: Lib) => {
  scripted.answers = { InitiateAuth: () => json({ ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 'sess', ChallengeParameters: {} }) };
  await lib.api.signIn({ username: 'u', password: 'p', options: { authFlowType: 'USER_PASSWORD_AUTH' } });
};
/** A sign-in left at `name`, with `parameters`. */
const challenge = (name: string, parameters: Record<string, string>) => async (lib: Lib) => {
  scripted.answers = { ...SUCCESS, InitiateAuth: () => json({ ChallengeName: name, Session: 'sess', ChallengeParameters: parameters }) };
  await lib.api.signIn({ username: 'u', password: 'p', options: { authFlowType: 'USER_PASSWORD_AUTH' } });
};

// Passing null where the types say `T | undefined`, as plain JavaScript can.
// biome-ignore lint/suspicious/noExplicitAny: the point is input outside the declared types
const N = null as any;

/** Each call with nulls, and what must happen first (signed in, or a sign-in challenge pending). */
const CALLS: Record<string, [(lib: Lib) => Promise<unknown>, ((lib: Lib) => Promise<unknown>)?]> = {
  'signUp, options null': [lib => lib.api.signUp({ username: 'u', password: 'p', options: N })],
  'signUp, each option null': [
    lib => lib.api.signUp({ username: 'u', password: 'p', options: { userAttributes: N, validationData: N, clientMetadata: N, autoSignIn: N } }),
  ],
  'signUp, an attribute null': [lib => lib.api.signUp({ username: 'u', password: 'p', options: { userAttributes: { email: 'u@example.com', name: N } } })],
  'signUp → confirmSignUp → autoSignIn, with nulls in the auto sign-in options': [
    async lib => [
      await lib.api.signUp({ username: 'u', password: 'p', options: { clientMetadata: N, autoSignIn: { authFlowType: N, clientMetadata: N } } }),
      await lib.api.confirmSignUp({ username: 'u', confirmationCode: '123456', options: { clientMetadata: N } }),
      await lib.api.autoSignIn(),
    ],
  ],
  'signIn USER_AUTH with PASSWORD, clientMetadata null': [
    lib => lib.api.signIn({ username: 'u', password: 'p', options: { authFlowType: 'USER_AUTH', preferredChallenge: 'PASSWORD', clientMetadata: N } }),
  ],
  'signUp, password null': [lib => lib.api.signUp({ username: 'u', password: N })],
  'confirmSignUp, options null': [lib => lib.api.confirmSignUp({ username: 'u', confirmationCode: '123456', options: N })],
  'confirmSignUp, each option null': [
    lib => lib.api.confirmSignUp({ username: 'u', confirmationCode: '123456', options: { clientMetadata: N, forceAliasCreation: N } }),
  ],
  'resendSignUpCode, options null': [lib => lib.api.resendSignUpCode({ username: 'u', options: N })],
  'resendSignUpCode, clientMetadata null': [lib => lib.api.resendSignUpCode({ username: 'u', options: { clientMetadata: N } })],
  'signIn (SRP), options null': [lib => lib.api.signIn({ username: 'u', password: 'p', options: N })],
  'signIn (SRP), clientMetadata null': [lib => lib.api.signIn({ username: 'u', password: 'p', options: { clientMetadata: N } })],
  'signIn (password), clientMetadata null': [
    lib => lib.api.signIn({ username: 'u', password: 'p', options: { authFlowType: 'USER_PASSWORD_AUTH', clientMetadata: N } }),
  ],
  'signIn, authFlowType null': [lib => lib.api.signIn({ username: 'u', password: 'p', options: { authFlowType: N } })],
  'confirmSignIn, options null': [lib => lib.api.confirmSignIn({ challengeResponse: '123456', options: N }), challengeFirst],
  'confirmSignIn, clientMetadata null': [lib => lib.api.confirmSignIn({ challengeResponse: '123456', options: { clientMetadata: N } }), challengeFirst],
  'resetPassword, options null': [lib => lib.api.resetPassword({ username: 'u', options: N })],
  'resetPassword, clientMetadata null': [lib => lib.api.resetPassword({ username: 'u', options: { clientMetadata: N } })],
  'confirmResetPassword, options null': [lib => lib.api.confirmResetPassword({ username: 'u', newPassword: 'p2', confirmationCode: '1', options: N })],
  'confirmResetPassword, clientMetadata null': [
    lib => lib.api.confirmResetPassword({ username: 'u', newPassword: 'p2', confirmationCode: '1', options: { clientMetadata: N } }),
  ],
  'updateUserAttributes, options null': [lib => lib.api.updateUserAttributes({ userAttributes: { name: 'N' }, options: N }), signInFirst],
  'updateUserAttributes, clientMetadata null': [
    lib => lib.api.updateUserAttributes({ userAttributes: { name: 'N' }, options: { clientMetadata: N } }),
    signInFirst,
  ],
  'updateUserAttributes, an attribute null': [lib => lib.api.updateUserAttributes({ userAttributes: { name: N } }), signInFirst],
  'updateUserAttribute, options null': [lib => lib.api.updateUserAttribute({ userAttribute: { attributeKey: 'name', value: 'N', options: N } }), signInFirst],
  'sendUserAttributeVerificationCode, options null': [lib => lib.api.sendUserAttributeVerificationCode({ userAttributeKey: 'email', options: N }), signInFirst],
  'sendUserAttributeVerificationCode, clientMetadata null': [
    lib => lib.api.sendUserAttributeVerificationCode({ userAttributeKey: 'email', options: { clientMetadata: N } }),
    signInFirst,
  ],
  'verifyTOTPSetup, options null': [lib => lib.api.verifyTOTPSetup({ code: '123456', options: N }), signInFirst],
  'verifyTOTPSetup, friendlyDeviceName null': [lib => lib.api.verifyTOTPSetup({ code: '123456', options: { friendlyDeviceName: N } }), signInFirst],
  'updateMFAPreference, each factor null': [lib => lib.api.updateMFAPreference({ sms: N, totp: N, email: N }), signInFirst],
  'confirmSignIn NEW_PASSWORD_REQUIRED, userAttributes null': [
    lib => lib.api.confirmSignIn({ challengeResponse: 'New-passw0rd', options: { userAttributes: N } }),
    challenge('NEW_PASSWORD_REQUIRED', { requiredAttributes: '[]', userAttributes: '{}' }),
  ],
  'confirmSignIn MFA_SETUP code, friendlyDeviceName null': [
    lib => lib.api.confirmSignIn({ challengeResponse: '123456', options: { friendlyDeviceName: N } }),
    challenge('MFA_SETUP', { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]' }),
  ],
  'confirmSignIn SELECT_MFA_TYPE, clientMetadata null': [
    lib => lib.api.confirmSignIn({ challengeResponse: 'TOTP', options: { clientMetadata: N } }),
    challenge('SELECT_MFA_TYPE', { MFAS_CAN_CHOOSE: '["SMS_MFA","SOFTWARE_TOKEN_MFA"]' }),
  ],
  'signIn USER_AUTH, preferredChallenge null': [
    lib => lib.api.signIn({ username: 'u', password: 'p', options: { authFlowType: 'USER_AUTH', preferredChallenge: N } }),
  ],
  'signIn CUSTOM_WITH_SRP, clientMetadata null': [
    lib => lib.api.signIn({ username: 'u', password: 'p', options: { authFlowType: 'CUSTOM_WITH_SRP', clientMetadata: N } }),
  ],
  'signIn CUSTOM_WITHOUT_SRP, password null': [lib => lib.api.signIn({ username: 'u', password: N, options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } })],
  'signOut, input null': [lib => lib.api.signOut(N), signInFirst],
  'signOut, global null': [lib => lib.api.signOut({ global: N }), signInFirst],
  'fetchAuthSession, input null': [lib => lib.api.fetchAuthSession(N), signInFirst],
  'fetchAuthSession, clientMetadata null': [lib => lib.api.fetchAuthSession({ forceRefresh: true, clientMetadata: N }), signInFirst],
};

describe('null for optional fields: the same request bodies as aws-amplify', () => {
  for (const [label, [call, before]] of Object.entries(CALLS)) {
    it(label, async () => {
      scripted.answers = SUCCESS;
      const [a, c] = await both(call, before);
      const seen = (lib: typeof a) => ({ result: JSON.parse(JSON.stringify(lib.result) ?? 'null'), requests: normalize(lib.requests) });
      expect(seen(c)).toEqual(seen(a));
      // Every call but a session read without refresh reaches the server: the bodies compared are real.
      if (label !== 'fetchAuthSession, input null') expect(a.requests.length).toBeGreaterThan(0);
    });
  }
});
