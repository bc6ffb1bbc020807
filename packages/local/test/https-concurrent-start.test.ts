/**
 * Two `cognate-local start --https` first starts at once over one fresh folder: making the local CA
 * and the server certificate is one step across processes (an exclusive lock file in the TLS
 * folder; the files themselves are written to a temporary name and renamed), so both processes
 * come up serving the same certificate, issued by the CA the folder holds, and every file is whole.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN } from './helpers.js';

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** `cognate-local start --port 0 --https <args>`, resolved with its URL once it has printed its HTTPS lines. */
function startHttps(args: string[], env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--https', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  children.push(child);
  let out = '';
  let err = '';
  child.stderr!.on('data', chunk => (err += chunk));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', chunk => {
      out += chunk;
      const m = /listening on (https:\/\/\S+)\n[\s\S]*HTTPS: .*\n/.exec(out);
      if (m) resolve({ child, url: m[1]! });
    });
    child.once('exit', code => reject(new Error(`exited ${code}: ${out}${err}`)));
  });
}

/** GET over HTTPS trusting only `ca`: the status and the certificate the server presented. */
function getTrusting(url: string, ca: string): Promise<{ status: number; certificate: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, agent: false }, res => {
      const peer = (res.socket as import('node:tls').TLSSocket).getPeerX509Certificate();
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, certificate: peer?.toString() ?? '' }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('two first starts with --https at once', () => {
  it.each([
    ['--data DIR', (dir: string) => ({ args: ['--data', join(dir, 'data')], env: {}, tls: join(dir, 'data', 'tls') })],
    ['--in-memory (the user cache folder)', (dir: string) => ({ args: ['--in-memory'], env: { XDG_CACHE_HOME: dir }, tls: join(dir, 'cognate-local', 'tls') })],
  ])('%s: both serve, with the same certificate from the CA in the folder', async (_name, setup) => {
    // A few rounds, each a fresh folder: the window two unguarded starts collide in is narrow.
    for (let round = 0; round < 3; round++) await firstStartsAtOnce(setup);
  });
});

describe('a lock left over', () => {
  it('by a process that is gone is taken over: the start makes the files and serves', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cognate-https-race-'));
    dirs.push(dir);
    const tls = join(dir, 'data', 'tls');
    mkdirSync(tls, { recursive: true });
    // The pid of a process that has exited (a killed start would leave its own).
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(join(tls, '.lock'), gone);
    const { child, url } = await startHttps(['--data', join(dir, 'data')], {});
    const ca = readFileSync(join(tls, 'ca.pem'), 'utf8');
    expect((await getTrusting(`${url}/us-east-1_none/.well-known/jwks.json`, ca)).certificate).toBe(
      new X509Certificate(readFileSync(join(tls, 'cert.pem'), 'utf8')).toString(),
    );
    expect(readdirSync(tls).sort()).toEqual(['ca-key.pem', 'ca.pem', 'cert.pem', 'key.pem']);
    child.kill();
  });
});

async function firstStartsAtOnce(setup: (dir: string) => { args: string[]; env: Record<string, string>; tls: string }): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cognate-https-race-'));
  dirs.push(dir);
  const { args, env, tls } = setup(dir);
  const started = await Promise.allSettled([startHttps(args, env), startHttps(args, env)]);
  expect(started.map(s => (s.status === 'rejected' ? String(s.reason) : 'up'))).toEqual(['up', 'up']);
  const [a, b] = started.map(s => (s as PromiseFulfilledResult<{ child: ChildProcess; url: string }>).value) as [
    { child: ChildProcess; url: string },
    { child: ChildProcess; url: string },
  ];

  // Every file is whole: the CA and its key pair up, the certificate and its key pair up, no temporaries left.
  const ca = readFileSync(join(tls, 'ca.pem'), 'utf8');
  const caCert = new X509Certificate(ca);
  expect(caCert.checkPrivateKey(createPrivateKey(readFileSync(join(tls, 'ca-key.pem'), 'utf8')))).toBe(true);
  const cert = new X509Certificate(readFileSync(join(tls, 'cert.pem'), 'utf8'));
  expect(cert.checkPrivateKey(createPrivateKey(readFileSync(join(tls, 'key.pem'), 'utf8')))).toBe(true);
  expect(cert.verify(caCert.publicKey)).toBe(true);
  expect(readdirSync(tls).sort()).toEqual(['ca-key.pem', 'ca.pem', 'cert.pem', 'key.pem']);

  // Both answer over HTTPS trusting only that CA, presenting the certificate in the folder.
  const fromA = await getTrusting(`${a.url}/us-east-1_none/.well-known/jwks.json`, ca);
  const fromB = await getTrusting(`${b.url}/us-east-1_none/.well-known/jwks.json`, ca);
  expect(fromA.status).toBeLessThan(500);
  expect(fromB.status).toBeLessThan(500);
  expect(fromA.certificate).toBe(cert.toString());
  expect(fromB.certificate).toBe(cert.toString());
  for (const child of [a.child, b.child]) child.kill();
}
