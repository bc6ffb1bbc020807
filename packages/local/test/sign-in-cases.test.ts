/**
 * The shared table of sign-in cases (sign-in-cases.ts) through both fronts of the one engine: the
 * API (AWS SDK InitiateAuth / RespondToAuthChallenge, with USER_PASSWORD_AUTH and again with
 * USER_SRP_AUTH) and the hosted pages (form posts that follow the real pages, CSRF token included).
 * Every step of every case must have the outcome the table states, on every front.
 */
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { sdk, start } from './helpers.js';
import { apiFront, CASES, casesServerOptions, configurePools, expectedSteps, type Front, type FrontContext, pageFront, runCase } from './sign-in-cases.js';

const dir = mkdtempSync(join(tmpdir(), 'cognate-sign-in-cases-'));
let server: RunningServer;
let admin: CognitoIdentityProviderClient;

beforeAll(async () => {
  server = await start(casesServerOptions(dir));
  admin = sdk(server.url);
  await configurePools(admin);
});

afterAll(async () => {
  admin?.destroy();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const FRONTS: Array<[string, (context: FrontContext) => Front]> = [
  ['api', context => apiFront(context)],
  ['srp', context => apiFront(context, { srp: true })],
  ['pages', pageFront],
];

describe.each(FRONTS)('sign-in cases through the %s front', (frontName, make) => {
  it.each(CASES.map(c => [c.name, c] as const))('%s', async (_name, c) => {
    const seen = await runCase(c, frontName, make, { url: server.url, admin, triggerDir: dir });
    expect(seen).toEqual(expectedSteps(c, frontName));
  });
});
