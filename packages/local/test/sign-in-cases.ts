/**
 * One table of sign-in cases, run through every front of cognate-local's one sign-in engine: the
 * API (InitiateAuth USER_PASSWORD_AUTH / RespondToAuthChallenge through the AWS SDK) and the hosted
 * pages (form posts that follow the real pages, or Chromium). Each case lists its steps and the
 * outcome each step must have, the same for every front: a challenge, an error (type and message),
 * the next step an app would take (confirm sign-up), or tokens with given claims.
 *
 * Each front signs in its own copy of the case's user (`<user>-<front>`), so the cases and fronts
 * never share state.
 */
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserPasswordCommand,
  AssociateSoftwareTokenCommand,
  DescribeUserPoolClientCommand,
  type ChallengeNameType,
  type CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { computePasswordClaimSignature, formatSrpTimestamp, srpAToHex, startSrpSession } from '@cognate/protocol';
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StartServerOptions } from '../src/index.js';
import { BrowserAgent } from './browser-agent.js';
import { decodePayload, lastCode, setClock } from './helpers.js';

export const PASSWORD = 'Passw0rd!';
export const WRONG = 'Wrong-Passw0rd!';
export const APP = 'http://localhost:5173/callback';

/** Four pools: `plain` (no MFA, with triggers), `mfa` (OPTIONAL: SMS, TOTP, email), `required` (MFA ON, TOTP only), `emailRequired` (MFA ON, email only). */
export type PoolName = 'plain' | 'mfa' | 'required' | 'emailRequired';
export const POOLS: Record<PoolName, string> = {
  plain: 'us-east-1_SignCase01',
  mfa: 'us-east-1_SignCase02',
  required: 'us-east-1_SignCase03',
  emailRequired: 'us-east-1_SignCase04',
};
/**
 * Per pool, a client that hides unknown users (PreventUserExistenceErrors ENABLED), a LEGACY one,
 * and a confidential one (with a client secret: SECRET_HASH on the API, client authentication at
 * the token endpoint; the hosted pages sign in for it).
 */
export type ClientName = 'hidden' | 'legacy' | 'secret';
export const CLIENTS: Record<PoolName, Record<ClientName, string>> = {
  plain: { hidden: 'signcaseclient00000000000a', legacy: 'signcaseclient00000000000b', secret: 'signcaseclient00000000000s' },
  mfa: { hidden: 'signcaseclient00000000000c', legacy: 'signcaseclient00000000000d', secret: 'signcaseclient00000000000t' },
  required: { hidden: 'signcaseclient00000000000e', legacy: 'signcaseclient00000000000f', secret: 'signcaseclient00000000000u' },
  emailRequired: { hidden: 'signcaseclient00000000000g', legacy: 'signcaseclient00000000000h', secret: 'signcaseclient00000000000v' },
};

export type Outcome =
  | { challenge: ChallengeNameType }
  | { error: string; message: string }
  /** What an app does next without tokens (Amplify's nextStep): the API says UserNotConfirmedException, the page goes to /confirm. */
  | { next: 'CONFIRM_SIGN_UP' }
  /** Signed in: the ID token has these claims (and `cognito:username`); `postAuthentication`: the trigger ran for this user. */
  | { tokens: Record<string, unknown>; postAuthentication?: true };

export type Action =
  | { signIn: string }
  /** A one-time code for the current challenge: TOTP from the user's authenticator, or the code delivered to them. */
  | { code: 'totp' | 'delivered' | string; afterSeconds?: number }
  | { newPassword: string }
  | { select: 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP' }
  /** MFA_SETUP: register an authenticator app with the secret the front was given, answering with its code. */
  | { setupTotp: true }
  /** MFA_SETUP: set up email MFA with this address (a code then goes there: EMAIL_OTP). */
  | { setupEmail: string };

export interface UserSpec {
  status?: 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'UNCONFIRMED';
  disabled?: true;
  phone?: true;
  banned?: true;
  mfa?: Array<'SMS' | 'EMAIL' | 'TOTP'>;
  /** Not created: an unknown user. */
  unknown?: true;
}

export interface SignInCase {
  name: string;
  pool: PoolName;
  client?: ClientName;
  user: UserSpec;
  /** The server's clock for the case (reset afterwards). */
  clock?: { offsetSeconds?: number; frozen?: boolean };
  steps: Array<[Action, Outcome]>;
}

const INCORRECT = { error: 'NotAuthorizedException', message: 'Incorrect username or password.' };
const MISMATCH = { error: 'CodeMismatchException', message: 'Invalid code or auth state for the user.' };

export const CASES: SignInCase[] = [
  { name: 'right password', pool: 'plain', user: {}, steps: [[{ signIn: PASSWORD }, { tokens: { email_verified: true } }]] },
  { name: 'wrong password', pool: 'plain', user: {}, steps: [[{ signIn: WRONG }, INCORRECT]] },
  {
    name: 'unknown user, PreventUserExistenceErrors ENABLED',
    pool: 'plain',
    client: 'hidden',
    user: { unknown: true },
    steps: [[{ signIn: PASSWORD }, INCORRECT]],
  },
  {
    name: 'unknown user, PreventUserExistenceErrors LEGACY',
    pool: 'plain',
    client: 'legacy',
    user: { unknown: true },
    steps: [[{ signIn: PASSWORD }, { error: 'UserNotFoundException', message: 'User does not exist.' }]],
  },
  {
    name: 'lockout after 5 wrong passwords',
    pool: 'plain',
    client: 'legacy',
    user: {},
    clock: { frozen: true },
    steps: [
      ...Array.from({ length: 5 }, (): [Action, Outcome] => [{ signIn: WRONG }, INCORRECT]),
      [{ signIn: PASSWORD }, { error: 'NotAuthorizedException', message: 'Password attempts exceeded' }],
    ],
  },
  {
    name: 'NEW_PASSWORD_REQUIRED',
    pool: 'plain',
    user: { status: 'FORCE_CHANGE_PASSWORD' },
    steps: [
      [{ signIn: PASSWORD }, { challenge: 'NEW_PASSWORD_REQUIRED' }],
      [{ newPassword: 'short' }, { error: 'InvalidPasswordException', message: 'Password did not conform with policy: Password not long enough' }],
      [{ newPassword: 'Brand-new-Passw0rd!' }, { tokens: {} }],
      [{ signIn: 'Brand-new-Passw0rd!' }, { tokens: {} }],
    ],
  },
  {
    name: 'NEW_PASSWORD_REQUIRED, app client with a secret',
    pool: 'plain',
    client: 'secret',
    user: { status: 'FORCE_CHANGE_PASSWORD' },
    steps: [
      [{ signIn: PASSWORD }, { challenge: 'NEW_PASSWORD_REQUIRED' }],
      [{ newPassword: 'Brand-new-Passw0rd!' }, { tokens: {} }],
    ],
  },
  {
    name: 'expired temporary password',
    pool: 'plain',
    user: { status: 'FORCE_CHANGE_PASSWORD' },
    clock: { offsetSeconds: 8 * 86400 },
    steps: [[{ signIn: PASSWORD }, { error: 'NotAuthorizedException', message: 'Temporary password has expired and must be reset by an administrator.' }]],
  },
  {
    name: 'TOTP MFA, right code',
    pool: 'mfa',
    user: { mfa: ['TOTP'] },
    steps: [
      [{ signIn: PASSWORD }, { challenge: 'SOFTWARE_TOKEN_MFA' }],
      [{ code: 'totp' }, { tokens: {} }],
    ],
  },
  {
    name: 'TOTP MFA, wrong codes up to the limit',
    pool: 'mfa',
    user: { mfa: ['TOTP'] },
    steps: [
      [{ signIn: PASSWORD }, { challenge: 'SOFTWARE_TOKEN_MFA' }],
      [{ code: '000000' }, MISMATCH],
      [{ code: '000001' }, MISMATCH],
      [{ code: '000002' }, { error: 'NotAuthorizedException', message: 'Invalid session for the user.' }],
    ],
  },
  {
    name: 'TOTP MFA, the challenge session expired (AuthSessionValidity, 3 minutes)',
    pool: 'mfa',
    user: { mfa: ['TOTP'] },
    steps: [
      [{ signIn: PASSWORD }, { challenge: 'SOFTWARE_TOKEN_MFA' }],
      [
        { code: '000000', afterSeconds: 181 },
        { error: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' },
      ],
    ],
  },
  {
    name: 'SMS MFA',
    pool: 'mfa',
    user: { phone: true, mfa: ['SMS'] },
    steps: [
      [{ signIn: PASSWORD }, { challenge: 'SMS_MFA' }],
      [{ code: '000000' }, MISMATCH],
      [{ code: 'delivered' }, { tokens: { phone_number: '+15555550100' } }],
    ],
  },
  {
    name: 'email OTP MFA',
    pool: 'mfa',
    user: { mfa: ['EMAIL'] },
    steps: [
      [{ signIn: PASSWORD }, { challenge: 'EMAIL_OTP' }],
      [{ code: 'delivered' }, { tokens: {} }],
    ],
  },
  {
    name: 'SELECT_MFA_TYPE',
    pool: 'mfa',
    user: { phone: true, mfa: ['SMS', 'TOTP'] },
    steps: [
      [{ signIn: PASSWORD }, { challenge: 'SELECT_MFA_TYPE' }],
      [{ select: 'SOFTWARE_TOKEN_MFA' }, { challenge: 'SOFTWARE_TOKEN_MFA' }],
      [{ code: 'totp' }, { tokens: {} }],
    ],
  },
  {
    name: 'MFA_SETUP with TOTP',
    pool: 'required',
    user: {},
    steps: [
      [{ signIn: PASSWORD }, { challenge: 'MFA_SETUP' }],
      [{ setupTotp: true }, { tokens: {} }],
      [{ signIn: PASSWORD }, { challenge: 'SOFTWARE_TOKEN_MFA' }],
    ],
  },
  {
    name: 'MFA_SETUP with email',
    pool: 'emailRequired',
    user: {},
    steps: [
      [{ signIn: PASSWORD }, { challenge: 'MFA_SETUP' }],
      [{ setupEmail: 'second-factor@example.com' }, { challenge: 'EMAIL_OTP' }],
      [{ code: 'delivered' }, { tokens: { email: 'second-factor@example.com', email_verified: true } }],
      [{ signIn: PASSWORD }, { challenge: 'EMAIL_OTP' }],
    ],
  },
  {
    name: 'PreAuthentication trigger refusing',
    pool: 'plain',
    user: { banned: true },
    steps: [[{ signIn: PASSWORD }, { error: 'UserLambdaValidationException', message: 'PreAuthentication failed with error Account suspended.' }]],
  },
  { name: 'PostAuthentication running', pool: 'plain', user: {}, steps: [[{ signIn: PASSWORD }, { tokens: {}, postAuthentication: true }]] },
  { name: 'PreTokenGeneration adding a claim', pool: 'plain', user: {}, steps: [[{ signIn: PASSWORD }, { tokens: { plan: 'gold' } }]] },
  {
    name: 'disabled user',
    pool: 'plain',
    client: 'legacy',
    user: { disabled: true },
    steps: [[{ signIn: PASSWORD }, { error: 'NotAuthorizedException', message: 'User is disabled.' }]],
  },
  {
    name: 'disabled user, hidden: told only after the right password',
    pool: 'plain',
    client: 'hidden',
    user: { disabled: true },
    steps: [
      [{ signIn: WRONG }, INCORRECT],
      [{ signIn: PASSWORD }, { error: 'NotAuthorizedException', message: 'User is disabled.' }],
    ],
  },
  { name: 'unconfirmed user', pool: 'plain', user: { status: 'UNCONFIRMED' }, steps: [[{ signIn: PASSWORD }, { next: 'CONFIRM_SIGN_UP' }]] },
];

// --- the server -----------------------------------------------------------------------------------

const TRIGGERS: Record<string, string> = {
  'pre-authentication.mjs': `export const handler = async (event) => {
    if (event.request.userAttributes['custom:banned'] === 'yes') throw new Error('Account suspended');
    return event;
  };`,
  'post-authentication.mjs': `import { appendFileSync } from 'node:fs';
  export const handler = async (event) => {
    appendFileSync(new URL('./post-authentication.log', import.meta.url), event.triggerSource + ' ' + event.userName + '\\n');
    return event;
  };`,
  'pre-token.mjs': `export const handler = async (event) => {
    event.response.claimsOverrideDetails = { claimsToAddOrOverride: { plan: 'gold' } };
    return event;
  };`,
};

/** Writes the trigger modules into `dir` and returns the server options for the three pools. */
export function casesServerOptions(dir: string): StartServerOptions {
  for (const [name, source] of Object.entries(TRIGGERS)) writeFileSync(join(dir, name), source);
  const clients = (pool: PoolName) =>
    (['hidden', 'legacy', 'secret'] as const).map(kind => ({
      ClientId: CLIENTS[pool][kind],
      ClientName: `${pool}-${kind}`,
      ...(kind === 'secret' ? { GenerateSecret: true } : {}),
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      PreventUserExistenceErrors: kind === 'legacy' ? 'LEGACY' : 'ENABLED',
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'phone'],
      CallbackURLs: [APP],
      SupportedIdentityProviders: ['COGNITO'],
    }));
  return {
    triggerBaseDir: dir,
    config: {
      userPools: [
        {
          Id: POOLS.plain,
          PoolName: 'cases-plain',
          Schema: [{ Name: 'banned', AttributeDataType: 'String', Mutable: true }],
          LambdaConfig: {
            PreAuthentication: './pre-authentication.mjs',
            PostAuthentication: './post-authentication.mjs',
            PreTokenGeneration: './pre-token.mjs',
          },
          clients: clients('plain'),
        },
        { Id: POOLS.mfa, PoolName: 'cases-mfa', clients: clients('mfa') },
        { Id: POOLS.required, PoolName: 'cases-required', clients: clients('required') },
        { Id: POOLS.emailRequired, PoolName: 'cases-email-required', clients: clients('emailRequired') },
      ],
    },
  } as StartServerOptions;
}

/** Pool MFA settings the config file does not carry. */
export async function configurePools(admin: CognitoIdentityProviderClient): Promise<void> {
  await admin.send(
    new SetUserPoolMfaConfigCommand({
      UserPoolId: POOLS.mfa,
      MfaConfiguration: 'OPTIONAL',
      SmsMfaConfiguration: { SmsAuthenticationMessage: 'Your code is {####}' },
      SoftwareTokenMfaConfiguration: { Enabled: true },
      EmailMfaConfiguration: { Message: 'Your code is {####}' },
    }),
  );
  await admin.send(new SetUserPoolMfaConfigCommand({ UserPoolId: POOLS.required, MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } }));
  await admin.send(
    new SetUserPoolMfaConfigCommand({ UserPoolId: POOLS.emailRequired, MfaConfiguration: 'ON', EmailMfaConfiguration: { Message: 'Your code is {####}' } }),
  );
}

/** An authenticator app: RFC 4648 base32 and RFC 6238 TOTP (SHA-1, 30 s, 6 digits). */
export function totp(secret: string, stepOffset = 0, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g)!.map(b => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30) + stepOffset));
  const mac = createHmac('sha1', key).update(counter).digest();
  const o = mac[19]! & 15;
  return String((mac.readUInt32BE(o) & 0x7fffffff) % 1e6).padStart(6, '0');
}

/** A case's user, made through the admin API; returns its TOTP secret when it has one. */
export async function makeUser(admin: CognitoIdentityProviderClient, c: SignInCase, username: string): Promise<{ totpSecret?: string }> {
  const spec = c.user;
  if (spec.unknown) return {};
  const poolId = POOLS[c.pool];
  const clientId = CLIENTS[c.pool].legacy;
  const attributes = [
    { Name: 'email', Value: `${username}@example.com` },
    { Name: 'email_verified', Value: 'true' },
    ...(spec.phone
      ? [
          { Name: 'phone_number', Value: '+15555550100' },
          { Name: 'phone_number_verified', Value: 'true' },
        ]
      : []),
    ...(spec.banned ? [{ Name: 'custom:banned', Value: 'yes' }] : []),
  ];
  if (spec.status === 'UNCONFIRMED') {
    await admin.send(
      new SignUpCommand({ ClientId: clientId, Username: username, Password: PASSWORD, UserAttributes: attributes.filter(a => !a.Name.endsWith('_verified')) }),
    );
    return {};
  }
  await admin.send(
    new AdminCreateUserCommand({ UserPoolId: poolId, Username: username, TemporaryPassword: PASSWORD, MessageAction: 'SUPPRESS', UserAttributes: attributes }),
  );
  if (spec.status !== 'FORCE_CHANGE_PASSWORD') {
    await admin.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: PASSWORD, Permanent: true }));
  }
  let totpSecret: string | undefined;
  if (spec.mfa?.includes('TOTP')) {
    const signedIn = await admin.send(
      new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: PASSWORD } }),
    );
    const AccessToken = signedIn.AuthenticationResult!.AccessToken!;
    totpSecret = (await admin.send(new AssociateSoftwareTokenCommand({ AccessToken }))).SecretCode!;
    await admin.send(new VerifySoftwareTokenCommand({ AccessToken, UserCode: totp(totpSecret) }));
  }
  if (spec.mfa) {
    await admin.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: poolId,
        Username: username,
        ...(spec.mfa.includes('SMS') ? { SMSMfaSettings: { Enabled: true } } : {}),
        ...(spec.mfa.includes('TOTP') ? { SoftwareTokenMfaSettings: { Enabled: true } } : {}),
        ...(spec.mfa.includes('EMAIL') ? { EmailMfaSettings: { Enabled: true } } : {}),
      }),
    );
  }
  if (spec.disabled) await admin.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: username }));
  return totpSecret ? { totpSecret } : {};
}

// --- the fronts ------------------------------------------------------------------------------------

/** One way in: signs in and answers challenges, reporting each step's outcome. */
export interface Front {
  signIn(username: string, password: string): Promise<Outcome>;
  /** Answers the current challenge; `code` is already resolved, `setupTotp` gets the secret the front was shown. */
  answer(action: Exclude<Action, { signIn: string }>, resolve: (secret: string) => string): Promise<Outcome>;
}

export interface FrontContext {
  url: string;
  admin: CognitoIdentityProviderClient;
  poolId: string;
  clientId: string;
  clientSecret?: string;
}

/** SECRET_HASH: Base64(HMAC-SHA256(client secret, username + client id)). */
function secretHash(context: FrontContext, username: string): Record<string, string> {
  if (!context.clientSecret) return {};
  return {
    SECRET_HASH: createHmac('sha256', context.clientSecret)
      .update(username + context.clientId)
      .digest('base64'),
  };
}

function tokensOutcome(idToken: string): Outcome {
  return { tokens: decodePayload(idToken) };
}

function sdkError(error: unknown): Outcome {
  const e = error as Error;
  if (e.name === 'UserNotConfirmedException') return { next: 'CONFIRM_SIGN_UP' };
  return { error: e.name, message: e.message };
}

const RESPONSE_FIELD: Record<string, string> = { SMS_MFA: 'SMS_MFA_CODE', EMAIL_OTP: 'EMAIL_OTP_CODE', SOFTWARE_TOKEN_MFA: 'SOFTWARE_TOKEN_MFA_CODE' };

/**
 * InitiateAuth and RespondToAuthChallenge through the AWS SDK: USER_PASSWORD_AUTH, or with `srp`
 * USER_SRP_AUTH and its PASSWORD_VERIFIER answer (computed here as Amplify does) as the first step.
 */
export function apiFront(context: FrontContext, options: { srp?: boolean } = {}): Front {
  const { admin, clientId } = context;
  let username = '';
  let session: string | undefined;
  let challenge: ChallengeNameType | undefined;
  const handle = async (send: () => Promise<{ ChallengeName?: ChallengeNameType; Session?: string; AuthenticationResult?: { IdToken?: string } }>) => {
    try {
      const out = await send();
      if (out.AuthenticationResult) return tokensOutcome(out.AuthenticationResult.IdToken!);
      session = out.Session;
      challenge = out.ChallengeName!;
      return { challenge };
    } catch (error) {
      return sdkError(error);
    }
  };
  const respond = (name: ChallengeNameType, responses: Record<string, string>, s = session) =>
    admin.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: name,
        Session: s,
        ChallengeResponses: { USERNAME: username, ...secretHash(context, username), ...responses },
      }),
    );
  return {
    signIn(login, password) {
      username = login;
      session = undefined;
      if (!options.srp) {
        return handle(() =>
          admin.send(
            new InitiateAuthCommand({
              ClientId: clientId,
              AuthFlow: 'USER_PASSWORD_AUTH',
              AuthParameters: { USERNAME: login, PASSWORD: password, ...secretHash(context, login) },
            }),
          ),
        );
      }
      return handle(async () => {
        const srp = startSrpSession();
        const first = await admin.send(
          new InitiateAuthCommand({
            ClientId: clientId,
            AuthFlow: 'USER_SRP_AUTH',
            AuthParameters: { USERNAME: login, SRP_A: srpAToHex(srp.A), ...secretHash(context, login) },
          }),
        );
        const p = first.ChallengeParameters!;
        const timestamp = formatSrpTimestamp();
        const signature = await computePasswordClaimSignature({
          poolName: context.poolId.split('_')[1]!,
          userId: p.USER_ID_FOR_SRP!,
          password,
          session: srp,
          srpB: p.SRP_B!,
          salt: p.SALT!,
          secretBlock: p.SECRET_BLOCK!,
          timestamp,
        });
        return respond(
          'PASSWORD_VERIFIER',
          { PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!, PASSWORD_CLAIM_SIGNATURE: signature, TIMESTAMP: timestamp },
          undefined,
        );
      });
    },
    answer(action, resolve) {
      if ('code' in action) return handle(() => respond(challenge!, { [RESPONSE_FIELD[challenge!]!]: action.code }));
      if ('newPassword' in action) return handle(() => respond('NEW_PASSWORD_REQUIRED', { NEW_PASSWORD: action.newPassword }));
      if ('select' in action) return handle(() => respond('SELECT_MFA_TYPE', { ANSWER: action.select }));
      if ('setupEmail' in action) return handle(() => respond('MFA_SETUP', { EMAIL: action.setupEmail }));
      return handle(async () => {
        const associated = await admin.send(new AssociateSoftwareTokenCommand({ Session: session }));
        const verified = await admin.send(new VerifySoftwareTokenCommand({ Session: associated.Session, UserCode: resolve(associated.SecretCode!) }));
        return respond('MFA_SETUP', {}, verified.Session);
      });
    },
  };
}

const decode = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Which challenge a hosted page asks for, by its title (as a person reads it). */
const PAGE_TITLES: Record<string, ChallengeNameType> = {
  'Change your password': 'NEW_PASSWORD_REQUIRED',
  'Choose how to verify': 'SELECT_MFA_TYPE',
  'Set up your authenticator app': 'MFA_SETUP',
  'Set up email verification': 'MFA_SETUP',
  'Enter the code from your authenticator app': 'SOFTWARE_TOKEN_MFA',
  'Enter the code sent by text message': 'SMS_MFA',
  'Enter the code sent by email': 'EMAIL_OTP',
};

/** What a hosted page's answer says, in the table's terms. */
export function pageOutcome(status: number, location: string | null, html: string): Outcome | { redirect: string } {
  if (status === 302 && location) {
    if (location.startsWith(APP)) return { redirect: location };
    if (new URL(location, 'http://x').pathname === '/confirm') return { next: 'CONFIRM_SIGN_UP' };
    return { error: 'redirect', message: location };
  }
  const error = /<div class="error" role="alert" data-error-type="([^"]*)">([^<]*)<\/div>/.exec(html);
  if (error) return { error: decode(error[1]!), message: decode(error[2]!) };
  const title = /<h1>([^<]*)<\/h1>/.exec(html)?.[1];
  const challenge = title ? PAGE_TITLES[decode(title)] : undefined;
  if (challenge) return { challenge };
  return { error: `page ${status}`, message: title ?? html.slice(0, 200) };
}

/** Exchanges an authorization code at /oauth2/token for the ID token's claims. */
export async function redeem(url: string, clientId: string, location: string, clientSecret?: string): Promise<Outcome> {
  const code = new URL(location).searchParams.get('code');
  if (!code) return { error: 'redirect', message: location };
  const basic: Record<string, string> = clientSecret ? { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` } : {};
  const res = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...basic },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: APP }),
  });
  const body = (await res.json()) as { id_token?: string; error?: string };
  return body.id_token ? tokensOutcome(body.id_token) : { error: 'token', message: String(body.error) };
}

export function authorizeUrl(url: string, clientId: string): string {
  return `${url}/oauth2/authorize?${new URLSearchParams({ client_id: clientId, response_type: 'code', redirect_uri: APP, scope: 'openid email phone' })}`;
}

/** The hosted pages over HTTP: fetch each page, post its form (CSRF token and hidden fields included), follow the answer. */
export function pageFront({ url, clientId, clientSecret }: FrontContext): Front {
  let agent = new BrowserAgent();
  let page = '';
  const read = async (res: Response): Promise<Outcome> => {
    const html = res.status === 302 ? '' : await res.text();
    if (html) page = html;
    const out = pageOutcome(res.status, res.headers.get('location'), html);
    return 'redirect' in out ? redeem(url, clientId, out.redirect, clientSecret) : out;
  };
  return {
    async signIn(username, password) {
      // Each sign-in from a fresh browser: one with the hosted session would go straight back to the app.
      agent = new BrowserAgent();
      const toLogin = await agent.get(authorizeUrl(url, clientId));
      const loginUrl = new URL(toLogin.headers.get('location')!, url).href;
      const form = await (await agent.get(loginUrl)).text();
      return read(await agent.submit(loginUrl, form, { username, password }, '/login'));
    },
    answer(action, resolve) {
      if ('code' in action) return agent.submit(url, page, { code: action.code }).then(read);
      if ('newPassword' in action) return agent.submit(url, page, { password: action.newPassword }).then(read);
      if ('select' in action) return agent.submit(url, page, { method: action.select }).then(read);
      if ('setupEmail' in action) return agent.submit(url, page, { email: action.setupEmail }).then(read);
      const secret = /secret=([A-Z2-7]+)/.exec(page)?.[1];
      if (!secret) throw new Error('no secret on the setup page');
      return agent.submit(url, page, { code: resolve(secret) }).then(read);
    },
  };
}

// --- running a case --------------------------------------------------------------------------------

/** The user a front signs in for a case: its own copy, unique per case and front. */
function caseUsername(c: SignInCase, frontName: string): string {
  const slug = c.name
    .replace(/[^a-z0-9]+/gi, '-')
    .toLowerCase()
    .slice(0, 30);
  return `${String(CASES.indexOf(c)).padStart(2, '0')}-${slug}-${frontName}`;
}

/** The trigger log's lines for `username`. */
function postAuthentications(dir: string, username: string): string[] {
  const file = join(dir, 'post-authentication.log');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(line => line.endsWith(` ${username}`));
}

/**
 * Runs a case through one front and returns every step's outcome, in the table's terms: tokens
 * are reduced to the claims the case names (plus `cognito:username`), so the result can be
 * compared with the case's steps as they are.
 */
export async function runCase(
  c: SignInCase,
  frontName: string,
  make: (context: FrontContext) => Front,
  context: { url: string; admin: CognitoIdentityProviderClient; triggerDir: string },
): Promise<Array<[Action, Outcome]>> {
  const username = caseUsername(c, frontName);
  const { totpSecret } = await makeUser(context.admin, c, username);
  const poolId = POOLS[c.pool];
  const clientId = CLIENTS[c.pool][c.client ?? 'hidden'];
  const clientSecret =
    c.client === 'secret'
      ? (await context.admin.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }))).UserPoolClient!.ClientSecret!
      : undefined;
  const front = make({ url: context.url, admin: context.admin, poolId, clientId, ...(clientSecret ? { clientSecret } : {}) });
  if (c.clock) await setClock(context.url, c.clock);
  const seen: Array<[Action, Outcome]> = [];
  let moved = false;
  try {
    for (const [action, expected] of c.steps) {
      let outcome: Outcome;
      if ('signIn' in action) {
        outcome = await front.signIn(username, action.signIn);
      } else if ('code' in action) {
        if (action.afterSeconds) {
          moved = true;
          await setClock(context.url, { offsetSeconds: action.afterSeconds });
        }
        const code = action.code === 'totp' ? totp(totpSecret!, 1) : action.code === 'delivered' ? await lastCode(context.url, poolId, username) : action.code;
        outcome = await front.answer({ code }, secret => totp(secret));
      } else {
        outcome = await front.answer(action, secret => totp(secret));
      }
      if ('tokens' in outcome && 'tokens' in expected) {
        const claims: Record<string, unknown> = {};
        for (const name of ['cognito:username', ...Object.keys(expected.tokens)]) if (name in outcome.tokens) claims[name] = outcome.tokens[name];
        const ran = postAuthentications(context.triggerDir, username).length > 0;
        outcome = { tokens: claims, ...(expected.postAuthentication && ran ? { postAuthentication: true as const } : {}) };
      }
      seen.push([action, outcome]);
    }
  } finally {
    if (c.clock || moved) await setClock(context.url, { offsetSeconds: 0, frozen: false });
  }
  return seen;
}

/** The case's steps with `cognito:username` filled in, to compare with runCase's answer. */
export function expectedSteps(c: SignInCase, frontName: string): Array<[Action, Outcome]> {
  const username = caseUsername(c, frontName);
  return c.steps.map(([action, outcome]) => [
    action,
    'tokens' in outcome ? { ...outcome, tokens: { 'cognito:username': username, ...outcome.tokens } } : outcome,
  ]);
}
