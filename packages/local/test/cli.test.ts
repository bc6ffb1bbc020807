/** The CLI as `npm start` runs it: demo pool, amplify_outputs.json, a demo user who can sign in. */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { BIN, call, setFaults, start, startCli } from './helpers.js';
import { formatRequestLine, type RequestLogEntry } from '../src/node/request-log.js';

const dir = mkdtempSync(join(tmpdir(), 'cognate-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('start --demo --outputs writes the client configuration and serves the demo user', async () => {
  const outputs = join(dir, 'amplify_outputs.json');
  const { child, url, out } = await startCli(['--demo', '--outputs', outputs, '--in-memory']);
  try {
    expect(out).toContain(`"userPoolEndpoint": "${url}"`);
    const config = JSON.parse(readFileSync(outputs, 'utf8'));
    expect(config.auth).toMatchObject({
      user_pool_id: 'us-east-1_CognateD1',
      user_pool_client_id: 'cognatedemo0000000000web01',
      aws_region: 'us-east-1',
      username_attributes: ['email'],
    });
    const signIn = await call(url, 'InitiateAuth', {
      ClientId: config.auth.user_pool_client_id,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: 'demo@example.com', PASSWORD: 'Passw0rd!' },
    });
    expect(signIn.status).toBe(200);
    expect(signIn.body.AuthenticationResult.IdToken).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+$/);
  } finally {
    child.kill('SIGTERM');
  }
});

it("prints the console's Amplify.configure snippet for the same pool and client, to the letter", async () => {
  const { child, url, out } = await startCli(['--demo', '--in-memory']);
  try {
    const printed = /\n {2}(Amplify\.configure\([\s\S]*?\n {2}\}\);)\n/.exec(out)?.[1]?.replace(/^ {2}/gm, '');
    const page = await (await fetch(`${url}/`, { headers: { accept: 'text/html' } })).text();
    const shown = /<pre id="configure:cognatedemo0000000000web01">([\s\S]*?)<\/pre>/.exec(page)?.[1];
    const text = (escaped: string) =>
      escaped.replace(/&(#(\d+)|quot|amp|lt|gt);/g, (_, entity: string, code?: string) =>
        code ? String.fromCharCode(Number(code)) : ({ quot: '"', amp: '&', lt: '<', gt: '>' } as Record<string, string>)[entity]!,
      );
    expect(shown).toMatch(/^Amplify\.configure\(/);
    expect(printed).toBe(text(shown!));
    // The demo's identity pool and group are in it, as the console shows them.
    expect(JSON.parse(printed!.slice('Amplify.configure('.length, -2)).Auth.Cognito).toMatchObject({
      userPoolEndpoint: url,
      identityPoolEndpoint: url,
      groups: [{ admins: { precedence: 0 } }],
    });
  } finally {
    child.kill('SIGTERM');
  }
});

it('rejects a bad --port in one line with exit code 2', async () => {
  const child = spawn(process.execPath, [BIN, 'start', '--port', 'abc'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', c => (err += c));
  const code = await new Promise(r => child.once('exit', r));
  expect(code).toBe(2);
  expect(err).toBe('cognate-local: --port must be 0-65535\n');
});

/** stderr of `start --demo --in-memory <args>`, all of it: read after the process has closed its pipes. */
async function stderrOf(args: string[]): Promise<string> {
  const { child, err } = await startCli(['--demo', '--in-memory', ...args]);
  const closed = new Promise(resolve => child.once('close', resolve));
  child.kill('SIGTERM');
  await closed;
  return err();
}

it('--host 0.0.0.0 prints a warning on stderr saying what is exposed and how to restrict it', async () => {
  const warning = await stderrOf(['--host', '0.0.0.0']);
  expect(warning).toMatch(/WARNING: listening on 0\.0\.0\.0:\d+, not a loopback address/);
  expect(warning).toContain('/_local/messages');
  expect(warning).toContain('/_local/state');
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
        request({ host: '127.0.0.1', port: Number(port), path: '/health', headers: { host } }, res => (res.resume(), resolve(res.statusCode!)))
          .on('error', reject)
          .end();
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
  child.stderr.on('data', c => (err += c));
  expect(await new Promise(r => child.once('exit', r))).toBe(2);
  expect(err).toContain('--cors-origin must be an origin');
});

/** Runs the bin to its end: `{ code, out, err }`. */
async function run(args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', c => (out += c));
  child.stderr.on('data', c => (err += c));
  const code = await new Promise<number | null>(r => child.once('close', r));
  return { code, out, err };
}

/** Whether `text` shows a stack trace (`    at fn (file:line:col)`). */
const hasStack = (text: string) => /^\s+at .+:\d+/m.test(text);

const PACKAGE_VERSION = JSON.parse(readFileSync(join(import.meta.dirname, '../package.json'), 'utf8')).version as string;

it('--version prints the package version, at the top level and on start', async () => {
  for (const args of [['--version'], ['-v'], ['start', '--version']]) {
    const { code, out, err } = await run(args);
    expect({ args, code, out, err }).toEqual({ args, code: 0, out: `${PACKAGE_VERSION}\n`, err: '' });
  }
});

it('--help (and -h) prints the usage on stdout with exit code 0, at the top level and on start', async () => {
  for (const args of [['--help'], ['-h'], ['help'], ['start', '--help'], ['start', '-h'], ['help', 'start']]) {
    const { code, out, err } = await run(args);
    expect({ args, code, err }).toEqual({ args, code: 0, err: '' });
    expect(out).toContain('Usage: cognate-local start [options]');
    expect(out).toContain('--quiet');
    expect(out).toContain('--version');
  }
  const top = await run(['--help']);
  expect(top.out).toContain('Commands:');
});

it('an unknown flag or command is refused in one line with exit code 2 (and a did-you-mean)', async () => {
  const flag = await run(['start', '--prot', '9000']);
  expect(flag.code).toBe(2);
  expect(flag.out).toBe('');
  expect(flag.err).toBe("cognate-local: unknown option '--prot'; did you mean --port? (cognate-local start --help lists them)\n");
  const other = await run(['start', '--frobnicate']);
  expect(other.code).toBe(2);
  expect(other.err).toBe("cognate-local: unknown option '--frobnicate' (cognate-local start --help lists them)\n");
  const command = await run(['strat']);
  expect(command.code).toBe(2);
  expect(command.err).toBe("cognate-local: unknown command 'strat'; did you mean start? (cognate-local --help lists them)\n");
  const extra = await run(['start', 'now']);
  expect(extra.code).toBe(2);
  expect(extra.err).toBe("cognate-local: unexpected argument 'now' (cognate-local start --help lists the options)\n");
  const missing = await run(['start', '--port']);
  expect(missing.code).toBe(2);
  expect(missing.err.split('\n')).toHaveLength(2);
  expect(missing.err).toContain("'--port'");
});

it('a port in use is said in one line, with what to do, and exit code 1 (no stack)', async () => {
  const { createServer } = await import('node:http');
  const busy = createServer();
  await new Promise<void>(r => busy.listen(0, '127.0.0.1', r));
  const { port } = busy.address() as { port: number };
  try {
    const { code, out, err } = await run(['start', '--in-memory', '--port', String(port)]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toBe(`cognate-local: port ${port} is in use (another cognate-local?). Stop it, or pick another port with --port 0 or --port N.\n`);
  } finally {
    busy.close();
  }
});

/** Runs `start --config <file with text>` to its end. */
async function startWithConfig(text: string, name = 'cognate-local.json') {
  const file = join(mkdtempSync(join(dir, 'config-')), name);
  writeFileSync(file, text);
  return { file, ...(await run(['start', '--in-memory', '--port', '0', '--config', file])) };
}

it('a config with a misspelt key is refused naming the file, the key path and the key meant', async () => {
  const { file, code, out, err } = await startWithConfig(
    JSON.stringify({ userPools: [{ PoolName: 'p', clients: [{ ClientNmae: 'web' }] }], alowedHosts: ['x'] }),
  );
  expect(code).toBe(2);
  expect(out).toBe('');
  expect(err).toBe(
    `cognate-local: ${file}: userPools[0].clients[0].ClientNmae is not a known key; did you mean "ClientName"?\n` +
      `cognate-local: ${file}: alowedHosts is not a known key; did you mean "allowedHosts"?\n`,
  );
});

it('a config with a value of the wrong type is refused naming the file and the key path', async () => {
  const { file, code, err } = await startWithConfig(
    JSON.stringify({ userPools: [{ PoolName: 'p', users: { Username: 'alice' } }], credentials: { accessKeyId: 'k', secretAccessKey: 7 } }),
  );
  expect(code).toBe(2);
  expect(err).toBe(
    `cognate-local: ${file}: userPools[0].users must be an array (got object)\n` +
      `cognate-local: ${file}: credentials.secretAccessKey must be a non-empty string (got number)\n`,
  );
});

it('a config that is not valid JSON is refused with the file, line and column', async () => {
  const { file, code, err } = await startWithConfig('{\n  "userPools": [\n    { "PoolName": "p", },\n  ]\n}\n');
  expect(code).toBe(2);
  expect(hasStack(err)).toBe(false);
  expect(err).toMatch(new RegExp(`^cognate-local: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:24: invalid JSON: a trailing comma before }\\n$`));
  const missing = await run(['start', '--in-memory', '--config', join(dir, 'no-such-file.json')]);
  expect(missing.code).toBe(2);
  expect(missing.err).toBe(`cognate-local: ${join(dir, 'no-such-file.json')}: no such file\n`);
});

it('a seed error prints the message and exit code 1, not a stack', async () => {
  const config = { userPools: [{ PoolName: 'p', users: [{ Username: 'alice', Password: 'Passw0rd!', Groups: ['nobody'] }] }] };
  const { file, code, out, err } = await startWithConfig(JSON.stringify(config));
  expect(code).toBe(1);
  expect(out).toBe('');
  expect(hasStack(err)).toBe(false);
  expect(err).toBe(`cognate-local: ${file}: could not seed userPools[0].users[0]: ResourceNotFoundException: Group not found.\n`);
});

/** Everything `child` writes to stdout from now on (after `before`), and a wait for `count` lines matching `pattern`. */
function collect(child: ChildProcess, before: string) {
  let text = before;
  let waiting: (() => void) | undefined;
  child.stdout!.on('data', chunk => {
    text += chunk;
    waiting?.();
  });
  const lines = (pattern: RegExp) => text.split('\n').filter(l => pattern.test(l));
  return {
    text: () => text,
    lines,
    until: (pattern: RegExp, count: number) =>
      new Promise<string[]>((resolve, reject) => {
        child.once('exit', code => reject(new Error(`exited ${code}: ${text}`)));
        waiting = () => {
          if (lines(pattern).length >= count) resolve(lines(pattern));
        };
        waiting();
      }),
  };
}

/** Stops `child` with `signal`: `{ code, out }` (stdout after the signal). */
async function stop(child: ChildProcess, signal: NodeJS.Signals): Promise<{ code: number | null; out: string }> {
  let out = '';
  child.stdout!.on('data', c => (out += c));
  const closed = new Promise<number | null>(r => child.once('close', r));
  child.kill(signal);
  return { code: await closed, out };
}

const REQUEST_LINE = /^(GET|POST|OPTIONS|HEAD|PUT|DELETE) \S+ \d{3} \d+ms/;

async function someRequests(url: string): Promise<void> {
  const clientId = 'cognatedemo0000000000web01';
  expect(
    (
      await call(url, 'InitiateAuth', {
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'demo@example.com', PASSWORD: 'Passw0rd!' },
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await call(url, 'InitiateAuth', {
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'demo@example.com', PASSWORD: 'wrong-Passw0rd!' },
      })
    ).status,
  ).toBe(400);
  expect((await fetch(`${url}/health?secret=123456`)).status).toBe(200);
}

it('logs one line per request: operation or route, status, milliseconds and error type', async () => {
  const { child, url, out } = await startCli(['--demo', '--in-memory']);
  const stdout = collect(child, out);
  await someRequests(url);
  const logged = await stdout.until(REQUEST_LINE, 3);
  expect(logged).toHaveLength(3);
  expect(logged[0]).toMatch(/^POST InitiateAuth 200 \d+ms$/);
  expect(logged[1]).toMatch(/^POST InitiateAuth 400 \d+ms NotAuthorizedException$/);
  expect(logged[2]).toMatch(/^GET \/health 200 \d+ms$/);
  const { code, out: after } = await stop(child, 'SIGTERM');
  expect(code).toBe(0);
  expect(after).toBe('cognate-local stopped\n');
});

it('--verbose adds body sizes and request ids, never passwords or tokens; --quiet logs no requests', async () => {
  const verbose = await startCli(['--demo', '--in-memory', '--verbose']);
  const stdout = collect(verbose.child, verbose.out);
  await someRequests(verbose.url);
  const lines = await stdout.until(REQUEST_LINE, 3);
  const text = stdout.text();
  expect(lines[0]).toMatch(/^POST InitiateAuth 200 \d+ms in=\d+B out=\d+B id=[0-9a-f-]{36}$/);
  expect(lines[1]).toMatch(/^POST InitiateAuth 400 \d+ms NotAuthorizedException in=\d+B out=\d+B id=[0-9a-f-]{36}$/);
  expect(lines.join('\n')).not.toMatch(/Passw0rd|eyJ|123456/);
  expect(text.slice(verbose.out.length)).not.toMatch(/Passw0rd|eyJ|123456/);
  expect((await stop(verbose.child, 'SIGTERM')).code).toBe(0);

  const quiet = await startCli(['--demo', '--in-memory', '--quiet']);
  await someRequests(quiet.url);
  const { code, out } = await stop(quiet.child, 'SIGINT');
  expect(code).toBe(0);
  expect((quiet.out + out).split('\n').filter(l => REQUEST_LINE.test(l))).toEqual([]);
  expect(out).toBe('cognate-local stopped\n');
});

it('the config\'s "region" is used without --region, and --demo keeps the other keys of --config', async () => {
  const file = join(mkdtempSync(join(dir, 'config-')), 'cognate-local.json');
  writeFileSync(file, JSON.stringify({ region: 'eu-west-1', allowedHosts: ['devbox.lan'], userPools: [{ PoolName: 'p', clients: [{ ClientName: 'web' }] }] }));
  const regional = await startCli(['--in-memory', '--config', file]);
  try {
    expect(regional.out).toMatch(/"userPoolId": "eu-west-1_\w+"/);
    expect(regional.out).toContain("new CognitoIdentityProviderClient({ region: 'eu-west-1'");
  } finally {
    await stop(regional.child, 'SIGTERM');
  }
  const demo = await startCli(['--in-memory', '--demo', '--config', file]);
  try {
    const { port } = new URL(demo.url);
    const status = await new Promise<number>((resolve, reject) => {
      request(
        { host: '127.0.0.1', port: Number(port), path: '/health', headers: { host: `devbox.lan:${port}` } },
        res => (res.resume(), resolve(res.statusCode!)),
      )
        .on('error', reject)
        .end();
    });
    expect(status).toBe(200);
  } finally {
    await stop(demo.child, 'SIGTERM');
  }
});

it("startServer's onRequest sees errors by type and a dropped connection as status 0, and a failing callback harms nothing", async () => {
  const entries: RequestLogEntry[] = [];
  let wanted = 0;
  let reached: () => void = () => {};
  const server = await start({
    onRequest: entry => {
      entries.push(entry);
      if (entries.length >= wanted) reached();
      throw new Error('a broken log callback');
    },
  });
  const seen = (n: number) =>
    new Promise<void>(resolve => {
      wanted = n;
      reached = resolve;
      if (entries.length >= n) resolve();
    });
  try {
    await setFaults(server.url, { throttle: 1 });
    expect((await call(server.url, 'ListUserPools', { MaxResults: 1 })).status).toBe(400);
    await setFaults(server.url, { drop: 1 });
    await expect(call(server.url, 'ListUserPools', { MaxResults: 1 })).rejects.toThrow();
    await setFaults(server.url, {});
    await seen(5);
    const lines = entries.map(e => formatRequestLine(e));
    expect(lines[0]).toMatch(/^POST \/_local\/faults 200 \d+ms$/);
    expect(lines[1]).toMatch(/^POST ListUserPools 400 \d+ms TooManyRequestsException$/);
    expect(lines[3]).toMatch(/^POST ListUserPools --- \d+ms \(closed without an answer\)$/);
    expect(entries[3]!.status).toBe(0);
    expect((await call(server.url, 'ListUserPools', { MaxResults: 1 })).status).toBe(200);
  } finally {
    await server.close();
  }
});
