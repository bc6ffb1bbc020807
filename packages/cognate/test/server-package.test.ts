/**
 * Packaging of the server entry points: `cognate-auth/adapter-core`, `cognate-auth/auth/server` and
 * `cognate-auth/node` resolve by public name with Amplify's export names, and their bundles import no
 * Node built-in (they run on Edge runtimes and workers too; Node objects are duck-typed).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

it("the server entry points resolve with Amplify's export names", async () => {
  const core = await import('cognate-auth/adapter-core');
  for (const name of [
    'runWithAmplifyServerContext',
    'createKeyValueStorageFromCookieStorageAdapter',
    'createUserPoolsTokenProvider',
    'createAWSCredentialsAndIdentityIdProvider',
    'createKeysForAuthStorage',
    'AmplifyServerContextError',
  ]) {
    expect(typeof (core as Record<string, unknown>)[name], name).toBe('function');
  }
  expect(core.DEFAULT_AUTH_TOKEN_COOKIES_MAX_AGE).toBe(31536000);
  expect(core.AUTH_KEY_PREFIX).toBe('CognitoIdentityServiceProvider');
  const server = await import('cognate-auth/auth/server');
  expect(Object.keys(server).sort()).toEqual(['fetchAuthSession', 'fetchUserAttributes', 'getCurrentUser']);
  const node = await import('cognate-auth/node');
  expect(typeof node.createServerRunner).toBe('function');
});

it("cognate/adapter-core exports aws-amplify/adapter-core's names and no others; cognate's own server extras are in cognate/node", async () => {
  const ours = Object.keys(await import('cognate-auth/adapter-core')).sort();
  const amplify = Object.keys(await import('aws-amplify/adapter-core')).sort();
  expect(ours).toEqual(amplify);
  const node = await import('cognate-auth/node');
  expect(Object.keys(node).sort()).toEqual([
    'CognitoJwtVerifier',
    'UserPoolTokenVerifier',
    'authErrorHandler',
    'createServerRunner',
    'requireAuth',
    'userPoolIssuer',
  ]);
  expect(node.CognitoJwtVerifier).toBe(node.UserPoolTokenVerifier);
});

it('no server bundle imports a Node built-in', () => {
  for (const file of readdirSync(dist, { recursive: true }) as string[]) {
    if (!file.endsWith('.js') || file.startsWith('platform')) continue;
    expect(readFileSync(join(dist, file), 'utf8'), file).not.toMatch(/from\s*["']node:|require\(["']node:/);
  }
});
