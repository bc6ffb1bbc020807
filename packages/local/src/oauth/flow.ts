/**
 * The authorization request and the state it leaves behind: validating `/oauth2/authorize`
 * parameters against the app client (exact redirect URI match, allowed flows and scopes, PKCE
 * S256), the hosted-UI session cookie (`cognito`, 1 hour), single-use authorization codes (5
 * minutes), and CSRF tokens for the forms.
 */
import type { ChallengeName } from '@cognate/protocol/wire';
import { createHash, randomBytes } from 'node:crypto';
import { equalSecrets } from '../services/compare.js';
import type { Services } from '../context.js';
import type { UserPool, UserPoolClient, UserRecord } from '../model.js';
import { decodeComponent } from '../input.js';
import { getUser } from '../services/users.js';

export const OIDC_SCOPES = ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'];
const CODE_TTL = 300;
const SESSION_TTL = 3600;

/**
 * Stores an OAuth record a request can make without a password (a federated flow, a mock-IdP code),
 * or as many times as it likes once signed in (an authorization code), under the pool's cap
 * (limits.oauthRecordsPerPool, services/bounds.ts): the oldest goes first.
 */
export function putCappedOAuth(ctx: Services, poolId: string, key: string, record: unknown, afterFirstFactor: boolean): void {
  ctx.store.put('oauth', key, record);
  // What is made after a password (an authorization code, a hosted page's MFA or new-password step)
  // is capped apart from the federated flows and mock-IdP codes a request without credentials makes:
  // a flood of those never pushes out a code in flight or a step a person is typing into.
  const scope = `${afterFirstFactor ? 'oauth-signed' : 'oauth'}:${poolId}`;
  ctx.bounds.add(ctx.store, scope, 'oauth', key, ctx.bounds.limits.oauthRecordsPerPool);
}

/** Deletes a record stored with putCappedOAuth. */
export function deleteCappedOAuth(ctx: Services, key: string): void {
  takeCappedOAuth(ctx, key);
}

/** Deletes a record stored with putCappedOAuth and returns it, in one atomic step (store.take): undefined when another request took it first. */
export function takeCappedOAuth<T>(ctx: Services, key: string): T | undefined {
  const record = ctx.store.take<T>('oauth', key);
  ctx.bounds.remove('oauth', key);
  return record;
}

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  responseType: 'code' | 'token';
  scopes: string[];
  state?: string;
  nonce?: string;
  codeChallenge?: string;
  identityProvider?: string;
  idpIdentifier?: string;
  prompt?: string;
  lang?: string;
  loginHint?: string;
}

export type Checked =
  | { ok: true; request: AuthorizeRequest; client: UserPoolClient; pool: UserPool }
  /** Errors that must not redirect (unknown client, bad redirect URI): shown as a page. */
  | { ok: false; page: true; error: string; description: string }
  /** Errors reported to the app at its redirect URI (RFC 6749 §4.1.2.1). */
  | { ok: false; page: false; redirectUri: string; error: string; description: string; state?: string };

export function checkAuthorizeRequest(ctx: Services, params: URLSearchParams, allowedScopes: (pool: UserPool) => string[]): Checked {
  const clientId = params.get('client_id') ?? '';
  const client = clientId ? ctx.store.get<UserPoolClient>('client', clientId) : undefined;
  if (!client) return { ok: false, page: true, error: 'invalid_request', description: 'Unknown client_id.' };
  const pool = ctx.store.get<UserPool>('pool', client.UserPoolId);
  if (!pool) return { ok: false, page: true, error: 'invalid_request', description: 'Unknown client_id.' };
  const redirectUri = params.get('redirect_uri') ?? '';
  // A registered callback that is not an absolute URL (nothing checks them when set) cannot be redirected to.
  if (!redirectUri || !(client.CallbackURLs as string[] | undefined)?.includes(redirectUri) || !URL.canParse(redirectUri)) {
    return { ok: false, page: true, error: 'redirect_mismatch', description: 'redirect_uri does not match a callback URL of the app client.' };
  }
  const state = params.get('state') ?? undefined;
  const fail = (error: string, description: string): Checked => ({
    ok: false,
    page: false,
    redirectUri,
    error,
    description,
    ...(state !== undefined ? { state } : {}),
  });
  const responseType = params.get('response_type');
  if (responseType !== 'code' && responseType !== 'token') return fail('unsupported_response_type', 'response_type must be code or token.');
  const flows = (client.AllowedOAuthFlows as string[] | undefined) ?? [];
  if (!client.AllowedOAuthFlowsUserPoolClient || !flows.includes(responseType === 'code' ? 'code' : 'implicit')) {
    return fail('unauthorized_client', `The ${responseType === 'code' ? 'code' : 'implicit'} grant is not allowed for this client.`);
  }
  const allowed = (client.AllowedOAuthScopes as string[] | undefined) ?? [];
  const requested = (params.get('scope') ?? '').split(/\s+/).filter(Boolean);
  const scopes = requested.length ? requested : allowed;
  const known = new Set([...OIDC_SCOPES, ...allowedScopes(pool)]);
  if (scopes.some(s => !allowed.includes(s) || !known.has(s))) return fail('invalid_scope', 'A requested scope is not allowed for this client.');
  const challenge = params.get('code_challenge') ?? undefined;
  const method = params.get('code_challenge_method') ?? undefined;
  if (challenge !== undefined) {
    if (method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256.');
    if (!/^[A-Za-z0-9_-]{43}$/.test(challenge)) return fail('invalid_request', 'code_challenge is not a base64url SHA-256 value.');
  } else if (method !== undefined) {
    return fail('invalid_request', 'code_challenge_method without code_challenge.');
  }
  const identityProvider = params.get('identity_provider') ?? undefined;
  const idpIdentifier = params.get('idp_identifier') ?? undefined;
  const request: AuthorizeRequest = {
    clientId,
    redirectUri,
    responseType,
    scopes,
    ...(state !== undefined ? { state } : {}),
    ...(params.get('nonce') ? { nonce: params.get('nonce')! } : {}),
    ...(challenge ? { codeChallenge: challenge } : {}),
    ...(identityProvider ? { identityProvider } : {}),
    ...(idpIdentifier ? { idpIdentifier } : {}),
    ...(params.get('prompt') ? { prompt: params.get('prompt')! } : {}),
    ...(params.get('lang') ? { lang: params.get('lang')! } : {}),
    ...(params.get('login_hint') ? { loginHint: params.get('login_hint')! } : {}),
  };
  return { ok: true, request, client, pool };
}

/** The authorize parameters as a query string, to carry a request from page to page. */
export function requestQuery(request: AuthorizeRequest): string {
  const q = new URLSearchParams({
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    response_type: request.responseType,
    scope: request.scopes.join(' '),
  });
  if (request.state !== undefined) q.set('state', request.state);
  if (request.nonce) q.set('nonce', request.nonce);
  if (request.codeChallenge) {
    q.set('code_challenge', request.codeChallenge);
    q.set('code_challenge_method', 'S256');
  }
  if (request.lang) q.set('lang', request.lang);
  return q.toString();
}

export function errorRedirect(redirectUri: string, error: string, description: string, state?: string): string {
  const url = new URL(redirectUri);
  url.searchParams.set('error', error);
  url.searchParams.set('error_description', description);
  if (state !== undefined) url.searchParams.set('state', state);
  return url.href;
}

const hash = (value: string) => createHash('sha256').update(value).digest('base64url');

// --- cookies -------------------------------------------------------------------------------------

/** A cookie's value; a value with a malformed percent-escape is ignored, as if absent. */
export function readCookie(request: Request, name: string): string | undefined {
  const header = request.headers.get('cookie') ?? '';
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) {
      const value = decodeComponent(v.join('='));
      if (value !== undefined) return value;
    }
  }
  return undefined;
}

function cookie(request: Request, name: string, value: string, maxAge: number): string {
  const secure = new URL(request.url).protocol === 'https:' ? '; Secure' : '';
  return `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${secure}`;
}

// --- hosted sessions -----------------------------------------------------------------------------

interface HostedSession {
  poolId: string;
  username: string;
  authTime: number;
  expiresAt: number;
  /** Set for federated sign-ins. */
  provider?: string;
}

export function startHostedSession(ctx: Services, request: Request, pool: UserPool, user: UserRecord, provider?: string): string {
  const id = randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  ctx.store.put('oauth', `session/${hash(id)}`, {
    poolId: pool.Id,
    username: user.username,
    authTime: now,
    expiresAt: now + SESSION_TTL,
    ...(provider ? { provider } : {}),
  } satisfies HostedSession);
  return cookie(request, 'cognito', id, SESSION_TTL);
}

export function hostedSession(ctx: Services, request: Request, pool: UserPool): { user: UserRecord; session: HostedSession } | undefined {
  const id = readCookie(request, 'cognito');
  if (!id) return undefined;
  const session = ctx.store.get<HostedSession>('oauth', `session/${hash(id)}`);
  if (!session || session.poolId !== pool.Id || session.expiresAt <= ctx.clock.now()) return undefined;
  const user = getUser(ctx, pool, session.username);
  if (!user || !user.enabled) return undefined;
  return { user, session };
}

export function endHostedSession(ctx: Services, request: Request): string {
  const id = readCookie(request, 'cognito');
  if (id) ctx.store.delete('oauth', `session/${hash(id)}`);
  return cookie(request, 'cognito', '', 0);
}

// --- authorization codes -------------------------------------------------------------------------

export interface AuthorizationCode {
  poolId: string;
  clientId: string;
  redirectUri: string;
  username: string;
  scopes: string[];
  authTime: number;
  expiresAt: number;
  codeChallenge?: string;
  nonce?: string;
}

export function issueAuthorizationCode(ctx: Services, request: AuthorizeRequest, pool: UserPool, user: UserRecord, authTime: number): string {
  const code = crypto.randomUUID();
  const record: AuthorizationCode = {
    poolId: pool.Id,
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    username: user.username,
    scopes: request.scopes,
    authTime,
    expiresAt: ctx.clock.now() + CODE_TTL,
    ...(request.codeChallenge ? { codeChallenge: request.codeChallenge } : {}),
    ...(request.nonce ? { nonce: request.nonce } : {}),
  };
  putCappedOAuth(ctx, pool.Id, `code/${hash(code)}`, record, true);
  return code;
}

/** Takes the code (single use). */
export function redeemAuthorizationCode(ctx: Services, code: string): AuthorizationCode | undefined {
  // Read and deleted in one atomic step: of two exchanges of one code, in any processes, one gets it.
  const record = takeCappedOAuth<AuthorizationCode>(ctx, `code/${hash(code)}`);
  if (!record || record.expiresAt <= ctx.clock.now()) return undefined;
  return record;
}

export function pkceMatches(verifier: string, challenge: string): boolean {
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return false;
  return equalSecrets(createHash('sha256').update(verifier).digest('base64url'), challenge);
}

// --- CSRF ----------------------------------------------------------------------------------------

/** A CSRF token for a form, with the cookie that must come back with it (double submit). */
export function csrf(request: Request): { token: string; cookie?: string } {
  const existing = readCookie(request, 'XSRF-TOKEN');
  if (existing && /^[A-Za-z0-9_-]{32,}$/.test(existing)) return { token: existing };
  const token = randomBytes(24).toString('base64url');
  return { token, cookie: cookie(request, 'XSRF-TOKEN', token, 3600) };
}

export function csrfOk(request: Request, form: URLSearchParams): boolean {
  const fromCookie = readCookie(request, 'XSRF-TOKEN');
  const fromForm = form.get('_csrf');
  if (!fromCookie || !fromForm) return false;
  return equalSecrets(fromCookie, fromForm);
}

// --- multi-step flows (MFA, new password, confirmation) ------------------------------------------

/**
 * A hosted sign-in between two pages. `step` is the engine's challenge (NEW_PASSWORD_REQUIRED,
 * SMS_MFA, …) and `data.session` its Session, which stays here on the server: the browser holds
 * only the flow id. The engine's session decides how long the answer may take and how many tries
 * it gets; the flow's own 15 minutes only bound the record.
 */
export interface FlowState {
  request: AuthorizeRequest;
  poolId: string;
  username: string;
  step: ChallengeName | 'federated';
  data?: Record<string, string>;
  expiresAt: number;
}

export function saveFlow(ctx: Services, flow: Omit<FlowState, 'expiresAt'>, id = randomBytes(24).toString('base64url')): string {
  putCappedOAuth(ctx, flow.poolId, `flow/${hash(id)}`, { ...flow, expiresAt: ctx.clock.now() + 900 }, flow.step !== 'federated');
  return id;
}

export function loadFlow(ctx: Services, id: string | null): FlowState | undefined {
  if (!id) return undefined;
  const flow = ctx.store.get<FlowState>('oauth', `flow/${hash(id)}`);
  if (!flow || flow.expiresAt <= ctx.clock.now()) return undefined;
  return flow;
}

export function dropFlow(ctx: Services, id: string): void {
  deleteCappedOAuth(ctx, `flow/${hash(id)}`);
}

/** Uses up a flow read with loadFlow: false when another request took it first. */
export function claimFlow(ctx: Services, id: string): boolean {
  return takeCappedOAuth(ctx, `flow/${hash(id)}`) !== undefined;
}
