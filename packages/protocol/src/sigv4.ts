/**
 * AWS Signature Version 4 (AWS4-HMAC-SHA256) for requests in headers, on Web Crypto so that it runs
 * in browsers and Node alike. One canonical-request implementation for whoever signs (cognate's REST
 * API category) and whoever checks (cognate-local).
 *
 * Conventions follow the AWS SDK's signer: `path` is the request path as sent (already
 * percent-encoded once when it comes from a URL) and is normalised (empty, `.` and `..` segments)
 * and URI-encoded once more, as every service but S3 wants; query names and values are given
 * decoded and are RFC 3986-encoded here; a header may repeat (an array), its values joined by
 * commas in the order given. Every header given is signed.
 */
import { bytesToHex, utf8Encode } from './encoding.js';

export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SigV4Request {
  method: string;
  /** The path as sent, e.g. `/prod/items/%E1%88%B4`. */
  path: string;
  /** Decoded name/value pairs (`URLSearchParams` works), or a raw query string without `?`. */
  query?: Iterable<readonly [string, string]> | string;
  /** Header names in any case; `undefined` values are left out. */
  headers: Record<string, string | readonly string[] | undefined>;
  /** Hashed as given; `undefined`/`null` is the empty payload. */
  body?: string | Uint8Array | null;
}

export interface SigV4Scope {
  region: string;
  service: string;
  /** The signing time (defaults to now). */
  date?: Date;
}

export interface SigV4Signature {
  /** The `Authorization` header's value. */
  authorization: string;
  /** `X-Amz-Date`, `yyyymmddThhmmssZ`. */
  amzDate: string;
  credentialScope: string;
  signedHeaders: string;
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
}

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const bytes = (data: string | Uint8Array): Uint8Array<ArrayBuffer> =>
  typeof data === 'string' ? utf8Encode(data) : (new Uint8Array(data) as Uint8Array<ArrayBuffer>);

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  return bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes(data))));
}

async function hmac(key: string | Uint8Array, data: string): Promise<Uint8Array<ArrayBuffer>> {
  const cryptoKey = await crypto.subtle.importKey('raw', bytes(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, bytes(data)));
}

/** RFC 3986 percent-encoding (unreserved characters kept), as SigV4 wants it. */
export const uriEscape = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** `yyyymmddThhmmssZ` */
export const formatAmzDate = (date: Date): string =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

export function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const normalised = `${path.startsWith('/') ? '/' : ''}${segments.join('/')}${segments.length > 0 && path.endsWith('/') ? '/' : ''}`;
  return uriEscape(normalised).replace(/%2F/g, '/') || '/';
}

export function canonicalQuery(query: SigV4Request['query']): string {
  if (!query) return '';
  const pairs = typeof query === 'string' ? new URLSearchParams(query) : query;
  return [...pairs]
    .map(([k, v]) => [uriEscape(k), uriEscape(v)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

const headerValue = (value: string) =>
  value
    .replace(/[\r\n]/g, ' ')
    .replace(/[ \t]+/g, ' ')
    .trim();

/** Lower-cased, sorted names and their canonical values. */
export function canonicalHeaders(headers: SigV4Request['headers']): [string, string][] {
  const merged = new Map<string, string[]>();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    const list = merged.get(key) ?? [];
    for (const v of typeof value === 'string' ? [value] : value) list.push(headerValue(v));
    merged.set(key, list);
  }
  return [...merged].map(([k, v]) => [k, v.join(',')] as [string, string]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The payload hash: `x-amz-content-sha256` when given, else the body's SHA-256. */
export async function payloadHash(request: Pick<SigV4Request, 'headers' | 'body'>): Promise<string> {
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.toLowerCase() === 'x-amz-content-sha256' && typeof value === 'string') return value;
  }
  return request.body == null || request.body.length === 0 ? EMPTY_SHA256 : sha256Hex(request.body);
}

export function canonicalRequest(request: SigV4Request, hashedPayload: string): { canonicalRequest: string; signedHeaders: string } {
  const headers = canonicalHeaders(request.headers);
  const signedHeaders = headers.map(([k]) => k).join(';');
  const text = [
    request.method.toUpperCase(),
    canonicalPath(request.path),
    canonicalQuery(request.query),
    ...headers.map(([k, v]) => `${k}:${v}`),
    '',
    signedHeaders,
    hashedPayload,
  ].join('\n');
  return { canonicalRequest: text, signedHeaders };
}

/** The string to sign: the algorithm, `X-Amz-Date`, the credential scope and the canonical request's SHA-256 (hex). */
export function stringToSign(amzDate: string, credentialScope: string, canonicalRequestHash: string): string {
  return `${SIGV4_ALGORITHM}\n${amzDate}\n${credentialScope}\n${canonicalRequestHash}`;
}

/** The derived key `AWS4<secret>` → date → region → service → `aws4_request`. */
export async function signingKey(secretAccessKey: string, shortDate: string, region: string, service: string): Promise<Uint8Array> {
  let key = await hmac(`AWS4${secretAccessKey}`, shortDate);
  for (const part of [region, service, 'aws4_request']) key = await hmac(key, part);
  return key;
}

/**
 * Signs `request` as it is: the caller has put `host`, `x-amz-date` (and `x-amz-security-token`)
 * among its headers already, or uses `signRequest`. The time is `X-Amz-Date` when that header is
 * given, else `scope.date`.
 */
export async function signature(request: SigV4Request, credentials: SigV4Credentials, scope: SigV4Scope): Promise<SigV4Signature> {
  const given = Object.entries(request.headers).find(([k]) => k.toLowerCase() === 'x-amz-date')?.[1];
  const amzDate = typeof given === 'string' ? given : formatAmzDate(scope.date ?? new Date());
  const shortDate = amzDate.slice(0, 8);
  const credentialScope = `${shortDate}/${scope.region}/${scope.service}/aws4_request`;
  const { canonicalRequest: canonical, signedHeaders } = canonicalRequest(request, await payloadHash(request));
  const toSign = stringToSign(amzDate, credentialScope, await sha256Hex(canonical));
  const key = await signingKey(credentials.secretAccessKey, shortDate, scope.region, scope.service);
  const sig = bytesToHex(await hmac(key, toSign));
  return {
    authorization: `${SIGV4_ALGORITHM} Credential=${credentials.accessKeyId}/${credentialScope}, SignedHeaders=${signedHeaders}, Signature=${sig}`,
    amzDate,
    credentialScope,
    signedHeaders,
    canonicalRequest: canonical,
    stringToSign: toSign,
    signature: sig,
  };
}

/**
 * Signs an HTTP request to `url`: adds `host`, `x-amz-date` and, with a session token,
 * `x-amz-security-token` to the headers (lower-cased), signs all of them and returns the headers
 * to send, `authorization` included.
 */
export async function signRequest(
  request: { method: string; url: URL; headers: Record<string, string>; body?: string | Uint8Array | null },
  credentials: SigV4Credentials,
  scope: SigV4Scope,
): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.headers)) headers[k.toLowerCase()] = v;
  headers.host = request.url.host;
  headers['x-amz-date'] = formatAmzDate(scope.date ?? new Date());
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
  const signed = await signature(
    { method: request.method, path: request.url.pathname, query: request.url.searchParams, headers, body: request.body },
    credentials,
    scope,
  );
  headers.authorization = signed.authorization;
  return headers;
}
