/**
 * Per-pool RSA signing keys: one for ID tokens and one for access tokens, as Cognito does, kept in
 * the store (so tokens stay valid across restarts with `--data`) and cached as KeyObjects.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { Store } from '../storage/store.js';

const generate = promisify(generateKeyPair);

interface StoredKey {
  kid: string;
  privatePem: string;
}
interface StoredKeys {
  id: StoredKey;
  access: StoredKey;
}
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  jwk: Record<string, string>;
}
export type KeyUse = 'id' | 'access';

export class KeyService {
  #cache = new Map<string, Record<KeyUse, SigningKey>>();
  #pending = new Map<string, Promise<Record<KeyUse, SigningKey>>>();
  constructor(private readonly store: Store) {}

  async #create(): Promise<StoredKey> {
    const { privateKey, publicKey } = await generate('rsa', { modulusLength: 2048, publicExponent: 0x10001 });
    const der = publicKey.export({ type: 'spki', format: 'der' });
    const kid = createHash('sha256').update(der).digest('base64');
    return { kid, privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string };
  }

  #load(stored: StoredKeys): Record<KeyUse, SigningKey> {
    const load = (k: StoredKey): SigningKey => {
      const privateKey = createPrivateKey(k.privatePem);
      const publicKey = createPublicKey(privateKey);
      const jwk = publicKey.export({ format: 'jwk' }) as Record<string, string>;
      return { kid: k.kid, privateKey, publicKey, jwk: { alg: 'RS256', e: jwk.e!, kid: k.kid, kty: 'RSA', n: jwk.n!, use: 'sig' } };
    };
    return { id: load(stored.id), access: load(stored.access) };
  }

  /**
   * The pool's keys, created on first use. Concurrent first uses in one process share one
   * generation; across processes the first to store its pair wins and the others adopt it.
   */
  async forPool(poolId: string): Promise<Record<KeyUse, SigningKey>> {
    const cached = this.#cache.get(poolId);
    if (cached) return cached;
    const stored = this.store.get<StoredKeys>('keys', poolId);
    if (stored) {
      const keys = this.#load(stored);
      this.#cache.set(poolId, keys);
      return keys;
    }
    let pending = this.#pending.get(poolId);
    if (!pending) {
      pending = (async () => {
        const [id, access] = await Promise.all([this.#create(), this.#create()]);
        // Insert if absent, then keep what is stored: another process on the same `--data` folder may
        // have made its own meanwhile, and every process must sign with (and publish) the one stored pair.
        const chosen = this.store.putIfAbsent<StoredKeys>('keys', poolId, { id, access });
        const keys = this.#load(chosen);
        this.#cache.set(poolId, keys);
        return keys;
      })().finally(() => this.#pending.delete(poolId));
      this.#pending.set(poolId, pending);
    }
    return pending;
  }

  /** Cached keys only (no generation); used to verify tokens, which need existing keys. */
  cached(poolId: string): Record<KeyUse, SigningKey> | undefined {
    const cached = this.#cache.get(poolId);
    if (cached) return cached;
    const stored = this.store.get<StoredKeys>('keys', poolId);
    if (!stored) return undefined;
    const keys = this.#load(stored);
    this.#cache.set(poolId, keys);
    return keys;
  }

  forget(poolId: string): void {
    this.#cache.delete(poolId);
    this.store.delete('keys', poolId);
  }

  clearCache(): void {
    this.#cache.clear();
  }
}
