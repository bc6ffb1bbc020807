/**
 * PreventUserExistenceErrors ENABLED: answering for a user who does not exist as if they did.
 * Cognito documents the SRP part ("the same salt and internal user id in UUID format for the same
 * user name and user pool combination"): the simulated values here are stable per pool and
 * username, derived by HMAC from a per-pool secret (kept in the store, so they survive a restart
 * with `--data`), and shaped like a real user's. The password work is the same as for a real user
 * (one verifier computation or one SRP proof check), so neither the answer nor its timing tells an
 * unknown user from a known one.
 */
import { createHmac } from 'node:crypto';
import { SRP_N, padHex } from '@cognate/protocol';
import type { Services } from '../context.js';
import type { UserPool, UserPoolClient } from '../model.js';
import { computeSrpVerifier } from './srp.js';
import { storedSecret } from './stored-secret.js';
import { poolName } from './users.js';

export function hidesUsers(client: UserPoolClient): boolean {
  return client.PreventUserExistenceErrors === 'ENABLED';
}

const secretKey = (poolId: string) => `existence/${poolId}`;

/** DeleteUserPool: the pool's secret goes with it (a new pool with the same id would get a new one). */
export function forgetExistenceSecret(ctx: Services, poolId: string): void {
  ctx.store.delete('meta', secretKey(poolId));
}

function poolSecret(ctx: Services, pool: UserPool): Buffer {
  return storedSecret(ctx, secretKey(pool.Id));
}

/** `bytes` stable pseudo-random bytes for (`label`, login): HMAC-SHA256 in counter mode. */
export function simulatedBytes(ctx: Services, pool: UserPool, login: string, label: string, bytes: number): Buffer {
  const name = pool.UsernameConfiguration.CaseSensitive && !login.includes('@') ? login : login.toLowerCase();
  const secret = poolSecret(ctx, pool);
  const blocks: Buffer[] = [];
  for (let i = 0; blocks.length * 32 < bytes; i++) blocks.push(createHmac('sha256', secret).update(`${label}\0${i}\0${name}`).digest());
  return Buffer.concat(blocks).subarray(0, bytes);
}

/** A salt as makePassword() makes one: 16 bytes, hex. */
export function simulatedSalt(ctx: Services, pool: UserPool, login: string): string {
  return simulatedBytes(ctx, pool, login, 'salt', 16).toString('hex');
}

/** A verifier-sized group element, as padHex(g^x mod N) is for a real password. */
export function simulatedVerifier(ctx: Services, pool: UserPool, login: string): string {
  return padHex(BigInt('0x' + simulatedBytes(ctx, pool, login, 'verifier', 384).toString('hex')) % SRP_N);
}

/**
 * The internal username (USER_ID_FOR_SRP): where the pool signs in by email or phone number a real
 * user's is a UUID, so an unknown one gets a stable UUID too; otherwise the username as typed.
 */
export function simulatedUserId(ctx: Services, pool: UserPool, login: string): string {
  if (!pool.UsernameAttributes?.length) return login;
  const b = simulatedBytes(ctx, pool, login, 'id', 16);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The work of checking a password (what passwordMatches() does), against simulated values; never matches. */
export async function simulatedPasswordCheck(ctx: Services, pool: UserPool, login: string, password: string): Promise<false> {
  const verifier = await computeSrpVerifier({
    poolName: poolName(pool),
    userId: simulatedUserId(ctx, pool, login),
    password,
    salt: simulatedSalt(ctx, pool, login),
  });
  void (verifier === simulatedVerifier(ctx, pool, login));
  return false;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * Where a code for an unknown user would go: the login itself when it is an email address or a
 * phone number (as it would be for a real user signing in with it), otherwise a stable made-up one.
 */
export function simulatedDestination(ctx: Services, pool: UserPool, login: string, attribute: 'email' | 'phone_number'): string {
  if (attribute === 'email' && /^[^\s@]+@[^\s@]+$/.test(login)) return login.toLowerCase();
  if (attribute === 'phone_number' && /^\+[0-9]{4,15}$/.test(login)) return login;
  const b = simulatedBytes(ctx, pool, login, attribute, 6);
  if (attribute === 'email') return `${LETTERS[b[0]! % 26]}${LETTERS[b[1]! % 26]}@${LETTERS[b[2]! % 26]}.com`;
  return `+1555${String(b.readUIntBE(0, 6) % 10_000_000).padStart(7, '0')}`;
}

/** The channel a simulated code goes to: the login's own kind, or the pool's verified attribute. */
export function simulatedChannel(pool: UserPool, login: string): 'email' | 'phone_number' {
  if (/^\+[0-9]{4,15}$/.test(login)) return 'phone_number';
  if (login.includes('@')) return 'email';
  const verified = pool.AutoVerifiedAttributes ?? [];
  return verified.includes('phone_number') && !verified.includes('email') ? 'phone_number' : 'email';
}
