/**
 * Packaging: the built entry points resolve by their public names, expose Amplify's export names,
 * bundle the private protocol package, and load quickly.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

beforeAll(() => {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
});

it('exports map: every subpath has types and JavaScript', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  expect(pkg.sideEffects).toBe(false);
  expect(pkg.dependencies ?? {}).toEqual({});
  for (const [subpath, target] of Object.entries(pkg.exports as Record<string, { default: string; types: unknown }>)) {
    if (subpath === './package.json') continue;
    expect(existsSync(join(root, target.default)), `${subpath} js`).toBe(true);
    expect(typeof target.types, `${subpath} types`).toBe('string');
  }
});

it('the built JavaScript never imports @cognate/protocol', () => {
  const dist = join(root, 'dist');
  for (const file of readdirSync(dist, { recursive: true }) as string[]) {
    if (file.endsWith('.js')) expect(readFileSync(join(dist, file), 'utf8')).not.toContain('@cognate/protocol');
  }
});

it("resolves by public name with Amplify's export names", async () => {
  const auth = await import('cognate-auth/auth');
  for (const name of [
    'signUp',
    'confirmSignUp',
    'resendSignUpCode',
    'autoSignIn',
    'signIn',
    'confirmSignIn',
    'signOut',
    'fetchAuthSession',
    'getCurrentUser',
    'fetchUserAttributes',
    'decodeJWT',
    'AuthError',
    'setUpTOTP',
    'verifyTOTPSetup',
    'updateMFAPreference',
    'fetchMFAPreference',
    'resetPassword',
    'confirmResetPassword',
    'updatePassword',
    'updateUserAttributes',
    'updateUserAttribute',
    'confirmUserAttribute',
    'sendUserAttributeVerificationCode',
    'deleteUserAttributes',
    'deleteUser',
    'rememberDevice',
    'forgetDevice',
    'fetchDevices',
    'associateWebAuthnCredential',
    'listWebAuthnCredentials',
    'deleteWebAuthnCredential',
  ]) {
    expect(typeof (auth as Record<string, unknown>)[name], name).toBe('function');
  }
  const { Amplify } = await import('cognate-auth');
  expect(typeof Amplify.configure).toBe('function');
  const utils = await import('cognate-auth/utils');
  expect(typeof utils.Hub.listen).toBe('function');
  expect(typeof utils.parseAmplifyConfig).toBe('function');
  const cognito = await import('cognate-auth/auth/cognito');
  expect(typeof cognito.cognitoUserPoolsTokenProvider.setKeyValueStorage).toBe('function');
  expect(cognito.AUTH_KEY_PREFIX).toBe('CognitoIdentityServiceProvider');
});

it('an API called before configure throws AuthUserPoolException', async () => {
  const { signIn, fetchAuthSession } = await import('cognate-auth/auth');
  await expect(signIn({ username: 'a', password: 'b' })).rejects.toMatchObject({ name: 'AuthUserPoolException', message: 'Auth UserPool not configured.' });
  expect((await fetchAuthSession()).tokens).toBeUndefined();
});
