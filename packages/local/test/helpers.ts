import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { startServer, type RunningServer, type StartServerOptions } from '../src/index.js';

export const quiet = { log: () => {} };

export async function start(options: StartServerOptions = {}): Promise<RunningServer> {
  return startServer({ port: 0, ...quiet, ...options });
}

export function sdk(url: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint: url,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
}

/** The newest code delivered to `username` (or an alias) in `poolId`'s outbox. */
export async function lastCode(url: string, poolId: string, username: string): Promise<string> {
  const res = await fetch(`${url}/_local/messages?userPoolId=${encodeURIComponent(poolId)}&username=${encodeURIComponent(username)}`);
  const { messages } = (await res.json()) as { messages: Array<{ code?: string }> };
  const code = messages.at(-1)?.code;
  if (!code) throw new Error(`no code delivered to ${username}`);
  return code;
}

/** The credentials the test clients sign with (any will do unless the server was given some). */
export const TEST_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * SigV4 headers for an AWS JSON 1.1 request, made by the AWS SDK's own signer (so the server's
 * verifier is checked against it, not against a copy of itself).
 */
export async function signedHeaders(
  url: string,
  target: string,
  body: string,
  headers: Record<string, string>,
  credentials = TEST_CREDENTIALS,
): Promise<Record<string, string>> {
  const u = new URL(url);
  const signer = new SignatureV4({
    service: target.startsWith('AWSCognitoIdentityService.') ? 'cognito-identity' : 'cognito-idp',
    region: 'us-east-1',
    credentials,
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: u.protocol,
    hostname: u.hostname,
    ...(u.port ? { port: Number(u.port) } : {}),
    path: u.pathname || '/',
    query: {},
    headers: { ...headers, host: u.host },
    body,
  });
  const { host: _host, ...rest } = signed.headers as Record<string, string>;
  return rest;
}

/** One AWS JSON 1.1 call, SigV4-signed as an SDK would (admin operations need it); `headers` are added unsigned. */
export async function call(
  url: string,
  op: string,
  body: unknown,
  target = `AWSCognitoIdentityProviderService.${op}`,
  headers: Record<string, string> = {},
  // biome-ignore lint/suspicious/noExplicitAny: a parsed JSON answer, read by each test field by field
): Promise<{ status: number; body: any; headers: Headers }> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const base = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target };
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...(await signedHeaders(url, target, text, base)), ...headers },
    body: text,
  });
  const text2 = await res.text();
  let parsed: unknown = text2;
  try {
    parsed = JSON.parse(text2);
  } catch {}
  return { status: res.status, body: parsed, headers: res.headers };
}

// biome-ignore lint/suspicious/noExplicitAny: JWT claims (JSON), read by each test by path
export function decodePayload(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

/** The error a call fails with; throws if it succeeds. */
export async function errorOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

/** The name of the error a call fails with. */
export async function errorName(promise: Promise<unknown>): Promise<string> {
  return (await errorOf(promise)).name;
}

/** The published bin. */
export const BIN = resolve(import.meta.dirname, '../bin/cognate-local.js');

/**
 * Runs `cognate-local start --port 0 <args>` and waits until it has printed its setup hints (the
 * last line is the delivered-codes URL): `{ child, url, out, err }`, `err()` being what it wrote to
 * stderr so far. The caller kills the child.
 */
export async function startCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; url: string; out: string; err: () => string }> {
  const child = spawn(process.execPath, [BIN, 'start', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stderr!.on('data', chunk => (err += chunk));
  const url = await new Promise<string>((res, rej) => {
    child.stdout!.on('data', chunk => {
      out += chunk;
      const m = /listening on (https?:\/\/\S+)[\s\S]*delivered codes/.exec(out);
      if (m) res(m[1]!);
    });
    child.once('exit', code => rej(new Error(`exited ${code}: ${out}${err}`)));
  });
  return { child, url, out, err: () => err };
}

export { faultStats, resetLocal, setClock, setFaults } from './local-control.js';

/** A seeded pseudo-random generator (mulberry32) in [0, 1): fuzz runs replay exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The two stores the state-changing suites run against: memory, and SQLite in a fresh temp folder. */
export const STORES: Array<[string, () => { options: StartServerOptions; cleanup(): void }]> = [
  ['MemoryStore', () => ({ options: {}, cleanup() {} })],
  [
    'SqliteStore',
    () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'cognate-store-'));
      return { options: { dataDir }, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
    },
  ],
];
