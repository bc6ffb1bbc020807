/**
 * The cognate-local core: a `(Request) => Promise<Response>` handler. It speaks AWS JSON 1.1 on
 * `POST /` (dispatch on `X-Amz-Target`), serves each pool's JWKS and OpenID discovery document,
 * answers CORS preflights, and offers local-only helpers under `/_local/`. Errors are serialised
 * here, at one boundary, in Cognito's shape.
 *
 * Access rules (services/access.ts, services/sigv4.ts), checked before any route or operation
 * runs: the Host header must name this server; public operations (`auth: 'none'` in the
 * registries) answer any origin with CORS `*`; admin operations need a SigV4 signature and, like
 * `/_local/*`, refuse cross-site browser requests; `/_local/*` writes need a JSON content type.
 */
import type { ExceptionName } from '@cognate/protocol/wire';
import { randomUUID } from 'node:crypto';
import { CognitoError, errors } from './errors.js';
import { accessPolicy, crossSiteReason, hostAllowed, originCors, type AccessOptions, type AccessPolicy } from './services/access.js';
import { checkSignature } from './services/sigv4.js';
import { callerOf } from './services/auth-events.js';
import type { Json, OperationContext, Services } from './context.js';
import { ALL_USER_POOL_OPERATIONS, USER_POOL_OPERATIONS } from './registry.js';
import { ALL_IDENTITY_OPERATIONS, IDENTITY_OPERATIONS } from './identity/registry.js';
import { identityJwks } from './identity/openid.js';
import type { UserPool } from './model.js';
import { findUser } from './services/users.js';
import { DROP_HEADER, parseFaultSettings, type FaultKind } from './services/faults.js';
import { oauthRoutes } from './oauth/routes.js';
import { consoleRoutes } from './console/routes.js';
import { consoleApi } from './console/api.js';
import type { MockIdpUser } from './oauth/idp.js';
import { MAX_BODY_BYTES, MAX_FORM_BYTES, MAX_JSON_DEPTH, jsonTooDeep, readBody } from './input.js';
import { userImportUpload } from './operations/user-import.js';
import { exportState } from './services/state-file.js';
import { API_PREFIX, gatewayRoute } from './gateway/gateway.js';
import type { ApiConfig } from './config.js';

export { MAX_BODY_BYTES };
const IDP_PREFIX = 'AWSCognitoIdentityProviderService.';
const IDENTITY_PREFIX = 'AWSCognitoIdentityService.';

/** CORS for the public operations and documents: any origin may call them, as on AWS. */
const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers':
    'content-type, x-amz-target, x-amz-user-agent, amz-sdk-invocation-id, amz-sdk-request, cache-control, authorization, x-amz-date, x-amz-security-token, x-amz-content-sha256, x-amz-api-version',
  'access-control-expose-headers': 'x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date',
  'access-control-max-age': '86400',
};

/** The same, for one allowed origin (echoed, not `*`), or nothing when the origin is not allowed. */
function corsFor(origin: string | undefined): Record<string, string> {
  if (!origin) return {};
  const { 'access-control-allow-origin': _any, ...rest } = CORS_HEADERS;
  return { ...rest, ...originCors(origin) };
}

/**
 * A browser request this server refuses (another site's page, a Host it does not answer to). There
 * is no Cognito error for it: AWS's common AccessDeniedException (403, "You do not have sufficient
 * access to perform this action") is the honest name, and the message says what to configure.
 */
const accessDenied = (message: string) => new CognitoError('AccessDeniedException', message, 403);

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...CORS_HEADERS, ...headers },
  });
}

/** An answer as plain data: what both the Fetch boundary and the Node shell write. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

/** The `Date` header's value (whole seconds, as HTTP dates are), formatted once per second. */
let dateSecond = -1;
let dateText = '';
function httpDate(): string {
  const second = Math.floor(Date.now() / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(second * 1000).toUTCString();
  }
  return dateText;
}

function awsResponse(requestId: string, body: Json, cors: Record<string, string>): RawResponse {
  return {
    status: 200,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId, date: httpDate(), ...cors },
    body: JSON.stringify(body),
  };
}

function awsError(requestId: string, error: CognitoError, cors: Record<string, string> = CORS_HEADERS): RawResponse {
  // Header values must be ISO-8859-1 single-line; the body carries the exact message.
  const headerMessage = error.message.replace(/[^\x20-\x7e]/g, ' ').slice(0, 1024);
  return {
    status: error.status,
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': `${error.type}:`,
      'x-amzn-errormessage': headerMessage,
      date: httpDate(),
      ...cors,
    },
    body: JSON.stringify({ __type: error.type, message: error.message }),
  };
}

/** The answer to a body over MAX_BODY_BYTES (Cognito-shaped, 400). */
export function bodyTooLarge(): RawResponse {
  return awsError(randomUUID(), errors.invalidParameter(`Request body is larger than ${MAX_BODY_BYTES} bytes.`));
}

export function toResponse(raw: RawResponse): Response {
  return new Response(raw.body, { status: raw.status, headers: raw.headers });
}

export interface LocalHandler {
  (request: Request): Promise<Response>;
  /**
   * The AWS JSON 1.1 API without Fetch objects: the target header, the body text (already limited
   * to MAX_BODY_BYTES by the caller), the server's origin, the request's headers (lower-case
   * names; Host, Origin, Sec-Fetch-Site, Authorization, X-Amz-Date and the signed ones) and its
   * path and query. The Node shell uses it for `POST /`. Without headers, admin operations answer
   * MissingAuthenticationTokenException.
   */
  aws(target: string | null, text: string, origin: string, header?: (name: string) => string | undefined, path?: string): Promise<RawResponse>;
}

const noHeaders = () => undefined;

export function createHandler(services: Services, access: AccessOptions = {}, apis: readonly ApiConfig[] = []): LocalHandler {
  const policy: AccessPolicy = accessPolicy(access);
  const issuerOf = (request: Request) => issuerFrom(new URL(request.url).origin);
  const issuerFrom = (origin: string) => {
    const base = services.issuerBase ?? origin;
    return (poolId: string) => `${base}/${poolId}`;
  };
  /** issuerFrom, made once per origin (a server is reached at one or a few). */
  const issuers = new Map<string, (poolId: string) => string>();
  const issuerFor = (origin: string) => {
    let issuer = issuers.get(origin);
    if (!issuer) {
      issuer = issuerFrom(origin);
      if (issuers.size >= 64) issuers.clear();
      issuers.set(origin, issuer);
    }
    return issuer;
  };

  async function aws(
    target: string | null,
    text: string,
    origin: string,
    header: (name: string) => string | undefined = noHeaders,
    path = '/',
  ): Promise<RawResponse> {
    const requestId = randomUUID();
    // Public answers carry CORS `*`; an admin operation's only for an allowed origin (see dispatch).
    const scope = { cors: CORS_HEADERS };
    try {
      if (!hostAllowed(policy, header('host') ?? new URL(origin).host)) {
        scope.cors = {};
        throw accessDenied(
          `Host ${header('host') ?? ''} is not a name this server answers to (DNS rebinding protection); add it with allowedHosts or --allowed-host.`,
        );
      }
      return await dispatch(target, text, origin, requestId, header, path, scope);
    } catch (error) {
      if (error instanceof CognitoError) return awsError(requestId, error, scope.cors);
      services.log(`[cognate-local] internal error in request ${requestId}: ${(error as Error)?.stack ?? String(error)}`);
      return awsError(requestId, errors.internal(), scope.cors);
    }
  }

  async function dispatch(
    target: string | null,
    text: string,
    origin: string,
    requestId: string,
    header: (name: string) => string | undefined,
    path: string,
    scope: { cors: Record<string, string> },
  ): Promise<RawResponse> {
    if (!target) throw errors.unknownOperation('Missing X-Amz-Target header.');
    let name: string;
    let entry: (typeof USER_POOL_OPERATIONS)[string] | undefined;
    let service: string;
    if (target.startsWith(IDP_PREFIX)) {
      service = 'cognito-idp';
      name = target.slice(IDP_PREFIX.length);
      entry = Object.hasOwn(USER_POOL_OPERATIONS, name) ? USER_POOL_OPERATIONS[name] : undefined;
      if (!entry) {
        if ((ALL_USER_POOL_OPERATIONS as readonly string[]).includes(name)) throw errors.unsupportedOperation(`${name} is not supported by cognate-local yet.`);
        throw errors.unknownOperation(`Unknown operation ${name}.`);
      }
    } else if (target.startsWith(IDENTITY_PREFIX)) {
      service = 'cognito-identity';
      name = target.slice(IDENTITY_PREFIX.length);
      entry = Object.hasOwn(IDENTITY_OPERATIONS, name) ? IDENTITY_OPERATIONS[name] : undefined;
      if (!entry) {
        if ((ALL_IDENTITY_OPERATIONS as readonly string[]).includes(name)) throw errors.unsupportedOperation(`${name} is not supported by cognate-local yet.`);
        throw errors.unknownOperation(`Unknown operation ${name}.`);
      }
    } else {
      throw errors.unknownOperation(`Unknown operation ${target}.`);
    }
    if (entry.auth !== 'none') {
      // An admin operation: no cross-site browser page may reach it, and it must be signed.
      const callerOrigin = header('origin');
      const refused = crossSiteReason(policy, header, origin);
      scope.cors = refused ? {} : corsFor(callerOrigin);
      if (refused) throw accessDenied(`${name} is an admin operation. ${refused}`);
      checkSignature({ method: 'POST', target: path, header, body: text }, service, policy.credentials);
    }
    // Malformed or deeply nested JSON is refused whole, as AWS's deserializer does: nothing deeper
    // than Cognito's shapes is ever parsed, stored or copied.
    if (jsonTooDeep(text)) throw new CognitoError('SerializationException', `Request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
    let input: unknown;
    try {
      input = text === '' ? {} : JSON.parse(text);
    } catch {
      throw new CognitoError('SerializationException', 'Request body is not valid JSON.');
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) throw errors.invalidParameter('Request body must be a JSON object.');
    // The services are the context's prototype, not copied into it: a request adds only its own three fields.
    const ctx: OperationContext = Object.create(services);
    ctx.requestId = requestId;
    ctx.issuer = issuerFor(origin);
    ctx.caller = callerOf(input as Json, header);
    // A failure queued for this operation (cognate-local/testing's failNext) comes first.
    const queued = services.faults.takeQueued(name);
    if (queued === 'drop') return { status: 500, headers: { [DROP_HEADER]: '1' }, body: null };
    // failNext may name any error a test wants its app to meet, known to Cognito's tables or not.
    if (queued) return awsError(requestId, new CognitoError(queued.type as ExceptionName, queued.message, queued.status), scope.cors);
    const fault = services.faults.draw(name);
    if (fault === 'slow') await new Promise(r => setTimeout(r, services.faults.settings.slowMs ?? 2000));
    else if (fault && services.faults.settings.phase !== 'after') return faultResponse(requestId, fault, scope.cors);
    const response = awsResponse(requestId, await entry.handler(input as Json, ctx), scope.cors);
    return fault && fault !== 'slow' ? faultResponse(requestId, fault, scope.cors, response) : response;
  }

  /** An injected fault; `response` is the real answer when the fault comes after the operation. */
  async function faultResponse(requestId: string, fault: FaultKind, cors: Record<string, string>, response?: RawResponse): Promise<RawResponse> {
    switch (fault) {
      case 'throttle':
        return awsError(requestId, new CognitoError('TooManyRequestsException', 'Rate exceeded'), cors);
      case 'error':
        return awsError(requestId, errors.internal(), cors);
      case 'unavailable':
        return awsError(requestId, new CognitoError('ServiceUnavailableException', 'Service Unavailable', 503), cors);
      case 'slow':
        await new Promise(r => setTimeout(r, services.faults.settings.slowMs ?? 2000));
        return response ?? awsError(requestId, errors.internal(), cors);
      case 'drop':
        return { status: 500, headers: { [DROP_HEADER]: '1' }, body: null };
    }
  }

  async function wellKnown(request: Request, url: URL): Promise<Response | undefined> {
    const match = /^\/([\w-]+_[0-9a-zA-Z]+)\/\.well-known\/(jwks\.json|openid-configuration)$/.exec(url.pathname);
    if (!match) return undefined;
    const [, poolId, doc] = match;
    const pool = services.store.get<UserPool>('pool', poolId!);
    if (!pool) return json(404, { message: `User pool ${poolId} does not exist.` });
    if (doc === 'jwks.json') {
      const keys = await services.keys.forPool(pool.Id);
      return json(200, { keys: [keys.id.jwk, keys.access.jwk] });
    }
    const issuer = issuerOf(request)(pool.Id);
    const origin = services.issuerBase ?? url.origin;
    return json(200, {
      authorization_endpoint: `${origin}/oauth2/authorize`,
      end_session_endpoint: `${origin}/logout`,
      id_token_signing_alg_values_supported: ['RS256'],
      issuer,
      jwks_uri: `${issuer}/.well-known/jwks.json`,
      response_types_supported: ['code', 'token'],
      revocation_endpoint: `${origin}/oauth2/revoke`,
      scopes_supported: ['openid', 'email', 'phone', 'profile'],
      subject_types_supported: ['public'],
      token_endpoint: `${origin}/oauth2/token`,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      userinfo_endpoint: `${origin}/oauth2/userInfo`,
    });
  }

  const handle = async function handle(request: Request): Promise<Response> {
    const requestId = randomUUID();
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return json(400, { message: 'Bad request URL' });
    }
    const header = (name: string) => request.headers.get(name) ?? (name === 'host' ? url.host : undefined);
    try {
      if (!hostAllowed(policy, header('host'))) {
        return refusal(
          accessDenied(
            `Host ${header('host') ?? ''} is not a name this server answers to (DNS rebinding protection); add it with allowedHosts or --allowed-host.`,
          ),
        );
      }
      // The local API Gateway (gateway/gateway.ts): its own authorisers and answers, CORS included.
      if (url.pathname.startsWith(API_PREFIX)) return await gatewayRoute(services, request, url, apis);
      const local = url.pathname.startsWith('/_local/');
      // The mock identity provider's sign-in page (/_local/idp/, oauth/idp.ts) is part of the
      // hosted-UI flow, reached by redirect from any app like /login; the hosted pages' rules apply.
      // The user import's pre-signed upload URL (/_local/user-import/) plays S3's part: its token authorises it.
      const control = local && !url.pathname.startsWith('/_local/idp/') && !url.pathname.startsWith('/_local/user-import/');
      if (request.method === 'OPTIONS') {
        // The AWS API's preflight cannot tell a public operation from an admin one (the target is
        // not sent): it is allowed, and the request itself is checked. `/_local/*` preflights only
        // succeed for this server's own and configured origins.
        if (!control) return new Response(null, { status: 204, headers: CORS_HEADERS });
        const refused = crossSiteReason(policy, header, url.origin);
        return new Response(null, { status: 204, headers: refused ? {} : corsFor(header('origin')) });
      }
      if (control) {
        const refused = localRefusal(request, url, header);
        if (refused) return refused;
      }
      if (request.method === 'POST' && (url.pathname === '/' || request.headers.has('x-amz-target'))) {
        let text: string;
        try {
          text = await readBody(request);
        } catch (error) {
          if (error instanceof CognitoError) return toResponse(awsError(requestId, error));
          throw error;
        }
        return toResponse(await aws(request.headers.get('x-amz-target'), text, url.origin, header, url.pathname + url.search));
      }
      if (request.method === 'GET') {
        if (url.pathname === '/health') return json(200, { status: 'ok' });
        if (url.pathname === '/identity/.well-known/jwks.json') return json(200, identityJwks(services));
        const doc = await wellKnown(request, url);
        if (doc) return doc;
        // The console (pools, users, outbox, demo app) for browsers; see console/routes.ts.
        const page = url.pathname === '/' || url.pathname.startsWith('/_local/console/') ? await consoleRoutes(services, request, url) : undefined;
        if (page) return page;
        if (url.pathname === '/') {
          return new Response('cognate-local: a local Amazon Cognito. POST AWS JSON 1.1 requests here.\n', {
            status: 200,
            headers: { 'content-type': 'text/plain; charset=utf-8', ...CORS_HEADERS },
          });
        }
      }
      const upload = url.pathname.startsWith('/_local/user-import/') ? await userImportUpload(services, request, url) : undefined;
      if (upload) return upload;
      // The console's actions (console/api.ts), behind the `/_local/*` rule above.
      const action = request.method === 'POST' ? await consoleApi(services, request, url, issuerOf(request)) : undefined;
      if (action) return withCors(action, corsFor(header('origin')));
      const oauth = await oauthRoutes({ ...services, requestId, issuer: issuerOf(request) }, request, url, services.mockIdpUsers ?? []);
      if (oauth) return oauth;
      const answer = local ? await localRoutes(services, request, url) : undefined;
      if (answer) return withCors(answer, corsFor(header('origin')));
      return json(404, { message: `No route for ${request.method} ${url.pathname}` });
    } catch (error) {
      if (error instanceof CognitoError) return toResponse(awsError(requestId, error));
      services.log(`[cognate-local] internal error in request ${requestId}: ${(error as Error)?.stack ?? String(error)}`);
      return toResponse(awsError(requestId, errors.internal()));
    }
  };
  /**
   * Why a `/_local/*` request is refused (a 4xx answer), or undefined. Another site's page may not
   * read the outbox or change state; a top-level navigation to a console page (a link) may open
   * it, as no other page can read or frame what it shows. Writes need `content-type:
   * application/json`, which a plain HTML form cannot send.
   */
  function localRefusal(request: Request, url: URL, header: (name: string) => string | undefined): Response | undefined {
    const navigation =
      request.method === 'GET' &&
      url.pathname.startsWith('/_local/console/') &&
      header('sec-fetch-mode') === 'navigate' &&
      header('sec-fetch-dest') === 'document';
    const refused = navigation ? undefined : crossSiteReason(policy, header, url.origin);
    if (refused) return refusal(accessDenied(`${url.pathname} is local-only. ${refused}`));
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      const type = (header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json') {
        return refusal(
          errors.invalidParameter(`${request.method} ${url.pathname} needs a JSON body sent with content-type: application/json.`),
          corsFor(header('origin')),
        );
      }
    }
    return undefined;
  }

  return Object.assign(handle, { aws });
}

/** A refused request outside the AWS API: Cognito's error shape as plain JSON (a browser may show it). */
function refusal(error: CognitoError, cors: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ __type: error.type, message: error.message }), {
    status: error.status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': `${error.type}:`, ...cors },
  });
}

/** `response` with its CORS headers replaced by `cors`. */
function withCors(response: Response, cors: Record<string, string>): Response {
  const headers = new Headers(response.headers);
  for (const name of [...headers.keys()]) if (name.startsWith('access-control-')) headers.delete(name);
  for (const [name, value] of Object.entries(cors)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * The JSON body of a `/_local/*` write (`{}` when empty), or undefined when it is not JSON. A body
 * over MAX_FORM_BYTES throws its CognitoError. The one body reader of `/_local/clock` and `/_local/faults`.
 */
async function jsonBody(request: Request): Promise<unknown> {
  const text = await readBody(request, MAX_FORM_BYTES);
  try {
    return JSON.parse(text || '{}') as unknown;
  } catch {
    return undefined;
  }
}

async function localRoutes(services: Services, request: Request, url: URL): Promise<Response | undefined> {
  const path = url.pathname;
  if (path === '/_local/messages' && request.method === 'GET') {
    const poolId = url.searchParams.get('userPoolId') ?? undefined;
    const username = url.searchParams.get('username') ?? undefined;
    let messages: ReturnType<typeof services.outbox.list>;
    if (username !== undefined && poolId !== undefined) {
      // Accept the username, or an alias (email, phone number) that signs the user in, or the
      // address a message went to: prefix reads of those rows, not a scan of the pool's outbox.
      const pool = services.store.get<UserPool>('pool', poolId);
      const owner = pool ? findUser(services, pool, username)?.username : undefined;
      messages = services.outbox.forUser(poolId, owner !== undefined ? [username, owner] : [username], username);
    } else {
      messages = services.outbox.list(poolId);
      if (username !== undefined) messages = messages.filter(m => m.username === username || m.destination === username);
    }
    return json(200, { messages });
  }
  if (path === '/_local/clock') {
    if (request.method === 'POST') {
      const body = await jsonBody(request);
      if (body === undefined) return json(400, { message: 'Body must be JSON: {"offsetSeconds": number}' });
      const { offsetSeconds: offset, frozen } = (body ?? {}) as { offsetSeconds?: unknown; frozen?: unknown };
      if (offset !== undefined && (typeof offset !== 'number' || !Number.isFinite(offset)))
        return json(400, { message: 'offsetSeconds must be a finite number' });
      if (frozen !== undefined && typeof frozen !== 'boolean') return json(400, { message: 'frozen must be a boolean' });
      if (typeof offset === 'number') services.clock.offsetMs = offset * 1000;
      if (typeof frozen === 'boolean') services.clock.freeze(frozen);
    }
    return json(200, { offsetSeconds: services.clock.offsetMs / 1000, frozen: services.clock.frozenAtMs !== undefined, now: services.clock.now() });
  }
  if (path === '/_local/faults') {
    if (request.method === 'POST') {
      const body = await jsonBody(request);
      if (body === undefined) return json(400, { message: 'Body must be JSON' });
      const parsed = parseFaultSettings(body);
      if (typeof parsed === 'string') return json(400, { message: parsed });
      services.faults.configure(parsed);
    }
    return json(200, { settings: services.faults.settings, stats: services.faults.stats });
  }
  if (path === '/_local/state' && request.method === 'GET') {
    // The whole state as a state file (`cognate-local export`; see services/state-file.ts).
    return json(200, exportState(services.store, services.region));
  }
  if (path === '/_local/reset' && request.method === 'POST') {
    services.store.clear();
    services.keys.clearCache();
    services.clock.offsetMs = 0;
    services.clock.freeze(false);
    services.faults.configure({});
    services.faults.clearQueued();
    return json(200, { reset: true });
  }
  return undefined;
}
