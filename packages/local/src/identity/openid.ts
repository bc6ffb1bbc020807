/**
 * The identity service's own signing key and the OpenID tokens GetOpenIdToken returns.
 *
 * One RSA key for the whole server, generated on first use and kept in the store (kind
 * `identityKey`), so tokens stay verifiable across restarts with `--data` and a reset makes a new
 * one. Tokens are RS256 JWTs from `<issuerBase>/identity` with `aud` = identity pool id and `sub` =
 * identity id, valid 10 minutes. (Cognito's own come from https://cognito-identity.amazonaws.com.)
 * `identityJwks` gives the public key set for whoever serves `/identity/.well-known/jwks.json`.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { OperationContext, Services } from '../context.js';
import type { Store } from '../storage/store.js';
import { signRs256 } from '../services/jws.js';

const generate = promisify(generateKeyPair);
const KEY_NAME = 'openid';
export const OPENID_TOKEN_TTL_SECONDS = 600;

interface StoredKey {
  kid: string;
  privatePem: string;
}

export interface IdentitySigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  jwk: Record<string, string>;
}

const loaded = new WeakMap<Store, { pem: string; key: IdentitySigningKey }>();
const pending = new WeakMap<Store, Promise<IdentitySigningKey>>();

function load(store: Store, stored: StoredKey): IdentitySigningKey {
  const hit = loaded.get(store);
  if (hit && hit.pem === stored.privatePem) return hit.key;
  const privateKey = createPrivateKey(stored.privatePem);
  const publicKey = createPublicKey(privateKey);
  const jwk = publicKey.export({ format: 'jwk' }) as Record<string, string>;
  const key = { kid: stored.kid, privateKey, publicKey, jwk: { alg: 'RS256', e: jwk.e!, kid: stored.kid, kty: 'RSA', n: jwk.n!, use: 'sig' } };
  loaded.set(store, { pem: stored.privatePem, key });
  return key;
}

/** The identity signing key, created on first use. Concurrent first uses share one generation. */
export async function identitySigningKey(ctx: Services): Promise<IdentitySigningKey> {
  const stored = ctx.store.get<StoredKey>('identityKey', KEY_NAME);
  if (stored) return load(ctx.store, stored);
  let job = pending.get(ctx.store);
  if (!job) {
    job = (async () => {
      const { privateKey, publicKey } = await generate('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
      const kid = `identity-${createHash('sha256')
        .update(publicKey.export({ type: 'spki', format: 'der' }))
        .digest('base64url')
        .slice(0, 16)}`;
      const existing = ctx.store.get<StoredKey>('identityKey', KEY_NAME);
      const chosen = existing ?? { kid, privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
      if (!existing) ctx.store.put('identityKey', KEY_NAME, chosen);
      return load(ctx.store, chosen);
    })().finally(() => pending.delete(ctx.store));
    pending.set(ctx.store, job);
  }
  return job;
}

/** The JWKS for OpenID tokens (empty until the first token is signed). */
export function identityJwks(services: Services): { keys: Array<Record<string, string>> } {
  const stored = services.store.get<StoredKey>('identityKey', KEY_NAME);
  return { keys: stored ? [load(services.store, stored).jwk] : [] };
}

/** `<issuerBase>/identity`: the same base as the user pools' issuers. */
export function identityIssuer(ctx: OperationContext): string {
  return ctx.issuer('identity');
}

/** `ttlSeconds`: GetOpenIdTokenForDeveloperIdentity's TokenDuration (GetOpenIdToken's tokens last OPENID_TOKEN_TTL_SECONDS). */
export async function signOpenIdToken(
  ctx: OperationContext,
  claims: { sub: string; aud: string; amr: string[]; [claim: string]: unknown },
  ttlSeconds: number = OPENID_TOKEN_TTL_SECONDS,
): Promise<string> {
  const key = await identitySigningKey(ctx);
  const now = ctx.clock.now();
  return signRs256({ ...claims, iss: identityIssuer(ctx), iat: now, exp: now + ttlSeconds }, key.kid, key.privateKey, { typ: 'JWS' });
}
