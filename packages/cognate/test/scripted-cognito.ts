/**
 * A scripted Cognito for differential tests: a node:http server on loopback that records each
 * request (operation and JSON body) and answers whatever the test scripts per operation (`{}` by
 * default), with the real aws-amplify v6 and cognate both configured against it (each with its own
 * Map storage and Hub listener), and `both` running one scenario through each library.
 */
import { Amplify as AmplifyReal } from 'aws-amplify';
import * as amplifyAuth from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider as amplifyTokenProvider } from 'aws-amplify/auth/cognito';
import { Hub as AmplifyHub } from 'aws-amplify/utils';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import * as cognateAuth from '../src/auth-cognito.js';
import { Amplify as AmplifyCognate } from '../src/index.js';
import { Hub as CognateHub } from '../src/utils.js';
import type { AuthApi, Lib } from './harness.js';
import { MapStorage } from './helpers.js';

export type { Lib };

export const amplify: Lib = { prefix: 'amp', api: amplifyAuth as unknown as AuthApi, events: [], storage: new MapStorage() };
export const cognate: Lib = { prefix: 'cog', api: cognateAuth, events: [], storage: new MapStorage() };

export const POOL = { userPoolId: 'us-east-1_Hostile01', userPoolClientId: 'hostileclient0000000000001' };
export const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
export const now = () => Math.floor(Date.now() / 1000);
/** When this run's tokens were issued: one instant, so the two libraries' sessions compare equal even when their sign-ins straddle a second. */
const ISSUED = now();
/** An unsigned JWT-shaped token (neither library verifies signatures), valid for an hour from ISSUED. */
export const jwt = (claims: Record<string, unknown>) =>
  `${b64({ alg: 'RS256', kid: 'k1' })}.${b64({ iat: ISSUED, exp: ISSUED + 3600, ...claims })}.c2lnbmF0dXJl`;
export const tokens = (username: string) => ({
  AccessToken: jwt({ sub: `sub-${username}`, token_use: 'access', client_id: POOL.userPoolClientId, username, origin_jti: 'ojti' }),
  IdToken: jwt({ sub: `sub-${username}`, token_use: 'id', aud: POOL.userPoolClientId, 'cognito:username': username }),
  RefreshToken: 'opaque-refresh-token',
  ExpiresIn: 3600,
  TokenType: 'Bearer',
});

/** What the server answers: a status and a raw body. */
export type Answer = { status?: number; body: string };
export const json = (value: unknown): Answer => ({ body: JSON.stringify(value) });

/** The script, per operation name (the rest get `{}`), and the requests received, in order. */
export const scripted = {
  answers: {} as Record<string, (request: Record<string, unknown>) => Answer>,
  requests: [] as { target: string; body: Record<string, unknown> }[],
  /** The server's URL, once started. */
  url: '',
};

/** Starts the server for this test file and points both libraries at it. */
export function useScriptedCognito(): void {
  let server: Server;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', chunk => chunks.push(chunk));
      req.on('end', () => {
        const target =
          String(req.headers['x-amz-target'] ?? '')
            .split('.')
            .pop() ?? '';
        const body = JSON.parse(Buffer.concat(chunks).toString() || '{}') as Record<string, unknown>;
        scripted.requests.push({ target, body });
        const answer = scripted.answers[target]?.(body) ?? json({});
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'req-1' });
        res.end(answer.body);
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    scripted.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const config = { Auth: { Cognito: { ...POOL, userPoolEndpoint: scripted.url } } };
    AmplifyReal.configure(config);
    amplifyTokenProvider.setKeyValueStorage(amplify.storage);
    AmplifyCognate.configure(config);
    cognateAuth.cognitoUserPoolsTokenProvider.setKeyValueStorage(cognate.storage);
    AmplifyHub.listen('auth', ({ payload }) => amplify.events.push(payload.event));
    CognateHub.listen('auth', ({ payload }) => cognate.events.push(payload.event));
  });
  afterAll(async () => {
    await new Promise(resolve => server?.close(resolve));
  });
}

/** The rejection as `{ name, message }`, or the value. */
export async function settle(promise: Promise<unknown>): Promise<unknown> {
  try {
    return await promise;
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
}

/**
 * Runs `scenario` through Amplify, then cognate, each signed out with empty storage and `before`
 * run first under an empty script; what each app saw, its Hub events, its storage keys and the
 * requests the scenario sent.
 */
export async function both(scenario: (lib: Lib) => Promise<unknown>, before?: (lib: Lib) => Promise<unknown>) {
  const out: { result: unknown; events: string[]; keys: string[]; requests: typeof scripted.requests }[] = [];
  for (const lib of [amplify, cognate]) {
    await lib.api.signOut().catch(() => {});
    lib.storage.map.clear();
    const saved = scripted.answers;
    if (before) {
      scripted.answers = {};
      await before(lib);
      scripted.answers = saved;
    }
    lib.events.length = 0;
    scripted.requests.length = 0;
    const result = await settle(scenario(lib));
    await new Promise(resolve => setTimeout(resolve, 10));
    out.push({ result, events: [...lib.events], keys: [...lib.storage.map.keys()].sort(), requests: [...scripted.requests] });
  }
  return out as [(typeof out)[0], (typeof out)[0]];
}

export const DELIVERY = { Destination: 'u***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' };
/** Plausible successful answers, so each flow goes as far as it can. */
export const SUCCESS: Record<string, (request: Record<string, unknown>) => Answer> = {
  InitiateAuth: request =>
    (request.AuthParameters as Record<string, string>).SRP_A
      ? json({ ChallengeName: 'PASSWORD_VERIFIER', ChallengeParameters: { USER_ID_FOR_SRP: 'u', SRP_B: 'ab12', SALT: '01', SECRET_BLOCK: 'c2Vj' } })
      : json({ AuthenticationResult: tokens('u') }),
  RespondToAuthChallenge: () => json({ AuthenticationResult: tokens('u') }),
  GetTokensFromRefreshToken: () => json({ AuthenticationResult: tokens('u') }),
  SignUp: () => json({ UserConfirmed: false, UserSub: 'sub-u', CodeDeliveryDetails: DELIVERY }),
  ConfirmSignUp: () => json({ Session: 'sess-signed-up' }),
  ResendConfirmationCode: () => json({ CodeDeliveryDetails: DELIVERY }),
  ForgotPassword: () => json({ CodeDeliveryDetails: DELIVERY }),
  GetUserAttributeVerificationCode: () => json({ CodeDeliveryDetails: DELIVERY }),
  UpdateUserAttributes: () => json({ CodeDeliveryDetailsList: [DELIVERY] }),
  VerifySoftwareToken: () => json({ Status: 'SUCCESS', Session: 'sess-verified' }),
  AssociateSoftwareToken: () => json({ SecretCode: 'SECRETCODE', Session: 'sess-associated' }),
  GetUser: () => json({ Username: 'u', UserAttributes: [{ Name: 'sub', Value: 'sub-u' }] }),
};

/** Values that differ per run (SRP numbers, timestamps, tokens) replaced by their key. */
export function normalize(value: unknown, key = ''): unknown {
  if (['SRP_A', 'PASSWORD_CLAIM_SIGNATURE', 'TIMESTAMP', 'AccessToken'].includes(key)) return `<${key}>`;
  if (Array.isArray(value)) return value.map(v => normalize(v));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v, k)]));
  return value;
}

/** Signs `lib` in with the USER_PASSWORD_AUTH flow, under the SUCCESS script. */
export const signInFirst = async (lib: Lib) => {
  scripted.answers = SUCCESS;
  await lib.api.signIn({ username: 'u', password: 'p', options: { authFlowType: 'USER_PASSWORD_AUTH' } });
};
