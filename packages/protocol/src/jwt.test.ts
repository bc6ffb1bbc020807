import { describe, expect, it } from 'vitest';
import { base64UrlToBytes, base64UrlToBytesStrict } from './encoding.js';
import { checkJwtClaims, checkJwtHeader, decodeJwtParts, decodeJwtPayloadUnverified, parseJwt } from './jwt.js';

const seg = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const header = { kid: 'k1', alg: 'RS256' };
const now = 1_700_000_000;
const claims = { iss: 'https://issuer/p', token_use: 'access', client_id: 'c', exp: now + 3600, iat: now };
// A payload whose base64url form needs padding (length % 4 = 2 or 3), so padded variants exist.
let payload = { ...claims, x: 'a' };
while (JSON.stringify(payload).length % 3 === 0) payload = { ...payload, x: payload.x + 'a' };
const canonical = `${seg(header)}.${seg(payload)}.${Buffer.from('sig!').toString('base64url')}`;

describe('base64UrlToBytesStrict', () => {
  it('decodes canonical base64url and refuses padding, standard-alphabet characters and non-zero trailing bits', () => {
    expect(Array.from(base64UrlToBytesStrict('_-8'))).toEqual([0xff, 0xef]);
    expect(() => base64UrlToBytesStrict('_-8=')).toThrow(TypeError);
    expect(() => base64UrlToBytesStrict('/+8')).toThrow(TypeError);
    expect(() => base64UrlToBytesStrict('_-9')).toThrow(TypeError); // same bytes, non-zero unused bits
    expect(() => base64UrlToBytesStrict('A')).toThrow(TypeError);
    expect(() => base64UrlToBytesStrict('AA AA')).toThrow(TypeError);
  });
  it('leaves the lenient decoder lenient (SRP and other wire fields use it)', () => {
    expect(Array.from(base64UrlToBytes('/+8='))).toEqual([0xff, 0xef]);
  });
});

describe('parseJwt', () => {
  it('accepts a canonical token and returns its parts', () => {
    const parsed = parseJwt(canonical)!;
    expect(parsed.header).toEqual(header);
    expect(parsed.payload).toEqual(payload);
    expect(parsed.signingInput).toBe(canonical.slice(0, canonical.lastIndexOf('.')));
    expect(new TextDecoder().decode(parsed.signatureBytes)).toBe('sig!');
    expect(decodeJwtParts(canonical).payload).toEqual(payload);
  });
  it('refuses padded or standard-base64 segments', () => {
    const [h, p, s] = canonical.split('.') as [string, string, string];
    expect(p.length % 4).not.toBe(0);
    const padded = p + '='.repeat(4 - (p.length % 4));
    expect(parseJwt(`${h}.${padded}.${s}`)).toBeUndefined();
    expect(parseJwt(`${h}.${p}.${s}=`)).toBeUndefined();
    const standard = Buffer.from(JSON.stringify({ ...claims, q: '??>>' })).toString('base64');
    expect(standard).toMatch(/[+/]/);
    expect(parseJwt(`${h}.${standard.replace(/=+$/, '')}.${s}`)).toBeUndefined();
    expect(() => decodeJwtParts(`${h}.${padded}.${s}`)).toThrow(TypeError);
  });
  it('refuses non-objects, wrong segment counts and non-strings (an empty signature is left to the signature check)', () => {
    expect(parseJwt(`${seg([1])}.${seg(payload)}.c2ln`)).toBeUndefined();
    expect(parseJwt(`${seg(header)}.${seg('x')}.c2ln`)).toBeUndefined();
    expect(parseJwt(`${seg(header)}.${seg(payload)}`)).toBeUndefined();
    expect(parseJwt(`${seg(header)}.${seg(payload)}.`)!.signatureBytes.length).toBe(0);
    expect(parseJwt(42)).toBeUndefined();
  });
});

describe('checkJwtHeader', () => {
  it('wants alg RS256 with a kid, no crit and no b64 other than true', () => {
    expect(checkJwtHeader(header)).toBeUndefined();
    expect(checkJwtHeader({ ...header, b64: true })).toBeUndefined();
    expect(checkJwtHeader({ ...header, alg: 'none' })).toBe('alg');
    expect(checkJwtHeader({ ...header, alg: 'HS256' })).toBe('alg');
    expect(checkJwtHeader({ alg: 'RS256' })).toBe('kid');
    expect(checkJwtHeader({ ...header, crit: ['exp'] })).toBe('crit');
    expect(checkJwtHeader({ ...header, crit: [] })).toBe('crit');
    expect(checkJwtHeader({ ...header, b64: false })).toBe('b64');
  });
});

describe('checkJwtClaims', () => {
  const rules = { now, tokenUse: 'access' as const, clientId: 'c' };
  it('accepts good claims and checks iss, token_use, client_id and aud', () => {
    expect(checkJwtClaims(claims, rules)).toBeUndefined();
    expect(checkJwtClaims(claims, { ...rules, issuer: iss => iss === 'https://other/p' })).toBe('iss');
    expect(checkJwtClaims({ ...claims, token_use: 'id' }, rules)).toBe('token_use');
    expect(checkJwtClaims({ ...claims, client_id: 'd' }, rules)).toBe('client_id');
    const id = { ...claims, token_use: 'id', aud: 'c' };
    expect(checkJwtClaims(id, { ...rules, tokenUse: 'id' })).toBeUndefined();
    expect(checkJwtClaims({ ...id, aud: ['x', 'c'] }, { ...rules, tokenUse: 'id' })).toBeUndefined();
    expect(checkJwtClaims({ ...id, aud: 'x' }, { ...rules, tokenUse: 'id' })).toBe('aud');
  });
  it('exp: required; past it refused only with rejectExpired', () => {
    expect(checkJwtClaims({ ...claims, exp: undefined }, rules)).toBe('exp');
    expect(checkJwtClaims({ ...claims, exp: now - 1 }, rules)).toBeUndefined();
    expect(checkJwtClaims({ ...claims, exp: now }, { ...rules, rejectExpired: true })).toBe('expired');
    expect(checkJwtClaims({ ...claims, exp: now + 1 }, { ...rules, rejectExpired: true })).toBeUndefined();
  });
  it('nbf and iat in the future only within the clock skew', () => {
    expect(checkJwtClaims({ ...claims, nbf: now + 60 }, rules)).toBeUndefined();
    expect(checkJwtClaims({ ...claims, nbf: now + 61 }, rules)).toBe('nbf');
    expect(checkJwtClaims({ ...claims, nbf: now + 61 }, { ...rules, nbfSkew: 120 })).toBeUndefined();
    expect(checkJwtClaims({ ...claims, nbf: 'soon' }, rules)).toBe('nbf');
    expect(checkJwtClaims({ ...claims, iat: now + 300 }, rules)).toBeUndefined();
    expect(checkJwtClaims({ ...claims, iat: now + 301 }, rules)).toBe('iat');
    expect(checkJwtClaims({ ...claims, iat: undefined }, rules)).toBe('iat');
  });
});

describe('decodeJwtPayloadUnverified (decodeJWT, as aws-amplify)', () => {
  it("decodes leniently and throws Amplify's plain errors", () => {
    expect(decodeJwtPayloadUnverified(canonical)).toEqual(payload);
    const [h, p, s] = canonical.split('.') as [string, string, string];
    expect(decodeJwtPayloadUnverified(`${h}.${p}==.${s}`)).toEqual(payload);
    expect(() => decodeJwtPayloadUnverified('a.b')).toThrow(new Error('Invalid token'));
    expect(() => decodeJwtPayloadUnverified('a.!!.c')).toThrow(new Error('Invalid token payload'));
  });
});
