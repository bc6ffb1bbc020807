/**
 * The `AuthAction` each user-pool call names in its user agent (`x-amz-user-agent: … auth/<n>`), as
 * aws-amplify sends it: every account API runs through both libraries against one cognate-local,
 * and the unsigned Cognito requests each library sends are recorded as `<operation> auth/<n>` (or
 * `<operation>` when no action is named), in order. Guards the operation-to-action table now that
 * each call names its operation and action at the call site.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { amplify, code, cognate, configureBoth, createPool, createUsers, env, type Lib, PASSWORD, reset, useServer, wrong } from './harness.js';
import { outcome } from './helpers.js';

useServer();

const sent: string[] = [];
const realFetch = globalThis.fetch;

beforeAll(() => {
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    const target = headers.get('x-amz-target') ?? '';
    // The test's own admin calls are SigV4-signed; the libraries' calls are not.
    if (target.startsWith('AWSCognitoIdentityProviderService.') && !headers.has('authorization')) {
      const action = /(?:^| )auth\/(\d+)/.exec(headers.get('x-amz-user-agent') ?? '')?.[1];
      sent.push(`${target.slice(target.indexOf('.') + 1)}${action ? ` auth/${action}` : ''}`);
    }
    return realFetch(input, init);
  }) as typeof fetch;
});
afterAll(() => {
  globalThis.fetch = realFetch;
});

/** What `lib` sends for every account API, in order. */
async function requests(lib: Lib, pool: { userPoolId: string }): Promise<string[]> {
  sent.length = 0;
  const username = `${lib.prefix}-agent`;
  const api = lib.api;
  await outcome(api.signUp({ username: `${lib.prefix}-new`, password: PASSWORD, options: { userAttributes: { email: `${lib.prefix}-new@example.com` } } }));
  await outcome(api.resendSignUpCode({ username: `${lib.prefix}-new` }));
  await outcome(api.confirmSignUp({ username: `${lib.prefix}-new`, confirmationCode: '000000' }));
  await outcome(api.resetPassword({ username }));
  await outcome(api.confirmResetPassword({ username, newPassword: PASSWORD, confirmationCode: wrong(await code(pool as never, username)) }));
  await api.signIn({ username, password: PASSWORD });
  await api.fetchUserAttributes();
  await outcome(api.updateUserAttributes({ userAttributes: { name: 'Agent' } }));
  await outcome(api.sendUserAttributeVerificationCode({ userAttributeKey: 'email' }));
  await outcome(api.confirmUserAttribute({ userAttributeKey: 'email', confirmationCode: '000000' }));
  await outcome(api.deleteUserAttributes({ userAttributeKeys: ['name'] }));
  await outcome(api.updatePassword({ oldPassword: PASSWORD, newPassword: PASSWORD }));
  await outcome(api.fetchMFAPreference());
  await outcome(api.updateMFAPreference({ email: 'DISABLED' }));
  await outcome(api.setUpTOTP());
  await outcome(api.verifyTOTPSetup({ code: '000000' }));
  await outcome(api.fetchDevices());
  await outcome(api.forgetDevice({ device: { id: 'us-east-1_00000000-0000-0000-0000-000000000000' } }));
  await outcome(api.listWebAuthnCredentials());
  await outcome(api.deleteWebAuthnCredential({ credentialId: 'none' }));
  await api.signOut({ global: true });
  await api.signIn({ username, password: PASSWORD });
  await api.signOut();
  await api.signIn({ username, password: PASSWORD });
  await outcome(api.deleteUser());
  await reset(lib);
  return [...sent];
}

it('each call names the same operation and AuthAction as aws-amplify', async () => {
  const pool = await createPool();
  configureBoth(pool);
  await createUsers(pool, 'agent');
  const fromAmplify = await requests(amplify, pool);
  const fromCognate = await requests(cognate, pool);
  expect(fromCognate).toEqual(fromAmplify);
  // The SRP password verifier's answer names no action, in both (aws-amplify 6.22's handlePasswordVerifierChallenge).
  expect(fromAmplify).toContain('RespondToAuthChallenge');
  // The recording sees the calls and their actions (not an empty or action-less list).
  expect(fromAmplify).toEqual(expect.arrayContaining(['SignUp auth/1', 'ChangePassword auth/27', 'RevokeToken auth/26', 'DeleteUser auth/16']));
  expect(env.url).not.toBe('');
});
