/**
 * GetSigningCertificate: the pool's signing certificate, a self-signed X.509 v3 certificate (DER,
 * base64) for the pool's RSA signing key (the ID-token key in the JWKS), as Cognito returns for
 * SAML relying parties to check signed requests against. It is built from the key itself, so the
 * same pool always gets the same certificate (RSA PKCS#1 v1.5 signatures are deterministic): valid
 * from the pool's creation for ten years, subject and issuer `CN=<user pool id>`.
 */
import { createHash, sign } from 'node:crypto';
import type { Operation } from '../context.js';
import { getPool } from '../services/pools.js';
import { reqString, POOL_ID_RULE } from '../validate.js';

/** A DER TLV. */
function der(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  let length: Buffer;
  if (n < 0x80) length = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
    length = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), length, body]);
}

const sequence = (...items: Buffer[]) => der(0x30, ...items);
const set = (...items: Buffer[]) => der(0x31, ...items);

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out = [40 * parts[0]! + parts[1]!];
  for (const part of parts.slice(2)) {
    const bytes = [part & 0x7f];
    for (let v = part >> 7; v > 0; v >>= 7) bytes.unshift(0x80 | (v & 0x7f));
    out.push(...bytes);
  }
  return der(0x06, Buffer.from(out));
}

/** A positive INTEGER from big-endian bytes. */
function integer(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return der(0x02, trimmed[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

/** UTCTime for years before 2050, GeneralizedTime after (RFC 5280 4.1.2.5). */
function time(epochSeconds: number): Buffer {
  const iso = new Date(epochSeconds * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const year = Number(iso.slice(0, 4));
  return year < 2050 ? der(0x17, Buffer.from(`${iso.slice(2)}Z`)) : der(0x18, Buffer.from(`${iso}Z`));
}

const name = (cn: string) => sequence(set(sequence(oid('2.5.4.3'), der(0x0c, Buffer.from(cn, 'utf8')))));
const SHA256_WITH_RSA = sequence(oid('1.2.840.113549.1.1.11'), der(0x05));
const TEN_YEARS = 10 * 365 * 86400;

export const getSigningCertificate: Operation = async (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const key = (await ctx.keys.forPool(pool.Id)).id;
  const spki = key.publicKey.export({ type: 'spki', format: 'der' });
  const serial = createHash('sha256').update(`${pool.Id}\n`).update(spki).digest().subarray(0, 16);
  serial[0] = serial[0]! & 0x7f;
  const tbs = sequence(
    der(0xa0, integer(Buffer.from([2]))), // v3
    integer(serial),
    SHA256_WITH_RSA,
    name(pool.Id),
    sequence(time(pool.CreationDate), time(pool.CreationDate + TEN_YEARS)),
    name(pool.Id),
    spki,
  );
  const signature = sign('sha256', tbs, key.privateKey);
  const certificate = sequence(tbs, SHA256_WITH_RSA, der(0x03, Buffer.from([0]), signature));
  return { Certificate: certificate.toString('base64') };
};
