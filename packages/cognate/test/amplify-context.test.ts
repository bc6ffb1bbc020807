/**
 * createAmplifyContext (`cognate-auth`, as `aws-amplify` 6.22): contexts of their own, passed first to
 * the auth APIs. Two contexts (two app clients of one pool) sign in two users in one process and
 * never see each other's tokens; the global `Amplify.configure` context stays signed out and
 * unchanged; creating a context sends no Hub event. The same scenario runs through the real
 * aws-amplify and must give the same observable results, over HTTP against a real cognate-local.
 */
import { Amplify as AmplifyReal, createAmplifyContext as amplifyCreate } from 'aws-amplify';
import * as amplifyAuth from 'aws-amplify/auth';
import { Hub as AmplifyHub } from 'aws-amplify/utils';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { RunningServer } from 'cognate-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cognateAuth from '../src/auth.js';
import { Amplify as AmplifyCognate, createAmplifyContext as cognateCreate } from '../src/index.js';
import { Hub as CognateHub } from '../src/utils.js';
import { BrowserJar, uninstallDocument } from './browser-jar.js';
import { call, createPoolAndClient, lastCode, outcome, startLocal } from './helpers.js';

const PASSWORD = 'Corr3ct-Horse!';
let server: RunningServer;

interface Lib {
  Amplify: { configure(config: object): void; getConfig(): object };
  createAmplifyContext: (config: object, options?: object) => object;
  auth: typeof cognateAuth;
  Hub: { listen(channel: string, cb: (data: { payload: { event: string } }) => void): () => void };
}
const amplify = { Amplify: AmplifyReal, createAmplifyContext: amplifyCreate, auth: amplifyAuth, Hub: AmplifyHub } as unknown as Lib;
const cognate = { Amplify: AmplifyCognate, createAmplifyContext: cognateCreate, auth: cognateAuth, Hub: CognateHub } as unknown as Lib;

beforeAll(async () => {
  server = await startLocal();
});
afterAll(async () => {
  await server?.close();
});

/** A pool with three app clients (global, A, B) and two users, alice and bob. */
async function setUp() {
  const { userPoolId, userPoolClientId: globalClient } = await createPoolAndClient(server.url);
  const client = async () =>
    (
      await call(server.url, 'CreateUserPoolClient', {
        UserPoolId: userPoolId,
        ClientName: 'ctx',
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        EnableTokenRevocation: true,
      })
    ).UserPoolClient.ClientId as string;
  const clientA = await client();
  const clientB = await client();
  for (const Username of ['alice', 'bob']) {
    await call(server.url, 'AdminCreateUser', { UserPoolId: userPoolId, Username, MessageAction: 'SUPPRESS' });
    await call(server.url, 'AdminSetUserPassword', { UserPoolId: userPoolId, Username, Password: PASSWORD, Permanent: true });
  }
  const config = (userPoolClientId: string) => ({ Auth: { Cognito: { userPoolId, userPoolClientId, userPoolEndpoint: server.url } } });
  return { config, userPoolId, globalClient, clientA, clientB };
}

const accessClient = async (session: Promise<cognateAuth.AuthSession>) => (await session).tokens?.accessToken.payload.client_id;

/** The scenario, with client ids replaced by their role so both libraries' results compare. */
async function scenario(lib: Lib) {
  const { config, globalClient, clientA, clientB } = await setUp();
  const roles = { [globalClient]: 'global', [clientA]: 'A', [clientB]: 'B' };
  const role = (id: unknown) => roles[id as string] ?? id;
  const events: string[] = [];
  const stops = ['core', 'auth'].map(channel => lib.Hub.listen(channel, ({ payload }) => events.push(`${channel}:${payload.event}`)));
  const { auth } = lib;
  try {
    lib.Amplify.configure(config(globalClient));
    const globalConfig = JSON.stringify(lib.Amplify.getConfig());
    events.length = 0;

    const ctxA = lib.createAmplifyContext(config(clientA)) as never;
    const ctxB = lib.createAmplifyContext(config(clientB)) as never;
    const created = {
      events: [...events],
      frozen: Object.isFrozen(ctxA),
      branded: Symbol.for('amplify.context') in (ctxA as object),
      distinct: ctxA !== ctxB,
      providers: Object.keys((ctxA as { libraryOptions: { Auth: object } }).libraryOptions.Auth).sort(),
      config: role((ctxA as { resourcesConfig: { Auth: { Cognito: { userPoolClientId: string } } } }).resourcesConfig.Auth.Cognito.userPoolClientId),
    };

    const signInA = await auth.signIn(ctxA, { username: 'alice', password: PASSWORD });
    const signInB = await auth.signIn(ctxB, { username: 'bob', password: PASSWORD });
    const signedIn = {
      signInA,
      signInB,
      userA: (await auth.getCurrentUser(ctxA)).username,
      userB: (await auth.getCurrentUser(ctxB)).username,
      tokensA: role(await accessClient(auth.fetchAuthSession(ctxA))),
      tokensB: role(await accessClient(auth.fetchAuthSession(ctxB))),
      // A third context for client A reads the same storage (localStorage, memory in Node), as in Amplify.
      sameClient: (await auth.getCurrentUser(lib.createAmplifyContext(config(clientA)) as never)).username,
      ownMethod: role(await accessClient((ctxB as { fetchAuthSession(): Promise<cognateAuth.AuthSession> }).fetchAuthSession())),
      emailB: (await auth.fetchUserAttributes(ctxB)).sub !== undefined,
      global: await outcome(auth.getCurrentUser()),
      globalSession: (await auth.fetchAuthSession()).tokens,
      globalConfig: JSON.stringify(lib.Amplify.getConfig()) === globalConfig,
      // Amplify's guard: a context anywhere but first is refused, not ignored.
      misordered: await outcome(auth.signOut({ global: false }, ctxA)),
      events: [...events],
    };
    events.length = 0;

    await auth.signOut(ctxA);
    const signedOut = {
      userA: await outcome(auth.getCurrentUser(ctxA)),
      userB: (await auth.getCurrentUser(ctxB)).username,
      events: [...events],
    };
    await auth.signOut(ctxB);
    return { created, signedIn, signedOut };
  } finally {
    for (const stop of stops) stop();
  }
}

const normalize = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (key, v) => (key === 'userId' ? '<userId>' : v)));

describe('createAmplifyContext', () => {
  let ours: unknown;

  it('two contexts sign in two users side by side; the global context stays signed out and unchanged; no Hub event on creation', async () => {
    ours = normalize(await scenario(cognate));
    expect(ours).toMatchObject({
      created: { events: [], frozen: true, branded: true, distinct: true, providers: ['credentialsProvider', 'tokenProvider'], config: 'A' },
      signedIn: {
        signInA: { isSignedIn: true, nextStep: { signInStep: 'DONE' } },
        userA: 'alice',
        userB: 'bob',
        tokensA: 'A',
        tokensB: 'B',
        sameClient: 'alice',
        ownMethod: 'B',
        emailB: true,
        global: { error: 'UserUnAuthenticatedException' },
        globalConfig: true,
        misordered: { error: 'InvalidAmplifyContextError' },
        events: ['auth:signedIn', 'auth:signedIn'],
      },
      signedOut: { userA: { error: 'UserUnAuthenticatedException' }, userB: 'bob', events: ['auth:signedOut'] },
    });
  });

  it('concurrent sign-ins in two contexts each keep their own user', async () => {
    const { config, clientA, clientB } = await setUp();
    const [ctxA, ctxB] = [cognateCreate(config(clientA)), cognateCreate(config(clientB))];
    await Promise.all([cognateAuth.signIn(ctxA, { username: 'alice', password: PASSWORD }), cognateAuth.signIn(ctxB, { username: 'bob', password: PASSWORD })]);
    const [a, b] = await Promise.all([cognateAuth.getCurrentUser(ctxA), cognateAuth.getCurrentUser(ctxB)]);
    expect([a.username, b.username]).toEqual(['alice', 'bob']);
    await Promise.all([cognateAuth.signOut(ctxA), cognateAuth.signOut(ctxB)]);
  });

  it('autoSignIn() after signUp(ctx) and confirmSignUp(ctx) signs the user in to that context, not the global one', async () => {
    const { config, userPoolId, clientA, globalClient } = await setUp();
    AmplifyCognate.configure(config(globalClient));
    const ctx = cognateCreate(config(clientA));
    const username = 'carol';
    await cognateAuth.signUp(ctx, { username, password: PASSWORD, options: { userAttributes: { email: 'carol@example.com' }, autoSignIn: true } });
    const confirmed = await cognateAuth.confirmSignUp(ctx, { username, confirmationCode: await lastCode(server.url, userPoolId, username) });
    expect(confirmed.nextStep.signUpStep).toBe('COMPLETE_AUTO_SIGN_IN');
    expect(await cognateAuth.autoSignIn()).toMatchObject({ isSignedIn: true });
    expect((await cognateAuth.getCurrentUser(ctx)).username).toBe(username);
    expect(await outcome(cognateAuth.getCurrentUser())).toEqual({ error: 'UserUnAuthenticatedException' });
    await cognateAuth.signOut(ctx);
  });

  it('gives what aws-amplify’s createAmplifyContext gives for the same scenario', async () => {
    const theirs = normalize(await scenario(amplify));
    expect(ours).toEqual(theirs);
  });

  it('with { ssr: true } keeps its tokens in cookies, named as aws-amplify names them', async () => {
    const cookieNames = async (lib: Lib) => {
      const { config, clientA } = await setUp();
      const jar = new BrowserJar().install();
      try {
        const ctx = lib.createAmplifyContext(config(clientA), { ssr: true }) as never;
        await lib.auth.signIn(ctx, { username: 'alice', password: PASSWORD });
        const user = (await lib.auth.getCurrentUser(ctx)).username;
        const names = [...jar.cookies.keys()].map(k => decodeURIComponent(k).replace(clientA, '<client>')).sort();
        await lib.auth.signOut(ctx);
        return { user, names, afterSignOut: [...jar.cookies.keys()].length };
      } finally {
        uninstallDocument();
      }
    };
    const ours = await cookieNames(cognate);
    expect(ours.user).toBe('alice');
    expect(ours.names).toContain('CognitoIdentityServiceProvider.<client>.alice.accessToken');
    expect(ours).toEqual(await cookieNames(amplify));
  });
});

describe('createAmplifyContext types', () => {
  const ROOT = join(import.meta.dirname, '../../..');
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.tmp/amplify-context-types-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** tsc's errors for an app written against `pkg` (cognate or aws-amplify), as an application resolves them. */
  async function typeCheck(pkg: string, source: string): Promise<string> {
    writeFileSync(join(dir, 'app.ts'), source.replaceAll('PKG', pkg));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [] },
        files: ['app.ts'],
      }),
    );
    try {
      await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: dir });
      return '';
    } catch (error) {
      return String((error as { stdout?: string }).stdout ?? error);
    }
  }

  const app = `
import { createAmplifyContext, type AmplifyContext } from 'PKG';
import { signIn, getCurrentUser, fetchAuthSession, signOut, autoSignIn } from 'PKG/auth';
const ctx: AmplifyContext = createAmplifyContext({ Auth: { Cognito: { userPoolId: 'us-east-1_AbCdEfGhI', userPoolClientId: 'abc' } } }, { ssr: true });
export async function run(): Promise<string> {
  await signIn(ctx, { username: 'alice', password: 'p' });
  await signIn({ username: 'alice', password: 'p' });
  const session = await fetchAuthSession(ctx, { forceRefresh: true });
  await signOut(ctx, { global: true });
  await autoSignIn();
  return (await getCurrentUser(ctx)).username + String(session.tokens) + String((await ctx.getTokens({}))?.idToken);
}
`;

  it('an app passing a context first type-checks against cognate as against aws-amplify', async () => {
    expect(await typeCheck('aws-amplify', app)).toBe('');
    expect(await typeCheck('cognate-auth', app)).toBe('');
  }, 60_000);

  it('a context after the input is a type error in both', async () => {
    const bad = app.replace("await signIn({ username: 'alice', password: 'p' });", "await signIn({ username: 'alice', password: 'p' }, ctx);");
    expect(await typeCheck('aws-amplify', bad)).toMatch(/error TS/);
    expect(await typeCheck('cognate-auth', bad)).toMatch(/error TS/);
  }, 60_000);
});
