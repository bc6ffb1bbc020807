/**
 * A local API Gateway: requests to `/_api/<name>/…` are authorised as API Gateway's REST APIs do it
 * for the API's `authorizer` (config `apis[]`), then forwarded to its `target` with the path after
 * the name, the query, the method, the headers and the body; the target's answer comes back as it
 * was sent. Bodies stream both ways (a Node `http` request to the target, piped), except that
 * AWS_IAM needs the whole payload to check its SHA-256 before anything is forwarded (at most 10 MB,
 * API Gateway's own payload limit).
 *
 * Refusals are API Gateway's default gateway responses: a JSON `{"message": …}` body with
 * `x-amzn-ErrorType`, 401 `Unauthorized` for a missing or refused user-pool token, 403 `Missing
 * Authentication Token` for an unsigned IAM request (and for an API name nobody configured, as API
 * Gateway answers an unknown resource), 403 with AWS's signature messages otherwise.
 *
 * - COGNITO_USER_POOLS: the `Authorization` header holds the token, raw or after `Bearer `. Without
 *   `scopes`, an ID token of `userPoolId` is required; with them, an access token carrying one of
 *   them. Signature (the pool's keys), issuer, `token_use` and expiry (the server clock) are
 *   checked; revocation is not, as API Gateway's authoriser verifies the JWT alone (GlobalSignOut
 *   revokes tokens for Cognito's own API, not for other verifiers).
 * - AWS_IAM: SigV4 for service `execute-api`, with credentials this server issued through
 *   GetCredentialsForIdentity (the SecretKey is recomputed from the AccessKeyId and SessionToken,
 *   identity/issued-credentials.ts), refused once they expire on the server clock. There are no IAM
 *   policies here: any role the identity pool mapped may call.
 * - NONE: forwarded as it came.
 *
 * The target learns who called from headers the gateway sets (any the client sent under
 * `x-cognate-` are removed first, so they cannot be forged): `x-cognate-request-context` (API
 * Gateway's `requestContext` as JSON), `x-cognate-claims` (the token's claims as JSON),
 * `x-cognate-identity-id`, `x-cognate-identity-pool-id`, `x-cognate-role-arn`,
 * `x-cognate-authentication-type` (`authenticated` / `unauthenticated`). JSON in headers escapes
 * non-ASCII characters as `\uXXXX`. OPTIONS requests (CORS preflights) are forwarded without
 * authorisation, as an API's CORS methods usually are.
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { checkJwtClaims, checkJwtHeader, parseJwt } from '@cognate/protocol';
import type { ApiConfig } from '../config.js';
import type { Services } from '../context.js';
import { CognitoError } from '../errors.js';
import { readBytes } from '../input.js';
import type { UserPool } from '../model.js';
import { verifyRs256 } from '../services/jws.js';
import { checkSignature } from '../services/sigv4.js';
import { issuedSecretKey } from '../identity/issued-credentials.js';
import { findIdentity } from '../identity/records.js';
import { readSessionToken } from '../identity/roles.js';

export const API_PREFIX = '/_api/';
/** API Gateway's limit on the request line and headers together (REST APIs: 10240 bytes). */
export const MAX_GATEWAY_HEADER_BYTES = 10240;
/** API Gateway's payload limit; AWS_IAM reads the body to hash it, up to this. */
export const MAX_IAM_BODY_BYTES = 10 * 1024 * 1024;

/** Headers for one connection only (RFC 9110 §7.6.1), and Host, which the target gets its own of. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);
const OWN_PREFIX = 'x-cognate-';

/** Responses whose body is the target's stream: the Node shell pipes them instead of reading them whole. */
const streamed = new WeakSet<Response>();
export const isStreamedResponse = (response: Response): boolean => streamed.has(response);

function refusal(requestId: string, status: number, message: string, errorType?: string): Response {
  return new Response(JSON.stringify({ message }), {
    status,
    headers: { 'content-type': 'application/json', 'x-amzn-requestid': requestId, ...(errorType ? { 'x-amzn-errortype': errorType } : {}) },
  });
}

const unauthorized = (requestId: string) => refusal(requestId, 401, 'Unauthorized', 'UnauthorizedException');
const missingToken = (requestId: string) => refusal(requestId, 403, 'Missing Authentication Token', 'MissingAuthenticationTokenException');

/** JSON that fits in a header value: non-ASCII characters escaped. */
const headerJson = (value: unknown) => JSON.stringify(value).replace(/[^\x20-\x7e]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

interface Caller {
  headers: Record<string, string>;
  identity?: Record<string, string | null>;
  authorizer?: Record<string, unknown>;
}

type Header = (name: string) => string | undefined;

async function cognitoCaller(services: Services, api: ApiConfig, header: Header, origin: string): Promise<Caller | undefined> {
  const raw = header('authorization')?.trim();
  if (!raw) return undefined;
  const token = raw.replace(/^Bearer\s+/i, '');
  const parsed = parseJwt(token);
  if (!parsed || checkJwtHeader(parsed.header)) return undefined;
  const pool = api.userPoolId ? services.store.get<UserPool>('pool', api.userPoolId) : undefined;
  if (!pool) return undefined;
  const claims = parsed.payload;
  if (claims.iss !== `${services.issuerBase ?? origin}/${pool.Id}`) return undefined;
  const scopes = api.scopes?.length ? api.scopes : undefined;
  const use = scopes ? 'access' : 'id';
  const key = (await services.keys.forPool(pool.Id))[use];
  if (parsed.header.kid !== key.kid || !verifyRs256(token, key.publicKey)) return undefined;
  if (checkJwtClaims(claims, { now: services.clock.now(), tokenUse: use, rejectExpired: true, iatSkew: 300 })) return undefined;
  if (scopes) {
    const granted = String(claims.scope ?? '').split(' ');
    if (!scopes.some(scope => granted.includes(scope))) return undefined;
  }
  return { headers: { 'x-cognate-claims': headerJson(claims) }, authorizer: { claims } };
}

/** An AWS_IAM caller and the body it signed, or API Gateway's refusal. */
async function iamCaller(
  services: Services,
  request: Request,
  url: URL,
  header: Header,
  requestId: string,
): Promise<{ caller: Caller; body: Uint8Array } | Response> {
  if (!header('authorization')) return missingToken(requestId);
  // The path as sent: the verifier canonicalises it (each segment encoded again, as SigV4 does for execute-api).
  const signed = { method: request.method, target: url.pathname + url.search, header, body: '' };
  const refused = (error: unknown) => {
    if (error instanceof CognitoError) return refusal(requestId, 403, error.message, error.type);
    throw error;
  };
  try {
    checkSignature(signed, 'execute-api', undefined); // the header's shape first
  } catch (error) {
    return refused(error);
  }
  const accessKeyId = /Credential=([^/,\s]+)\//.exec(header('authorization')!)?.[1];
  const token = header('x-amz-security-token');
  const session = token ? readSessionToken(token) : undefined;
  if (!accessKeyId || !token || !session || session.accessKeyId !== accessKeyId || session.expiration === undefined) {
    return refusal(requestId, 403, 'The security token included in the request is invalid.', 'UnrecognizedClientException');
  }
  if (session.expiration <= services.clock.now()) {
    return refusal(requestId, 403, 'The security token included in the request is expired', 'ExpiredTokenException');
  }
  const body = await readBytes(request.body, MAX_IAM_BODY_BYTES);
  if (!body) return refusal(requestId, 413, 'Request Too Long');
  try {
    checkSignature({ ...signed, body }, 'execute-api', { accessKeyId, secretAccessKey: issuedSecretKey(services.store, accessKeyId, token) });
  } catch (error) {
    return refused(error);
  }
  const identity = findIdentity(services, session.identityId);
  const authenticated = (identity?.logins.length ?? 0) > 0;
  const headers: Record<string, string> = {
    'x-cognate-identity-id': session.identityId,
    'x-cognate-authentication-type': authenticated ? 'authenticated' : 'unauthenticated',
    ...(identity ? { 'x-cognate-identity-pool-id': identity.poolId } : {}),
    ...(session.roleArn ? { 'x-cognate-role-arn': session.roleArn } : {}),
  };
  const caller: Caller = {
    headers,
    identity: {
      cognitoIdentityId: session.identityId,
      cognitoIdentityPoolId: identity?.poolId ?? null,
      cognitoAuthenticationType: authenticated ? 'authenticated' : 'unauthenticated',
      cognitoAuthenticationProvider: identity?.logins.length ? identity.logins.map(l => l.provider).join(',') : null,
      accessKey: accessKeyId,
      userArn: session.roleArn ? `${session.roleArn.replace(':iam::', ':sts::').replace(':role/', ':assumed-role/')}/CognitoIdentityCredentials` : null,
      caller: null,
    },
  };
  return { caller, body };
}

/** The request's headers as they go to the target: hop-by-hop ones and any `x-cognate-*` dropped. */
function forwardedHeaders(request: Request): OutgoingHttpHeaders {
  const connection = (request.headers.get('connection') ?? '')
    .split(',')
    .map(s => s.trim().toLowerCase())
    .filter(Boolean);
  const out: Record<string, string | string[]> = {};
  request.headers.forEach((value, name) => {
    if (HOP_BY_HOP.has(name) || connection.includes(name) || name.startsWith(OWN_PREFIX)) return;
    out[name] = value;
  });
  return out;
}

/** Sends the request to the target and answers with its response, streaming both bodies. */
function forward(
  api: ApiConfig,
  request: Request,
  url: URL,
  rest: string,
  headers: OutgoingHttpHeaders,
  body: Uint8Array | ReadableStream<Uint8Array> | null,
  requestId: string,
): Promise<Response> {
  const target = new URL(api.target);
  const path = `${target.pathname.replace(/\/+$/, '')}${rest || '/'}${url.search}`;
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<Response>(resolve => {
    const upstream = send(
      {
        protocol: target.protocol,
        hostname: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port || undefined,
        method: request.method,
        path,
        headers,
      },
      (res: IncomingMessage) => {
        const answer = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i]!.toLowerCase();
          if (HOP_BY_HOP.has(name)) continue;
          try {
            answer.append(name, res.rawHeaders[i + 1]!);
          } catch {
            // A value Fetch refuses is dropped.
          }
        }
        const status = res.statusCode && res.statusCode >= 200 && res.statusCode <= 599 ? res.statusCode : 502;
        const empty = request.method === 'HEAD' || status === 204 || status === 205 || status === 304;
        if (empty) res.resume();
        const response = new Response(empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), { status, headers: answer });
        streamed.add(response);
        resolve(response);
      },
    );
    upstream.on('error', error => {
      const code = (error as NodeJS.ErrnoException).code ?? error.message;
      resolve(refusal(requestId, 502, `Could not reach the API's target ${target.origin} (${code}).`, 'IntegrationFailure'));
    });
    if (body instanceof Uint8Array) upstream.end(body);
    else if (body) {
      const source = Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>);
      source.on('error', () => upstream.destroy());
      source.pipe(upstream);
    } else upstream.end();
  });
}

/** Answers a request under `/_api/`. */
export async function gatewayRoute(services: Services, request: Request, url: URL, apis: readonly ApiConfig[]): Promise<Response> {
  const requestId = randomUUID();
  const match = /^\/_api\/([^/]+)(\/.*)?$/.exec(url.pathname);
  const api = match ? apis.find(a => a.name === match[1]) : undefined;
  if (!match || !api) return missingToken(requestId);
  let headerBytes = request.method.length + url.pathname.length + url.search.length + 12;
  request.headers.forEach((value, name) => {
    headerBytes += name.length + value.length + 4;
  });
  if (headerBytes > MAX_GATEWAY_HEADER_BYTES) return refusal(requestId, 431, 'Request Header Fields Too Large');
  const header: Header = name => request.headers.get(name) ?? (name === 'host' ? url.host : undefined);
  const rest = match[2] ?? '';
  const headers = forwardedHeaders(request);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  let caller: Caller = { headers: {} };
  let body: Uint8Array | ReadableStream<Uint8Array> | null = hasBody ? request.body : null;
  if (request.method !== 'OPTIONS') {
    if (api.authorizer === 'COGNITO_USER_POOLS') {
      const found = await cognitoCaller(services, api, header, url.origin);
      if (!found) return unauthorized(requestId);
      caller = found;
    } else if (api.authorizer === 'AWS_IAM') {
      const checked = await iamCaller(services, request, url, header, requestId);
      if (checked instanceof Response) return checked;
      caller = checked.caller;
      body = hasBody ? checked.body : null;
    }
  }
  const requestContext = {
    apiId: api.name,
    stage: 'local',
    requestId,
    httpMethod: request.method,
    path: url.pathname,
    resourcePath: rest || '/',
    protocol: 'HTTP/1.1',
    requestTimeEpoch: services.clock.nowMs(),
    identity: { sourceIp: null, userAgent: header('user-agent') ?? null, ...caller.identity },
    ...(caller.authorizer ? { authorizer: caller.authorizer } : {}),
  };
  Object.assign(headers, caller.headers, { 'x-cognate-request-context': headerJson(requestContext) });
  return forward(api, request, url, rest, headers, body, requestId);
}
