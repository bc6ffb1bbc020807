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
    child.stdout!.on('data', chunk => {
      out += chunk;
      const match = /cognate-local listening on (http:\/\/\S+)/.exec(out);
      if (match) resolveUrl({ child, url: match[1]! });
    });
    child.stderr!.on('data', chunk => (out += chunk));
    child.once('exit', code => reject(new Error(`cognate-local exited (${code}): ${out}`)));
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
  while (acknowledged.length < 60) await new Promise(r => setTimeout(r, 5));
  first.child.kill('SIGKILL');
  stop = true;
  await Promise.all(writers);
  if (first.child.exitCode === null && first.child.signalCode === null) await new Promise(r => first.child.once('exit', r));

  const second = await launch();
  const missing: string[] = [];
  for (const username of acknowledged) {
    const res = await call(second.url, 'AdminGetUser', { UserPoolId: POOL, Username: username });
    if (res.status !== 200 || res.body.UserStatus !== 'UNCONFIRMED') missing.push(username);
  }
  expect(acknowledged.length).toBeGreaterThanOrEqual(60);
  expect(missing).toEqual([]);
  console.log(`durability: ${acknowledged.length} acknowledged sign-ups before kill -9, ${missing.length} lost`);
  second.child.kill('SIGTERM');
});

it('keeps every acknowledged confirmation, password change and revocation across kill -9 under mixed load', async () => {
  const first = await launch();
  const url = first.url;
  const signIn = async (username: string, password: string) =>
    (await call(url, 'InitiateAuth', { ClientId: CLIENT, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } })).body
      .AuthenticationResult;
  await call(url, 'UpdateUserPoolClient', { UserPoolId: POOL, ClientId: CLIENT, ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
  const acknowledged = { confirmed: [] as string[], changed: [] as string[], revoked: [] as string[] };
  let stop = false;
  const writer = async (w: number) => {
    for (let i = 0; !stop; i++) {
      const username = `mixed-${w}-${i}`;
      try {
        if ((await call(url, 'SignUp', { ClientId: CLIENT, Username: username, Password: 'Passw0rd!' })).status !== 200) continue;
        if ((await call(url, 'AdminConfirmSignUp', { UserPoolId: POOL, Username: username })).status !== 200) continue;
        acknowledged.confirmed.push(username);
        const tokens = await signIn(username, 'Passw0rd!');
        const change = await call(url, 'ChangePassword', {
          AccessToken: tokens.AccessToken,
          PreviousPassword: 'Passw0rd!',
          ProposedPassword: 'Changed-Passw0rd1',
        });
        if (change.status !== 200) continue;
        acknowledged.changed.push(username);
        const revoke = await call(url, 'RevokeToken', { ClientId: CLIENT, Token: tokens.RefreshToken });
        if (revoke.status === 200) acknowledged.revoked.push(tokens.RefreshToken);
      } catch {
        return; // the kill dropped the connection
      }
    }
  };
  const writers = [0, 1, 2].map(writer);
  while (acknowledged.revoked.length < 15) await new Promise(r => setTimeout(r, 5));
  first.child.kill('SIGKILL');
  stop = true;
  await Promise.all(writers);
  if (first.child.exitCode === null && first.child.signalCode === null) await new Promise(r => first.child.once('exit', r));

  const second = await launch();
  const lost: string[] = [];
  for (const username of acknowledged.confirmed) {
    const user = await call(second.url, 'AdminGetUser', { UserPoolId: POOL, Username: username });
    if (user.body.UserStatus !== 'CONFIRMED') lost.push(`confirmation of ${username}`);
  }
  for (const username of acknowledged.changed) {
    const res = await call(second.url, 'InitiateAuth', {
      ClientId: CLIENT,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: username, PASSWORD: 'Changed-Passw0rd1' },
    });
    if (res.status !== 200) lost.push(`password change of ${username}`);
  }
  for (const token of acknowledged.revoked) {
    const res = await call(second.url, 'GetTokensFromRefreshToken', { ClientId: CLIENT, RefreshToken: token });
    if (res.body.__type !== 'NotAuthorizedException') lost.push('a revocation');
  }
  expect(lost).toEqual([]);
  expect(acknowledged.revoked.length).toBeGreaterThanOrEqual(15);
  console.log(
    `durability (mixed): ${acknowledged.confirmed.length} confirmations, ${acknowledged.changed.length} password changes, ${acknowledged.revoked.length} revocations acknowledged before kill -9; ${lost.length} lost`,
  );
  second.child.kill('SIGTERM');
});
