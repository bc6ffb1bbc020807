/** The CLI as `npm start` runs it: demo pool, amplify_outputs.json, a demo user who can sign in. */
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { BIN, call, startCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'cognate-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('start --demo --outputs writes the client configuration and serves the demo user', async () => {
  const outputs = join(dir, 'amplify_outputs.json');
  const { child, url, out } = await startCli(['--demo', '--outputs', outputs, '--in-memory']);
  try {
    expect(out).toContain("userPoolEndpoint: '" + url + "'");
    const config = JSON.parse(readFileSync(outputs, 'utf8'));
    expect(config.auth).toMatchObject({ user_pool_id: 'us-east-1_CognateD1', user_pool_client_id: 'cognatedemo0000000000web01', aws_region: 'us-east-1', username_attributes: ['email'] });
    const signIn = await call(url, 'InitiateAuth', {
      ClientId: config.auth.user_pool_client_id,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'demo@example.com', PASSWORD: 'Passw0rd!' },
    });
    expect(signIn.status).toBe(200);
    expect(signIn.body.AuthenticationResult.IdToken).toBeDefined();
  } finally {
    child.kill('SIGTERM');
  }
});

it('rejects bad flags with usage and exit code 2', async () => {
  const child = spawn(process.execPath, [BIN, 'start', '--port', 'abc'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  const code = await new Promise((r) => child.once('exit', r));
  expect(code).toBe(2);
  expect(err).toContain('--port must be 0-65535');
});

/** stderr of `start --demo --in-memory <args>`, all of it: read after the process has closed its pipes. */
async function stderrOf(args: string[]): Promise<string> {
  const { child, err } = await startCli(['--demo', '--in-memory', ...args]);
  const closed = new Promise((resolve) => child.once('close', resolve));
  child.kill('SIGTERM');
  await closed;
  return err();
}

it('--host 0.0.0.0 prints a warning on stderr saying what is exposed and how to restrict it', async () => {
  const warning = await stderrOf(['--host', '0.0.0.0']);
  expect(warning).toMatch(/WARNING: listening on 0\.0\.0\.0:\d+, not a loopback address/);
  expect(warning).toContain('/_local/messages');
  expect(warning).toContain('--host 127.0.0.1');
  expect(warning).toContain('--allowed-host');
  expect(await stderrOf([])).toBe('');
  expect(await stderrOf(['--host', 'localhost'])).toBe('');
});

it('--cors-origin lets that page call /_local/* and admin operations; --allowed-host adds a Host name', async () => {
  const { child, url } = await startCli(['--demo', '--in-memory', '--cors-origin', 'http://localhost:3000', '--allowed-host', 'devbox.lan']);
  try {
    const allowed = await fetch(`${url}/_local/messages`, { headers: { origin: 'http://localhost:3000' } });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect((await fetch(`${url}/_local/messages`, { headers: { origin: 'http://localhost:3001' } })).status).toBe(403);
    expect((await call(url, 'ListUserPools', { MaxResults: 5 }, undefined, { origin: 'http://localhost:3000' })).status).toBe(200);
    const { port } = new URL(url);
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        request({ host: '127.0.0.1', port: Number(port), path: '/health', headers: { host } }, (res) => (res.resume(), resolve(res.statusCode!))).on('error', reject).end();
      });
    expect(await status(`devbox.lan:${port}`)).toBe(200);
    expect(await status(`other.lan:${port}`)).toBe(403);
  } finally {
    child.kill('SIGTERM');
  }
});

it('rejects a --cors-origin that is not an origin', async () => {
  const child = spawn(process.execPath, [BIN, 'start', '--cors-origin', 'localhost:3000/app'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (c) => (err += c));
  expect(await new Promise((r) => child.once('exit', r))).toBe(2);
  expect(err).toContain('--cors-origin must be an origin');
});
