import { generateKeyPairSync, createSign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CognitoJwtVerifier, clearJwksCache, userPoolIssuer } from './jwt-verifier.js';

const ISS = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_test';
function keyPair(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
function sign(key: ReturnType<typeof keyPair>, payload: object, header: object = {}) {
  const input = `${b64({ alg: 'RS256', kid: key.kid, ...header })}.${b64(payload)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key.privateKey).toString('base64url')}`;
}
const now = () => Math.floor(Date.now() / 1000);
const access = (extra: object = {}) => ({ iss: ISS, token_use: 'access', client_id: 'client', sub: 's', iat: now(), exp: now() + 60, ...extra });

function jwksServer(keys: () => object[]) {
  const calls: string[] = [];
  const fetchFn = (async (url: string) => {
    calls.push(String(url));
    return Response.json({ keys: keys() });
  }) as unknown as typeof fetch;
  return { calls, fetchFn };
}

describe('CognitoJwtVerifier', () => {
  it('accepts a good token and an expired one (authentic, for refresh); checks claims', async () => {
    clearJwksCache();
    const k1 = keyPair('k1');
    const { calls, fetchFn } = jwksServer(() => [k1.jwk]);
    const v = new CognitoJwtVerifier({ issuer: ISS, clientId: 'client', fetch: fetchFn });
    expect(await v.verify(sign(k1, access()), 'access')).toMatchObject({ valid: true });
    expect(await v.verify(sign(k1, access({ exp: now() - 600 })), 'access')).toMatchObject({ valid: true });
    expect(calls).toEqual([`${ISS}/.well-known/jwks.json`]);
    expect(await v.verify(sign(k1, access({ client_id: 'other' })), 'access')).toEqual({ valid: false, reason: 'client_id' });
    expect(await v.verify(sign(k1, access()), 'id')).toEqual({ valid: false, reason: 'token_use' });
    expect(await v.verify(sign(k1, { ...access(), token_use: 'id', aud: 'client' }), 'id')).toMatchObject({ valid: true });
    expect(await v.verify(sign(k1, { ...access(), token_use: 'id', aud: 'nope' }), 'id')).toEqual({ valid: false, reason: 'aud' });
    expect(await v.verify(sign(k1, access({ iss: 'https://evil.example/us-east-1_test' })), 'access')).toEqual({ valid: false, reason: 'iss' });
    expect(await v.verify(sign(k1, access({ exp: undefined })), 'access')).toEqual({ valid: false, reason: 'exp' });
    expect(await v.verify(sign(k1, access(), { alg: 'none' }), 'access')).toEqual({ valid: false, reason: 'alg' });
    expect(await v.verify(sign(k1, access({ iat: now() + 3600, exp: now() + 7200 })), 'access')).toEqual({ valid: false, reason: 'iat' });
    expect(await v.verify(sign(k1, access({ iat: now() + 60 })), 'access')).toMatchObject({ valid: true }); // within clock skew
    const [h, p] = sign(k1, access()).split('.');
    expect(await v.verify(`${h}.${p}.`, 'access')).toEqual({ valid: false, reason: 'signature' });
  });

  it('refetches the JWKS for an unknown kid (key rotation), at most once per 10 s', async () => {
    clearJwksCache();
    const k1 = keyPair('k1');
    const k2 = keyPair('k2');
    let published = [k1.jwk];
    const { calls, fetchFn } = jwksServer(() => published);
    const v = new CognitoJwtVerifier({ issuer: ISS, clientId: 'client', fetch: fetchFn });
    expect((await v.verify(sign(k1, access()), 'access')).valid).toBe(true);
    published = [k1.jwk, k2.jwk];
    // Within 10 s of the last fetch an unknown kid is refused without fetching.
    expect(await v.verify(sign(k2, access()), 'access')).toEqual({ valid: false, reason: 'kid' });
    expect(calls).toHaveLength(1);
    clearJwksCache();
    const again = new CognitoJwtVerifier({ issuer: ISS, clientId: 'client', fetch: fetchFn });
    const results = await Promise.all([again.verify(sign(k2, access()), 'access'), again.verify(sign(k1, access()), 'access')]);
    expect(results.every((r) => r.valid)).toBe(true);
    expect(calls).toHaveLength(2);
    // A kid nobody publishes: refused, and repeated attempts do not hammer the JWKS endpoint.
    const k3 = keyPair('k3');
    for (let i = 0; i < 5; i++) expect((await again.verify(sign(k3, access()), 'access')).valid).toBe(false);
    expect(calls).toHaveLength(2);
  });

  it('a JWKS that cannot be fetched is an error, not a sign-out', async () => {
    clearJwksCache();
    const v = new CognitoJwtVerifier({ issuer: ISS, clientId: 'client', fetch: (async () => new Response('no', { status: 503 })) as unknown as typeof fetch });
    await expect(v.verify(sign(keyPair('k1'), access()), 'access')).rejects.toMatchObject({ name: 'JwksFetchException' });
  });

  it('the signature memo answers only for the same bytes and shares no claims object', async () => {
    clearJwksCache();
    const k1 = keyPair('k1');
    const v = new CognitoJwtVerifier({ issuer: ISS, clientId: 'client', jwks: { keys: [k1.jwk] } });
    const token = sign(k1, access());
    const a = await v.verify(token, 'access');
    const b = await v.verify(token, 'access');
    expect(a).toEqual(b);
    expect(a.valid && b.valid && a.payload !== b.payload).toBe(true);
    // Same signature, other payload: not a memo hit.
    const [h, , sig] = token.split('.');
    expect(await v.verify(`${h}.${b64(access({ sub: 'other' }))}.${sig}`, 'access')).toEqual({ valid: false, reason: 'signature' });
    // The claims are re-checked on every hit (here: wanted as an id token).
    expect(await v.verify(token, 'id')).toEqual({ valid: false, reason: 'token_use' });
  });

  it('an injected JWKS needs no fetch', async () => {
    clearJwksCache();
    const k1 = keyPair('k1');
    const v = new CognitoJwtVerifier({ issuer: ISS, clientId: 'client', jwks: { keys: [k1.jwk] }, fetch: (() => { throw new Error('no'); }) as never });
    expect((await v.verify(sign(k1, access()), 'access')).valid).toBe(true);
  });

  it('issuers: cognate-local and AWS', () => {
    expect(userPoolIssuer('us-east-1_abc', 'http://127.0.0.1:9229/')).toBe('http://127.0.0.1:9229/us-east-1_abc');
    expect(userPoolIssuer('us-east-1_abc')).toBe('https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc');
  });
});
