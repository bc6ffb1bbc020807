/**
 * The rest of Amplify's public surface that apps and Amplify UI reach for, through cognate's built
 * entries (by package name, as an app imports them): `aws-amplify/utils` (I18n, ConsoleLogger, Cache,
 * ServiceWorker), the OAuth and refresh helpers of `aws-amplify/auth/cognito` and
 * `aws-amplify/adapter-core`, `createConfigurationBuilder`, and the `@aws-amplify/core` compat entries
 * sharing one Hub. Each is compared with Amplify's own on the same inputs; refreshes go over HTTP to
 * a real cognate-local.
 */
import { createHash } from 'node:crypto';
import type { RunningServer } from 'cognate-local';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { awsFetch, call, createPoolAndClient, lastCode, outcome, startLocal } from './helpers.js';

const names = async (specifier: string) => Object.keys(await import(specifier)).sort();

describe('export names, as aws-amplify has them', () => {
  it.each([
    ['aws-amplify/utils', 'cognate-auth/utils'],
    ['aws-amplify/auth', 'cognate-auth/auth'],
    ['aws-amplify/auth/cognito', 'cognate-auth/auth/cognito'],
    ['aws-amplify/adapter-core', 'cognate-auth/adapter-core'],
    ['aws-amplify', 'cognate-auth'],
  ])('%s ⊆ %s', async (amplify, cognate) => {
    const ours = await names(cognate);
    const missing = (await names(amplify)).filter(name => !ours.includes(name));
    expect(missing).toEqual([]);
  });

  it('the compat entries have what Amplify UI imports from @aws-amplify/core and its internals/utils', async () => {
    const core = await import('cognate-auth/compat/core');
    const utils = await import('cognate-auth/compat/core/internals/utils');
    expect(typeof core.Hub.listen).toBe('function');
    expect(typeof core.I18n.get).toBe('function');
    expect(typeof utils.setCustomUserAgent).toBe('function');
    const real = await import('@aws-amplify/core/internals/utils');
    for (const name of ['AiAction', 'Category', 'AuthAction', 'StorageAction', 'InAppMessagingAction', 'GeoAction', 'AmplifyErrorCode'] as const) {
      expect({ ...((utils as Record<string, unknown>)[name] as object) }, name).toEqual({ ...((real as Record<string, unknown>)[name] as object) });
    }
    const storage = await import('cognate-auth/compat/storage');
    const realStorage = await names('aws-amplify/storage');
    expect(Object.keys(storage).sort()).toEqual(realStorage);
    await expect(storage.getUrl({ path: 'x' })).rejects.toMatchObject({ name: 'NotSupportedException' });
  });

  it('cognate/compat/core has @aws-amplify/core’s public names but its context API', async () => {
    const ours = await names('cognate-auth/compat/core');
    // The per-call context API (createAmplifyContext and its brand, token and global context), and the
    // identity-pool service clients Amplify's own packages build on.
    const contextApi = [
      'AMPLIFY_CONTEXT_BRAND',
      'createAmplifyContext',
      'createAmplifyContextToken',
      'getGlobalContext',
      'hasGlobalContext',
      'isAmplifyContext',
    ];
    const identityClients = ['cognitoIdentityPoolEndpointResolver', 'createGetCredentialsForIdentityClient', 'createGetIdClient'];
    const missing = (await names('@aws-amplify/core')).filter(name => !ours.includes(name));
    expect(missing).toEqual([...contextApi, ...identityClients].sort());
  });

  it('syncSessionStorage: synchronous, as Amplify’s (memory in Node)', async () => {
    const { syncSessionStorage: real } = await import('@aws-amplify/core');
    const { syncSessionStorage: ours } = await import('cognate-auth/compat/core');
    const run = (s: typeof real) => {
      s.setItem('a', '1');
      s.setItem('b', '2');
      const out = [s.getItem('a'), s.getItem('b'), s.getItem('c')];
      s.removeItem('a');
      out.push(s.getItem('a'));
      s.clear();
      out.push(s.getItem('b'));
      return out;
    };
    expect(run(ours)).toEqual(run(real));
  });

  it('one Hub behind cognate/utils, cognate/compat/core and compat/core/internals/utils', async () => {
    const { Hub } = await import('cognate-auth/utils');
    const core = await import('cognate-auth/compat/core');
    const internals = await import('cognate-auth/compat/core/internals/utils');
    expect(core.Hub).toBe(Hub);
    expect(internals.HubInternal).toBe(Hub);
    const { Amplify } = await import('cognate-auth');
    expect(core.Amplify).toBe(Amplify);
  });
});

describe('Hub', () => {
  it('gives events from other tabs only to auth listeners that asked for them, as Amplify’s Hub', async () => {
    const { Hub: Real } = await import('aws-amplify/utils');
    const { AMPLIFY_SYMBOL } = await import('@aws-amplify/core/internals/utils');
    const { Hub: Ours } = await import('cognate-auth/utils');
    const run = (hub: typeof Real, symbol?: symbol) => {
      const heard: string[] = [];
      const stops = [
        hub.listen('auth', ({ payload, crossTab }) => heard.push(`plain ${payload.event} ${crossTab ?? '-'}`)),
        hub.listen('auth', ({ payload, crossTab }) => heard.push(`named ${payload.event} ${crossTab ?? '-'}`), 'by-name'),
        hub.listen('auth', ({ payload, crossTab }) => heard.push(`tabs ${payload.event} ${crossTab ?? '-'}`), { enableCrossTabEvents: true }),
        hub.listen('other', ({ payload, crossTab }) => heard.push(`other ${payload.event} ${crossTab ?? '-'}`), { enableCrossTabEvents: true }),
      ];
      hub.dispatch('auth', { event: 'signedOut' }, 'Auth', symbol);
      hub.dispatch('auth', { event: 'tokenRefresh' }, 'Auth', symbol, true);
      hub.dispatch('other', { event: 'ping' }, 'Test', symbol, true);
      hub.dispatch('other', { event: 'pong' }, 'Test', symbol);
      for (const stop of stops) stop();
      hub.dispatch('auth', { event: 'signedOut' }, 'Auth', symbol);
      return heard;
    };
    const ours = run(Ours as unknown as typeof Real);
    expect(ours).toEqual(run(Real, AMPLIFY_SYMBOL));
    expect(ours).toEqual(['plain signedOut -', 'named signedOut -', 'tabs signedOut -', 'tabs tokenRefresh true', 'other pong -']);
  });
});

describe('I18n', () => {
  it('answers as Amplify’s I18n for the same vocabularies and languages', async () => {
    const { I18n: Real } = await import('aws-amplify/utils');
    const { I18n: Ours } = await import('cognate-auth/utils');
    const script = (I18n: typeof Real) => {
      const out: unknown[] = [I18n.get('Sign In'), I18n.get('Sign In', 'Fallback')];
      I18n.putVocabularies({ fr: { 'Sign In': 'Se connecter', 'Sign Up': 'Créer un compte' }, 'fr-CA': { 'Sign Up': 'Inscription' } });
      I18n.putVocabulariesForLanguage('fr', { Password: 'Mot de passe' });
      I18n.setLanguage('fr-CA');
      out.push(
        I18n.get('Sign In'),
        I18n.get('Sign Up'),
        I18n.get('Password'),
        I18n.get('Missing'),
        I18n.get('Missing', 'Défaut'),
        I18n.get('Sign In', 'unused'),
      );
      I18n.setLanguage('de');
      out.push(I18n.get('Sign In'), I18n.get('Sign In', ''));
      out.push(I18n.getModuleName());
      return out;
    };
    expect(script(Ours as unknown as typeof Real)).toEqual(script(Real));
  });
});

describe('ConsoleLogger', () => {
  it('writes what Amplify’s writes, at the same levels and to the same console methods', async () => {
    const { ConsoleLogger: Real } = await import('aws-amplify/utils');
    const { ConsoleLogger: Ours } = await import('cognate-auth/utils');
    const run = (Logger: typeof Real) => {
      const seen: string[] = [];
      const spies = (['log', 'warn', 'error', 'info', 'debug'] as const).map(method =>
        vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
          seen.push(`${method}: ${args.map(a => (typeof a === 'string' ? a.replace(/\d\d:\d\d\.\d+/, 'TS') : JSON.stringify(a))).join(' | ')}`);
        }),
      );
      try {
        const logger = new Logger('Test');
        logger.debug('hidden at WARN');
        logger.warn('careful');
        logger.error('broken', { code: 1 });
        logger.error({ alone: true });
        logger.warn('two', 'more', 3);
        const verbose = new Logger('Verbose', 'VERBOSE');
        verbose.info('info');
        verbose.log('log');
        verbose.verbose('verbose');
        Logger.LOG_LEVEL = 'ERROR';
        verbose.warn('silenced by LOG_LEVEL');
        verbose.error('still');
      } finally {
        Logger.LOG_LEVEL = null;
        for (const spy of spies) spy.mockRestore();
      }
      return seen;
    };
    const ours = run(Ours as unknown as typeof Real);
    expect(ours).toEqual(run(Real));
    expect(ours).toContain('warn: [WARN] TS Test - careful');
  });
});

describe('Cache', () => {
  it('stores, reads, expires, evicts and lists as Amplify’s Cache', async () => {
    const { Cache: Real } = await import('aws-amplify/utils');
    const { Cache: Ours } = await import('cognate-auth/utils');
    const run = async (cache: typeof Real, prefix: string) => {
      // Each step a millisecond later, so that "least recently read" is well defined.
      let now = Date.UTC(2026, 0, 1);
      vi.useFakeTimers({ toFake: ['Date'] });
      const tick = () => {
        now += 7;
        vi.setSystemTime(now);
      };
      const c0 = cache.createInstance({ keyPrefix: prefix, capacityInBytes: 1000, itemMaxSize: 400 });
      const c = new Proxy(c0, {
        get: (target, key) =>
          typeof target[key as keyof typeof target] === 'function'
            ? (...args: unknown[]) => {
                tick();
                return Reflect.apply(target[key as keyof typeof target] as (...a: unknown[]) => unknown, target, args);
              }
            : target[key as keyof typeof target],
      });
      const out: unknown[] = [c.getModuleName()];
      await c.setItem('a', { n: 1 }, { priority: 1 });
      await c.setItem('b', 'two');
      await c.setItem('gone', 'x', { expires: Date.now() - 1 });
      out.push(await c.getItem('a'), await c.getItem('b'), await c.getItem('gone'), await c.getItem('none'));
      out.push(await c.getItem('made', { callback: () => 'computed' }), await c.getItem('made'));
      await c.setItem('big', 'y'.repeat(500));
      out.push(await c.getItem('big'));
      await c.setItem('bad', 1, { priority: 9 });
      out.push(await c.getItem('bad'));
      out.push((await c.getAllKeys()).sort(), await c.getCurrentCacheSize());
      await c.removeItem('a');
      out.push(await c.getItem('a'));
      await c.clear();
      out.push(await c.getAllKeys());
      vi.useRealTimers();
      return out;
    };
    const ours = await run(Ours as unknown as typeof Real, 'cog-');
    expect(ours).toEqual(await run(Real, 'cog-'));
    expect(ours[1]).toEqual({ n: 1 });
  });

  it('makes room when full: expired items first, then the lowest priority, least recently read', async () => {
    // Amplify 6.22's full cache refuses every new item instead ("setItem failed! NoCacheItem": it looks
    // the listed keys up without their prefix), so this is checked on cognate's alone.
    const { Cache } = await import('cognate-auth/utils');
    const c = Cache.createInstance({ keyPrefix: 'evict-', capacityInBytes: 1000, itemMaxSize: 400 });
    let now = Date.UTC(2026, 0, 1);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const at = () => {
        now += 7;
        vi.setSystemTime(now);
      };
      at();
      await c.setItem('keep', 'important', { priority: 1 });
      at();
      await c.setItem('old', 'x'.repeat(100));
      at();
      await c.setItem('expiring', 'x'.repeat(100), { expires: now + 10 });
      at();
      await c.setItem('read', 'x'.repeat(100));
      at();
      await c.getItem('old'); // now read after 'read'
      at();
      await c.setItem('new', 'y'.repeat(200)); // does not fit: 'expiring' has expired, then 'read' is the least recently read
      expect((await c.getAllKeys()).sort()).toEqual(['CurSize', 'keep', 'new', 'old']);
      expect(await c.getCurrentCacheSize()).toBeLessThanOrEqual(1000);
      expect(await c.getItem('keep')).toBe('important');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('createConfigurationBuilder', () => {
  it('builds what Amplify’s builds', async () => {
    const { createConfigurationBuilder: real } = await import('aws-amplify');
    const { createConfigurationBuilder: ours } = await import('cognate-auth');
    const outputs = { version: '1.3', auth: { aws_region: 'us-east-1', user_pool_id: 'us-east-1_abc', user_pool_client_id: 'client' } };
    const run = (create: typeof real) => {
      const built = create({ from: outputs })
        .patch('Auth', { Cognito: { userPoolEndpoint: 'http://localhost:9229' } } as never)
        .add('Storage', { S3: { bucket: 'b', region: 'us-east-1' } })
        .build();
      return {
        built,
        frozen: Object.isFrozen(built),
        again: create()
          .from(create({ from: outputs }))
          .build(),
      };
    };
    expect(run(ours as unknown as typeof real)).toEqual(run(real));
  });
});

describe('OAuth helpers', () => {
  it('generateCodeVerifier and generateState make RFC 7636 values; the challenge is S256, synchronously', async () => {
    const { generateCodeVerifier, generateState } = await import('cognate-auth/auth/cognito');
    const adapter = await import('cognate-auth/adapter-core');
    expect(adapter.generateCodeVerifier).toBe(generateCodeVerifier);
    for (const length of [43, 64, 128]) {
      const verifier = generateCodeVerifier(length);
      expect(verifier.value).toMatch(new RegExp(`^[A-Za-z0-9]{${length}}$`));
      expect(verifier.method).toBe('S256');
      const expected = createHash('sha256').update(verifier.value).digest('base64url');
      expect(verifier.toCodeChallenge()).toBe(expected);
      expect(verifier.toCodeChallenge()).toBe(expected);
    }
    expect(generateState()).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(generateState()).not.toBe(generateState());
  });

  it('getRedirectUrl picks the preferred URL or fails as Amplify’s', async () => {
    const real = await import('aws-amplify/auth/cognito');
    const ours = await import('cognate-auth/auth/cognito');
    const urls = ['http://localhost:3000/', 'https://app.example/'];
    for (const lib of [real, ours]) {
      expect(lib.getRedirectUrl(urls, 'https://app.example/')).toBe('https://app.example/');
    }
    const failure = (f: () => unknown) => {
      try {
        return f();
      } catch (error) {
        return {
          name: (error as Error).name,
          message: (error as Error).message,
          recoverySuggestion: (error as { recoverySuggestion?: string }).recoverySuggestion,
        };
      }
    };
    expect(failure(() => ours.getRedirectUrl(urls, 'https://other.example/'))).toEqual(failure(() => real.getRedirectUrl(urls, 'https://other.example/')));
  });
});

describe('clearCredentials', () => {
  it('forgets the guest identity, so the next session has a new one, as Amplify’s', async () => {
    const server = await startLocal();
    try {
      const pool = await createPoolAndClient(server.url);
      const res = await awsFetch(server.url, 'AWSCognitoIdentityService.CreateIdentityPool', {
        IdentityPoolName: 'clear',
        AllowUnauthenticatedIdentities: true,
      });
      expect(res.status).toBe(200);
      const { IdentityPoolId: identityPoolId } = (await res.json()) as { IdentityPoolId: string };
      // Cognito issues credentials only for a role the pool has.
      const roles = await awsFetch(server.url, 'AWSCognitoIdentityService.SetIdentityPoolRoles', {
        IdentityPoolId: identityPoolId,
        Roles: {
          authenticated: 'arn:aws:iam::000000000000:role/cognate-authenticated',
          unauthenticated: 'arn:aws:iam::000000000000:role/cognate-unauthenticated',
        },
      });
      expect(roles.status).toBe(200);
      const config = { Auth: { Cognito: { ...pool, userPoolEndpoint: server.url, identityPoolId, identityPoolEndpoint: server.url, allowGuestAccess: true } } };
      const run = async (lib: {
        Amplify: { configure(c: unknown): void };
        fetchAuthSession(): Promise<{ identityId?: string }>;
        clearCredentials(): Promise<void>;
      }) => {
        lib.Amplify.configure(config);
        const first = (await lib.fetchAuthSession()).identityId;
        const again = (await lib.fetchAuthSession()).identityId;
        await lib.clearCredentials();
        const after = (await lib.fetchAuthSession()).identityId;
        return { first: !!first, kept: first === again, renewed: !!after && after !== first };
      };
      const ours = await run((await import('cognate-auth/compat/core')) as never);
      // aws-amplify's Amplify.configure is the one that installs the default Cognito providers.
      expect(ours).toEqual(await run({ ...(await import('@aws-amplify/core')), Amplify: (await import('aws-amplify')).Amplify } as never));
      expect(ours).toEqual({ first: true, kept: true, renewed: true });
    } finally {
      await server.close();
    }
  });
});

describe('validateState', () => {
  it('gives back the state signInWithRedirect saved; a missing or different one is oauthSignInError', async () => {
    const { Amplify } = await import('cognate-auth');
    const { defaultStorage } = await import('cognate-auth/utils');
    const { validateState } = await import('cognate-auth/auth/cognito');
    Amplify.configure({ Auth: { Cognito: { userPoolId: 'us-east-1_State1', userPoolClientId: 'stateclient' } } });
    await defaultStorage.setItem('CognitoIdentityServiceProvider.stateclient.oauthState', 'saved-state');
    expect(await validateState('saved-state')).toBe('saved-state');
    await expect(validateState('other')).rejects.toMatchObject({
      name: 'oauthSignInError',
      message: 'An error occurred while validating the state.',
      recoverySuggestion: 'Try to initiate an OAuth flow from Amplify',
    });
    await expect(validateState(null)).rejects.toMatchObject({ name: 'oauthSignInError', message: '`signInWithRedirect` has been canceled.' });
    await defaultStorage.removeItem('CognitoIdentityServiceProvider.stateclient.oauthState');
    await expect(validateState('saved-state')).rejects.toMatchObject({ name: 'oauthSignInError' });
  });
});

describe('refreshAuthTokens against cognate-local', () => {
  let server: RunningServer;
  let pool: { userPoolId: string; userPoolClientId: string };
  beforeAll(async () => {
    server = await startLocal();
    pool = await createPoolAndClient(server.url);
  });
  afterAll(() => server.close());

  async function signedIn(username: string) {
    const password = 'Corr3ct-Horse!';
    await call(server.url, 'SignUp', {
      ClientId: pool.userPoolClientId,
      Username: username,
      Password: password,
      UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
    });
    await call(server.url, 'ConfirmSignUp', {
      ClientId: pool.userPoolClientId,
      Username: username,
      ConfirmationCode: await lastCode(server.url, pool.userPoolId, username),
    });
    const { AuthenticationResult: result } = await call(server.url, 'InitiateAuth', {
      ClientId: pool.userPoolClientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: password },
    });
    const { decodeJWT } = await import('cognate-auth/auth');
    return {
      accessToken: decodeJWT(result.AccessToken),
      idToken: decodeJWT(result.IdToken),
      refreshToken: result.RefreshToken as string,
      clockDrift: 0,
      username,
    };
  }

  it('gives the same shape as Amplify’s, with fresh tokens, and dedupes calls in flight', async () => {
    const real = await import('aws-amplify/auth/cognito');
    const ours = await import('cognate-auth/auth/cognito');
    const authConfig = { Cognito: { ...pool, userPoolEndpoint: server.url } };
    const shape = (tokens: Record<string, unknown>) =>
      Object.keys(tokens)
        .filter(k => tokens[k] !== undefined)
        .sort();
    for (const [lib, name] of [
      [real, 'amp-refresh'],
      [ours, 'cog-refresh'],
    ] as const) {
      const tokens = await signedIn(name);
      const first = lib.refreshAuthTokens({ tokens, authConfig, username: name });
      const second = lib.refreshAuthTokens({ tokens, authConfig, username: name });
      const [a, b] = await Promise.all([first, second]);
      expect(a, name).toBe(b);
      expect(shape(a as never), name).toEqual(['accessToken', 'clockDrift', 'idToken', 'refreshToken', 'username']);
      expect(a.accessToken.payload.username).toBe(name);
      expect(a.refreshToken).toBe(tokens.refreshToken);
      const c = await lib.refreshAuthTokensWithoutDedupe({ tokens, authConfig, username: name });
      expect(c).not.toBe(a);
      expect(c.accessToken.payload.sub).toBe(a.accessToken.payload.sub);
    }
    // A revoked or unknown refresh token: the service's error, the same for both.
    const broken = { ...(await signedIn('both-broken')), refreshToken: 'not-a-token' };
    const [ampError, cogError] = await Promise.all([
      outcome(real.refreshAuthTokensWithoutDedupe({ tokens: broken, authConfig, username: 'both-broken' })),
      outcome(ours.refreshAuthTokensWithoutDedupe({ tokens: broken, authConfig, username: 'both-broken' })),
    ]);
    expect(cogError).toEqual(ampError);
    expect(cogError).toEqual({ error: 'NotAuthorizedException' });
    // No user pool configured; no tokens; tokens without a refresh token (the implicit grant).
    expect(await outcome(ours.refreshAuthTokens({ tokens: broken, username: 'x' }))).toEqual(
      await outcome(real.refreshAuthTokens({ tokens: broken, username: 'x' })),
    );
    const noTokens = { tokens: undefined as never, authConfig, username: 'x' };
    expect(await outcome(ours.refreshAuthTokensWithoutDedupe(noTokens))).toEqual(await outcome(real.refreshAuthTokensWithoutDedupe(noTokens)));
    expect(await outcome(ours.refreshAuthTokensWithoutDedupe(noTokens))).toEqual({ error: 'UserUnAuthenticatedException' });
    const implicit = { tokens: { ...broken, refreshToken: undefined }, authConfig, username: 'x' };
    expect(await outcome(ours.refreshAuthTokensWithoutDedupe(implicit))).toEqual(await outcome(real.refreshAuthTokensWithoutDedupe(implicit)));
  });
});
