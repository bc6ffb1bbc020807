/**
 * Durability: a `--data` server killed with SIGKILL in the middle of sign-ups keeps every sign-up
 * it acknowledged. Runs the real CLI (built JavaScript) as a child process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { call } from './helpers.js';

const BIN = resolve(import.meta.dirname, '../bin/cognate-local.js');
const POOL = 'us-east-1_Durable01';
const CLIENT = 'durableclient0000000000001';
const dir = mkdtempSync(join(tmpdir(), 'cognate-durable-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function launch(): Promise<{ child: ChildProcess; url: string }> {
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ userPools: [{ Id: POOL, PoolName: 'durable', clients: [{ ClientId: CLIENT, ClientName: 'c' }] }] }));
  const child = spawn(process.execPath, [BIN, 'start', '--port', '0', '--data', join(dir, 'data'), '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolveUrl, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const match = /cognate-local listening on (http:\/\/\S+)/.exec(out);
      if (match) resolveUrl({ child, url: match[1]! });
    });
    child.stderr!.on('data', (chunk) => (out += chunk));
    child.once('exit', (code) => reject(new Error(`cognate-local exited (${code}): ${out}`)));
  });
}

it('keeps every acknowledged sign-up across kill -9', async () => {
  const first = await launch();
  const acknowledged: string[] = [];
  let stop = false;
  // Four writers sign up concurrently; the process is killed while they are mid-flight.
  const writer = async (w: number) => {
    for (let i = 0; !stop; i++) {
      const username = `user-${w}-${i}`;
      try {
        const res = await call(first.url, 'SignUp', { ClientId: CLIENT, Username: username, Password: 'Passw0rd!' });
        if (res.status === 200) acknowledged.push(username);
      } catch {
        return; // connection dropped by the kill
      }
    }
  };
  const writers = [0, 1, 2, 3].map(writer);
  while (acknowledged.length < 60) await new Promise((r) => setTimeout(r, 5));
  first.child.kill('SIGKILL');
  stop = true;
  await Promise.all(writers);
  if (first.child.exitCode === null && first.child.signalCode === null) await new Promise((r) => first.child.once('exit', r));

  const second = await launch();
  const missing: string[] = [];
  for (const username of acknowledged) {
    const res = await call(second.url, 'AdminGetUser', { UserPoolId: POOL, Username: username });
    if (res.status !== 200 || res.body.UserStatus !== 'UNCONFIRMED') missing.push(username);
  }
  expect(acknowledged.length).toBeGreaterThanOrEqual(60);
  expect(missing).toEqual([]);
  second.child.kill('SIGTERM');
});
