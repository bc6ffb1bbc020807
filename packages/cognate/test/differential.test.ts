/**
 * Differential tests: every scenario runs through the real aws-amplify v6 and through cognate,
 * both configured with `userPoolEndpoint` against one cognate-local server, and must give the same
 * outputs — results and next steps, error names, the token claims present, and the Hub `auth`
 * events in order. Each library has its own in-memory storage and its own users (`amp-…`, `cog-…`).
 */
import { Amplify as AmplifyReal } from 'aws-amplify';
import * as amplifyAuth from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider as amplifyTokenProvider } from 'aws-amplify/auth/cognito';
import { Hub as AmplifyHub } from 'aws-amplify/utils';
import type { RunningServer } from 'cognate-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as cognateAuth from '../src/auth-cognito.js';
import { Amplify as AmplifyCognate } from '../src/index.js';
import { Hub as CognateHub } from '../src/utils.js';
import { call, createPoolAndClient, lastCode, MapStorage, outcome, startLocal } from './helpers.js';

type AuthApi = Pick<
  typeof cognateAuth,
  | 'signUp'
  | 'confirmSignUp'
  | 'resendSignUpCode'
  | 'autoSignIn'
  | 'signIn'
  | 'confirmSignIn'
  | 'signOut'
  | 'fetchAuthSession'
  | 'getCurrentUser'
  | 'fetchUserAttributes'
>;

interface Lib {
  prefix: string;
  api: AuthApi;
  events: string[];
  storage: MapStorage;
}

let server: RunningServer;
let pool: { userPoolId: string; userPoolClientId: string };
const PASSWORD = 'Corr3ct-Horse!';

const amplify: Lib = { prefix: 'amp', api: amplifyAuth as unknown as AuthApi, events: [], storage: new MapStorage() };
const cognate: Lib = { prefix: 'cog', api: cognateAuth, events: [], storage: new MapStorage() };

beforeAll(async () => {
  server = await startLocal();
  pool = await createPoolAndClient(server.url);
  const config = { Auth: { Cognito: { ...pool, userPoolEndpoint: server.url } } };
  AmplifyReal.configure(config);
  amplifyTokenProvider.setKeyValueStorage(amplify.storage);
  AmplifyCognate.configure(config);
  cognateAuth.cognitoUserPoolsTokenProvider.setKeyValueStorage(cognate.storage);
  AmplifyHub.listen('auth', ({ payload }) => amplify.events.push(payload.event));
  CognateHub.listen('auth', ({ payload }) => cognate.events.push(payload.event));
});
afterAll(async () => {
  await server?.close();
});

/** Replaces values that differ per user or per run by their kind, recursively. */
function normalize(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map(v => normalize(v));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, normalize(v, k)]),
    );
  }
  if (typeof value === 'string' && ['userId', 'destination', 'username', 'sub', 'loginId'].includes(key)) return `<${key}>`;
  return value;
}

/** Runs one scenario through Amplify, then cognate, and returns both normalized results with their events. */
async function both(scenario: (lib: Lib, user: string) => Promise<unknown>, user = 'user'): Promise<[unknown, unknown]> {
  const results: unknown[] = [];
  for (const lib of [amplify, cognate]) {
    lib.events.length = 0;
    const result = await outcome(scenario(lib, `${lib.prefix}-${user}`));
    await new Promise(r => setTimeout(r, 10));
    results.push(normalize({ result, events: [...lib.events] }));
  }
  return results as [unknown, unknown];
}

async function expectSame(scenario: (lib: Lib, user: string) => Promise<unknown>, user?: string): Promise<unknown> {
  const [a, c] = await both(scenario, user);
  expect(c).toEqual(a);
  return a;
}

function claimNames(token: { payload: Record<string, unknown> } | undefined): string[] {
  return Object.keys(token?.payload ?? {}).sort();
}

async function signUpAndConfirm(lib: Lib, username: string): Promise<void> {
  await lib.api.signUp({ username, password: PASSWORD, options: { userAttributes: { email: `${username}@example.com` } } });
  await lib.api.confirmSignUp({ username, confirmationCode: await lastCode(server.url, pool.userPoolId, username) });
}

describe('sign-up', () => {
  it('signUp → CONFIRM_SIGN_UP with code delivery details', async () => {
    const out = await expectSame((lib, username) =>
      lib.api.signUp({ username, password: PASSWORD, options: { userAttributes: { email: `${username}@example.com` } } }),
    );
    expect(out).toMatchObject({ result: { isSignUpComplete: false, nextStep: { signUpStep: 'CONFIRM_SIGN_UP' } } });
  });

  it('signUp of an existing username → UsernameExistsException', async () => {
    await expectSame((lib, username) => lib.api.signUp({ username, password: PASSWORD, options: { userAttributes: { email: 'x@example.com' } } }));
  });

  it('resendSignUpCode → code delivery details', async () => {
    await expectSame((lib, username) => lib.api.resendSignUpCode({ username }));
  });

  it('signIn before confirmation → CONFIRM_SIGN_UP step (SRP and password)', async () => {
    await expectSame((lib, username) => lib.api.signIn({ username, password: PASSWORD }));
    await expectSame((lib, username) => lib.api.signIn({ username, password: PASSWORD, options: { authFlowType: 'USER_PASSWORD_AUTH' } }));
  });

  it('confirmSignUp with a wrong code → CodeMismatchException, then the right code → DONE', async () => {
    await expectSame((lib, username) => lib.api.confirmSignUp({ username, confirmationCode: '000000' }));
    await expectSame(async (lib, username) => lib.api.confirmSignUp({ username, confirmationCode: await lastCode(server.url, pool.userPoolId, username) }));
  });

  it('signUp with autoSignIn → confirmSignUp → COMPLETE_AUTO_SIGN_IN → autoSignIn() signs in', async () => {
    const out = await expectSame(async (lib, username) => {
      const up = await lib.api.signUp({ username, password: PASSWORD, options: { userAttributes: { email: `${username}@example.com` }, autoSignIn: true } });
      const confirmed = await lib.api.confirmSignUp({ username, confirmationCode: await lastCode(server.url, pool.userPoolId, username) });
      const signedIn = await lib.api.autoSignIn();
      const user = await lib.api.getCurrentUser();
      await lib.api.signOut();
      return { up, confirmed, signedIn, user };
    }, 'auto');
    expect(out).toMatchObject({
      result: { confirmed: { nextStep: { signUpStep: 'COMPLETE_AUTO_SIGN_IN' } }, signedIn: { isSignedIn: true } },
      events: ['signedIn', 'signedOut'],
    });
  });

  it('autoSignIn() with nothing armed → AutoSignInException', async () => {
    await expectSame(lib => lib.api.autoSignIn());
  });
});

describe('sign-in, session, sign-out', () => {
  for (const authFlowType of ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH'] as const) {
    it(`${authFlowType}: signIn → DONE, session, user, attributes, refresh, signOut`, async () => {
      const out = await expectSame(async (lib, username) => {
        const signedIn = await lib.api.signIn({ username, password: PASSWORD, options: { authFlowType } });
        const again = await outcome(lib.api.signIn({ username, password: PASSWORD, options: { authFlowType } }));
        const user = await lib.api.getCurrentUser();
        const session = await lib.api.fetchAuthSession();
        const attributes = await lib.api.fetchUserAttributes();
        await new Promise(r => setTimeout(r, 1100));
        const refreshed = await lib.api.fetchAuthSession({ forceRefresh: true });
        const changed = refreshed.tokens?.accessToken.toString() !== session.tokens?.accessToken.toString();
        await lib.api.signOut();
        const after = await lib.api.fetchAuthSession();
        const userAfter = await outcome(lib.api.getCurrentUser());
        return {
          signedIn,
          again,
          user,
          session: {
            hasSub: !!session.userSub,
            access: claimNames(session.tokens?.accessToken),
            id: claimNames(session.tokens?.idToken),
            signInDetails: session.tokens?.signInDetails,
          },
          attributeNames: Object.keys(attributes).sort(),
          refreshed: { changed, access: claimNames(refreshed.tokens?.accessToken) },
          after,
          userAfter,
        };
      });
      expect(out).toMatchObject({
        result: {
          signedIn: { isSignedIn: true },
          again: { error: 'UserAlreadyAuthenticatedException' },
          refreshed: { changed: true },
          userAfter: { error: 'UserUnAuthenticatedException' },
        },
        events: ['signedIn', 'tokenRefresh', 'signedOut'],
      });
    });
  }

  it('wrong password → NotAuthorizedException; unknown user → UserNotFoundException (SRP and password)', async () => {
    for (const authFlowType of ['USER_SRP_AUTH', 'USER_PASSWORD_AUTH'] as const) {
      await expectSame((lib, username) => lib.api.signIn({ username, password: 'Wr0ng-Passw0rd!', options: { authFlowType } }));
      await expectSame((lib, username) => lib.api.signIn({ username, password: PASSWORD, options: { authFlowType } }), 'nobody');
    }
  });

  it('signOut({global: true}) revokes the access token', async () => {
    const out = await expectSame(async (lib, username) => {
      await lib.api.signIn({ username, password: PASSWORD });
      const token = (await lib.api.fetchAuthSession()).tokens!.accessToken.toString();
      await lib.api.signOut({ global: true });
      const getUser = await outcome(call(server.url, 'GetUser', { AccessToken: token }));
      return { revoked: (getUser as { error?: string }).error !== undefined, after: (await lib.api.fetchAuthSession()).tokens };
    });
    expect(out).toMatchObject({ result: { revoked: true }, events: ['signedIn', 'signedOut'] });
  });

  it('signOut() revokes the refresh token (RevokeToken, origin_jti)', async () => {
    await expectSame(async (lib, username) => {
      await lib.api.signIn({ username, password: PASSWORD });
      const refreshKey = [...lib.storage.map.keys()].find(k => k.endsWith('.refreshToken'))!;
      const refreshToken = lib.storage.map.get(refreshKey)!;
      await lib.api.signOut();
      const reuse = await outcome(call(server.url, 'GetTokensFromRefreshToken', { ClientId: pool.userPoolClientId, RefreshToken: refreshToken }));
      return { reuse };
    });
  });

  it('refresh after the session was revoked elsewhere → signed out, tokenRefresh_failure', async () => {
    const out = await expectSame(async (lib, username) => {
      await lib.api.signIn({ username, password: PASSWORD });
      await call(server.url, 'GlobalSignOut', { AccessToken: (await lib.api.fetchAuthSession()).tokens!.accessToken.toString() });
      const session = await lib.api.fetchAuthSession({ forceRefresh: true });
      const user = await outcome(lib.api.getCurrentUser());
      return { tokens: session.tokens, user, stored: [...lib.storage.map.keys()].filter(k => /Token|LastAuthUser/.test(k)) };
    });
    expect(out).toMatchObject({ result: { user: { error: 'UserUnAuthenticatedException' }, stored: [] }, events: ['signedIn', 'tokenRefresh_failure'] });
  });

  it('fetchAuthSession / getCurrentUser / fetchUserAttributes when signed out', async () => {
    await expectSame(async lib => ({
      session: await lib.api.fetchAuthSession(),
      user: await outcome(lib.api.getCurrentUser()),
      attributes: await outcome(lib.api.fetchUserAttributes()),
      signOut: await outcome(lib.api.signOut()),
    }));
  });
});

describe('challenges', () => {
  it('FORCE_CHANGE_PASSWORD → CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED → confirmSignIn → DONE', async () => {
    for (const prefix of ['amp', 'cog']) {
      await call(server.url, 'AdminCreateUser', {
        UserPoolId: pool.userPoolId,
        Username: `${prefix}-forced`,
        TemporaryPassword: 'Temp-Passw0rd!',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: `${prefix}-forced@example.com` }],
      });
    }
    const out = await expectSame(async (lib, username) => {
      const first = await lib.api.signIn({ username, password: 'Temp-Passw0rd!' });
      const empty = await outcome(lib.api.confirmSignIn({ challengeResponse: '' }));
      const done = await lib.api.confirmSignIn({ challengeResponse: 'N3w-Passw0rd!!' });
      await lib.api.signOut();
      const withNew = await lib.api.signIn({ username, password: 'N3w-Passw0rd!!' });
      await lib.api.signOut();
      return { first, empty, done, withNew };
    }, 'forced');
    expect(out).toMatchObject({
      result: {
        first: { nextStep: { signInStep: 'CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED' } },
        empty: { error: 'EmptyChallengeResponse' },
        done: { isSignedIn: true },
      },
      events: ['signedIn', 'signedOut', 'signedIn', 'signedOut'],
    });
  });

  it('confirmSignIn without a pending signIn → SignInException', async () => {
    await expectSame(lib => lib.api.confirmSignIn({ challengeResponse: 'anything' }));
  });
});

describe('validation errors, before any request', () => {
  const cases: [string, (api: AuthApi) => Promise<unknown>, string][] = [
    ['signIn without username', api => api.signIn({ username: '', password: 'x' }), 'EmptySignInUsername'],
    ['signIn without password', api => api.signIn({ username: 'someone' }), 'EmptySignInPassword'],
    [
      'signIn without password (USER_PASSWORD_AUTH)',
      api => api.signIn({ username: 'someone', options: { authFlowType: 'USER_PASSWORD_AUTH' } }),
      'EmptySignInPassword',
    ],
    [
      'CUSTOM_WITHOUT_SRP with a password',
      api => api.signIn({ username: 'someone', password: 'x', options: { authFlowType: 'CUSTOM_WITHOUT_SRP' } }),
      'CustomAuthSignInPassword',
    ],
    ['signUp without username', api => api.signUp({ username: '', password: 'x' }), 'EmptySignUpUsername'],
    ['confirmSignUp without username', api => api.confirmSignUp({ username: '', confirmationCode: '1' }), 'EmptyConfirmSignUpUsername'],
    ['confirmSignUp without code', api => api.confirmSignUp({ username: 'someone', confirmationCode: '' }), 'EmptyConfirmSignUpCode'],
    ['resendSignUpCode without username', api => api.resendSignUpCode({ username: '' }), 'EmptySignUpUsername'],
    ['confirmSignIn without response', api => api.confirmSignIn({ challengeResponse: '' }), 'EmptyChallengeResponse'],
  ];
  for (const [name, run, error] of cases) {
    it(`${name} → ${error}`, async () => {
      const out = await expectSame(lib => run(lib.api));
      expect((out as { result: { error?: string } }).result.error).toBe(error);
    });
  }

  it('signInWithRedirect without an OAuth configuration → OAuthNotConfigureException, with Amplify’s message and suggestion', async () => {
    const failure = async (run: () => Promise<unknown>) => {
      const error = (await run().then(
        () => undefined,
        (e: unknown) => e,
      )) as { name: string; message: string; recoverySuggestion?: string };
      return { name: error?.name, message: error?.message, recoverySuggestion: error?.recoverySuggestion };
    };
    const ours = await failure(() => cognateAuth.signInWithRedirect());
    expect(ours).toEqual(await failure(() => amplifyAuth.signInWithRedirect()));
    expect(ours.name).toBe('OAuthNotConfigureException');
  });
});

describe('sign-up confirmed by link (signUpVerificationMethod: link)', () => {
  const configure = (extra: object) => {
    const config = { Auth: { Cognito: { ...pool, userPoolEndpoint: server.url, ...extra } } };
    AmplifyReal.configure(config);
    AmplifyCognate.configure(config);
  };
  beforeAll(() => configure({ signUpVerificationMethod: 'link' }));
  afterAll(() => configure({}));

  it('signUp with autoSignIn → COMPLETE_AUTO_SIGN_IN with code delivery; confirmed out of band, autoSignIn() signs in', async () => {
    const out = await expectSame(async (lib, username) => {
      const up = await lib.api.signUp({ username, password: PASSWORD, options: { userAttributes: { email: `${username}@example.com` }, autoSignIn: true } });
      // The user follows the link: the account is confirmed without this library.
      await call(server.url, 'AdminConfirmSignUp', { UserPoolId: pool.userPoolId, Username: username });
      const signedIn = await lib.api.autoSignIn();
      const user = await lib.api.getCurrentUser();
      await lib.api.signOut();
      return { up, signedIn, user };
    }, 'link');
    expect(out).toMatchObject({
      result: {
        up: { isSignUpComplete: false, nextStep: { signUpStep: 'COMPLETE_AUTO_SIGN_IN', codeDeliveryDetails: { deliveryMedium: 'EMAIL' } } },
        signedIn: { isSignedIn: true, nextStep: { signInStep: 'DONE' } },
        user: { username: '<username>' },
      },
      events: ['signedIn', 'signedOut'],
    });
  });
});
