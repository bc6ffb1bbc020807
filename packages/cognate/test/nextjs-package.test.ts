/**
 * Packaging of `cognate-auth/nextjs`: it resolves by public name (Node build) and as the default build
 * that Edge middleware gets, exports Amplify's `createServerRunner`, and its declarations do not
 * depend on `next` (the shapes are structural, so one declaration fits Next 15 and 16).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

it('cognate/nextjs resolves by name, in the Node and the default build', async () => {
  const byName = await import('cognate-auth/nextjs');
  expect(Object.keys(byName).sort()).toEqual(['AmplifyServerContextError', 'createServerRunner']);
  const fallback = await import(join(dist, 'nextjs.js'));
  expect(Object.keys(fallback).sort()).toEqual(['AmplifyServerContextError', 'createServerRunner']);
  const runner = byName.createServerRunner({ config: { Auth: { Cognito: { userPoolId: 'us-east-1_x', userPoolClientId: 'c' } } } });
  expect(Object.keys(runner).sort()).toEqual(['createAuthRouteHandlers', 'runWithAmplifyServerContext']);
});

it('the declarations do not import next', () => {
  for (const file of readdirSync(join(dist, 'nextjs'))) {
    if (file.endsWith('.d.ts')) expect(readFileSync(join(dist, 'nextjs', file), 'utf8'), file).not.toMatch(/from ['"]next/);
  }
});
