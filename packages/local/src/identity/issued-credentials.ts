/**
 * The secret keys of the credentials GetCredentialsForIdentity issues, recoverable without storing
 * each one: the SecretKey is an HMAC, under one server-wide secret, of the AccessKeyId and the
 * SessionToken (which carries the identity, the role and the expiry; roles.ts). A SigV4 check (the
 * local API Gateway's AWS_IAM authoriser) recomputes it from what the request presents; a token
 * or key id that was not issued here gives a secret that verifies nothing.
 *
 * The server secret is kept in the store (kind `identityKey`, beside the OpenID signing key), so
 * issued credentials stay valid across restarts with `--data`; a reset makes a new one.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Store } from '../storage/store.js';

const KEY_NAME = 'credentials';

function serverSecret(store: Store): Buffer {
  let stored = store.get<{ secret: string }>('identityKey', KEY_NAME);
  if (!stored) {
    stored = { secret: randomBytes(32).toString('base64') };
    store.put('identityKey', KEY_NAME, stored);
  }
  return Buffer.from(stored.secret, 'base64');
}

/** The 40-character SecretKey that goes with this AccessKeyId and SessionToken. */
export function issuedSecretKey(store: Store, accessKeyId: string, sessionToken: string): string {
  return createHmac('sha256', serverSecret(store)).update(`${accessKeyId}\n${sessionToken}`).digest('base64').slice(0, 40);
}
