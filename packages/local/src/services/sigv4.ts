/**
 * AWS Signature Version 4 on the AWS JSON 1.1 API, for the operations that are IAM-authorised on
 * AWS (every entry with `auth: 'sigv4'` in the registries). With configured credentials the
 * signature is verified (canonical request, string to sign, derived key, X-Amz-Date within 15
 * minutes); without, only the header's shape is checked, as any AWS SDK always sends it.
 *
 * Error names and statuses are AWS's common errors for signed APIs
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/CommonErrors.html):
 * MissingAuthenticationToken (403) when there is no signature — Cognito answers an unsigned
 * DescribeUserPool with `x-amzn-ErrorType: MissingAuthenticationTokenException` and "Missing
 * Authentication Token"; IncompleteSignature (400) for a malformed Authorization header; an
 * unknown access key id gets UnrecognizedClientException and a wrong signature or a stale
 * X-Amz-Date InvalidSignatureException (400), as AWS JSON services answer them.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SIGV4_ALGORITHM, canonicalRequest, stringToSign } from '@cognate/protocol/sigv4';
import { CognitoError } from '../errors.js';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** What a signature check reads from a request. `header` takes a lower-case name. */
export interface SignedRequest {
  method: string;
  /** Path and query as sent, e.g. `/` */
  target: string;
  header(name: string): string | undefined;
  /** The payload as sent (text is hashed as UTF-8). */
  body: string | Uint8Array;
}

const ALGORITHM = SIGV4_ALGORITHM;
const MAX_SKEW_MS = 15 * 60 * 1000;
const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 +Credential=([^/,\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, *SignedHeaders=([a-z0-9-]+(?:;[a-z0-9-]+)*), *Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{8})T\d{6}Z$/;

const missing = () => new CognitoError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403);
const incomplete = (message: string) => new CognitoError('IncompleteSignatureException', message, 400);
const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const invalid = (message: string) => new CognitoError('InvalidSignatureException', message, 400);

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * Derived signing keys by secret, date, region and service: the same for every request signed on
 * one day, as AWS's own signers keep them. A key depends on nothing but those four (a new secret
 * or a new day is a new entry), so an entry is never stale; the map is emptied when it grows past
 * a few entries (one per day, region and service in practice).
 */
const SIGNING_KEYS_MAX = 64;
const signingKeys = new Map<string, Buffer>();
function signingKey(secretAccessKey: string, date: string, region: string, service: string): Buffer {
  const id = `${date}/${region}/${service}/${secretAccessKey}`;
  let key = signingKeys.get(id);
  if (!key) {
    key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), 'aws4_request');
    if (signingKeys.size >= SIGNING_KEYS_MAX) signingKeys.clear();
    signingKeys.set(id, key);
  }
  return key;
}

/** `amzDate` is `yyyymmddThhmmssZ`; the time it names, in ms. */
function parseAmzDate(amzDate: string): number {
  const [, y, mo, d, h, mi, s] = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate)!;
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
}

/**
 * Checks a request's SigV4 signature for `service` (`cognito-idp` or `cognito-identity`). Throws
 * a CognitoError when it is missing or malformed, or — with `credentials` — does not verify.
 * `now` is wall-clock time (the SDK signs with the real time, not cognate-local's test clock).
 */
export function checkSignature(request: SignedRequest, service: string, credentials: AwsCredentials | undefined, now = Date.now()): void {
  const authorization = request.header('authorization');
  if (authorization === undefined || authorization === '') throw missing();
  const match = AUTHORIZATION.exec(authorization.trim());
  if (!match) {
    throw incomplete(
      `Authorization header must be '${ALGORITHM} Credential=<access key id>/<yyyymmdd>/<region>/${service}/aws4_request, SignedHeaders=<names>, Signature=<64 hex digits>'.`,
    );
  }
  const [, accessKeyId, scopeDate, region, scopeService, signedHeaderList, signature] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (scopeService !== service) throw incomplete(`Credential should be scoped to correct service: '${service}'.`);
  const amzDate = request.header('x-amz-date');
  const date = amzDate ? AMZ_DATE.exec(amzDate) : null;
  if (!amzDate || !date)
    throw incomplete("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header (X-Amz-Date as yyyymmddThhmmssZ).");
  if (date[1] !== scopeDate)
    throw invalid(`Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${date[1]}'.`);
  const signedHeaders = signedHeaderList.split(';');
  if (!signedHeaders.includes('host')) throw incomplete("'Host' must be a 'SignedHeader' in the AWS Authorization.");
  if (!credentials) return;

  if (accessKeyId !== credentials.accessKeyId)
    throw new CognitoError('UnrecognizedClientException', 'The security token included in the request is invalid.', 400);
  const signedAt = parseAmzDate(amzDate);
  if (!Number.isFinite(signedAt) || Math.abs(now - signedAt) > MAX_SKEW_MS) {
    const stamp = (ms: number) => new Date(ms).toISOString().replace(/[-:]|\.\d{3}/g, '');
    throw invalid(`Signature expired or not yet current: ${amzDate} is more than 15 minutes away from ${stamp(now)}.`);
  }
  // The canonical request and string to sign are the protocol's (one implementation of SigV4's
  // rules for signer and verifier); the hashes and HMACs are node:crypto's, synchronous.
  const [path = '/', query = ''] = request.target.split('?', 2) as [string?, string?];
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) headers[name] = request.header(name) ?? '';
  const canonical = canonicalRequest({ method: request.method, path: path || '/', query, headers }, sha256(request.body));
  // Names listed twice or out of order: AWS signers never send them, and no signature over them verifies here.
  if (canonical.signedHeaders !== signedHeaderList) throw invalid(SIGNATURE_MISMATCH);
  const scope = `${scopeDate}/${region}/${service}/aws4_request`;
  const expected = hmac(signingKey(credentials.secretAccessKey, scopeDate, region, service), stringToSign(amzDate, scope, sha256(canonical.canonicalRequest)));
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) throw invalid(SIGNATURE_MISMATCH);
}
