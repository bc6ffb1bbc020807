/**
 * GetSigningCertificate: the pool's signing certificate, a self-signed X.509 v3 certificate (DER,
 * base64) for the pool's RSA signing key (the ID-token key in the JWKS), as Cognito returns for
 * SAML relying parties to check signed requests against. It is built from the key itself, so the
 * same pool always gets the same certificate (RSA PKCS#1 v1.5 signatures are deterministic): valid
 * from the pool's creation for ten years, subject and issuer `CN=<user pool id>`.
 */
import { createHash, sign } from 'node:crypto';
import type { Operation } from '../context.js';
import { bits, explicit, integer, NULL, oid, seq, set, time, utf8 } from '../der.js';
import { getPool } from '../services/pools.js';
import { reqString, POOL_ID_RULE } from '../validate.js';

const name = (cn: string) => seq(set(seq(oid('2.5.4.3'), utf8(cn))));
const SHA256_WITH_RSA = seq(oid('1.2.840.113549.1.1.11'), NULL);
const TEN_YEARS = 10 * 365 * 86400;

export const getSigningCertificate: Operation = async (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const key = (await ctx.keys.forPool(pool.Id)).id;
  const spki = key.publicKey.export({ type: 'spki', format: 'der' });
  const serial = createHash('sha256').update(`${pool.Id}\n`).update(spki).digest().subarray(0, 16);
  serial[0] = serial[0]! & 0x7f;
  const tbs = seq(
    explicit(0, integer(2)), // v3
    integer(serial),
    SHA256_WITH_RSA,
    name(pool.Id),
    seq(time(new Date(pool.CreationDate * 1000)), time(new Date((pool.CreationDate + TEN_YEARS) * 1000))),
    name(pool.Id),
    spki,
  );
  const signature = sign('sha256', tbs, key.privateKey);
  const certificate = seq(tbs, SHA256_WITH_RSA, bits(signature));
  return { Certificate: certificate.toString('base64') };
};
