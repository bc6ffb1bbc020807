/**
 * Trigger code isolated from the server: it runs in worker threads with Cognito's timeout (a hang or
 * a CPU loop fails the call with UnexpectedLambdaException while the server keeps answering; the
 * worker is replaced), what it throws after answering or leaves rejected is logged and harmless,
 * one warm worker serves call after call; and trigger modules load only from the trigger folder,
 * never from a path or URL set through the API.
 */
import { SignUpCommand, type CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { call, errorOf, sdk, start, startCli } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'cognate-trigger-isolation-'));
const dir = join(root, 'triggers');
const outside = join(root, 'outside');
mkdirSync(dir);
mkdirSync(outside);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const files: Record<string, string> = {
  'hang.mjs': `export const handler = () => new Promise(() => {});`,
  'ok.mjs': `export const handler = async (event) => event;`,
  'loop.mjs': `import { writeFileSync } from 'node:fs';
    export const handler = (event) => { writeFileSync(new URL('./looping', import.meta.url), ''); for (;;) {} };`,
  'late.mjs': `export const handler = async (event) => {
      setTimeout(() => { throw new Error('late boom'); }, 0);
      Promise.reject(new Error('nobody caught this'));
      return event;
    };`,
  'exit.mjs': `export const handler = () => process.exit(3);`,
  'message.mjs': `import { threadId } from 'node:worker_threads';
    let calls = 0;
    export const handler = async (event) => { event.response.emailMessage = 'thread ' + threadId + ' call ' + ++calls + ' code {####}'; return event; };`,
};
for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source);
// Code outside the trigger folder that leaves a mark when it runs.
writeFileSync(
  join(outside, 'evil.mjs'),
  `import { writeFileSync } from 'node:fs';
  export const handler = async (event) => { writeFileSync(new URL('./ran', import.meta.url), ''); return event; };`,
);

const pool = (Id: string, LambdaConfig: Record<string, unknown>) => ({
  Id,
  PoolName: Id.split('_')[1]!,
  LambdaConfig,
  AutoVerifiedAttributes: ['email'],
  clients: [{ ClientId: `${Id.split('_')[1]!.toLowerCase()}client0000000001`, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }],
});
const clientOf = (id: string) => `${id.split('_')[1]!.toLowerCase()}client0000000001`;
const signUp = (client: CognitoIdentityProviderClient, poolId: string, Username: string) =>
  client.send(
    new SignUpCommand({ ClientId: clientOf(poolId), Username, Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: `${Username}@example.com` }] }),
  );

describe('in worker threads, with a timeout', () => {
  let server: RunningServer;
  let client: CognitoIdentityProviderClient;
  beforeAll(async () => {
    server = await start({
      triggerBaseDir: dir,
      triggerTimeoutMs: 1000,
      config: {
        userPools: [pool('us-east-1_Hang', { PreSignUp: './hang.mjs' }), pool('us-east-1_Fine', { PreSignUp: './ok.mjs', CustomMessage: './message.mjs' })],
      },
    });
    client = sdk(server.url);
  });
  afterAll(async () => {
    client?.destroy();
    await server?.close();
  });

  it("a trigger that never answers fails with Cognito's UnexpectedLambdaException; the next trigger runs in a fresh worker", async () => {
    const error = await errorOf(signUp(client, 'us-east-1_Hang', 'hanging'));
    expect(error.name).toBe('UnexpectedLambdaException');
    expect(error.message).toBe('PreSignUp invocation failed due to error Socket timeout while invoking Lambda function.');
    expect((await call(server.url, 'AdminGetUser', { UserPoolId: 'us-east-1_Hang', Username: 'hanging' })).body.__type).toBe('UserNotFoundException');
    const ok = await signUp(client, 'us-east-1_Fine', 'after-hang');
    expect(ok.UserSub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  }, 15_000);

  it("one warm worker, not the server's thread, serves call after call", async () => {
    await signUp(client, 'us-east-1_Fine', 'first');
    await signUp(client, 'us-east-1_Fine', 'second');
    const res = await fetch(`${server.url}/_local/messages?userPoolId=us-east-1_Fine`);
    const texts = ((await res.json()).messages as Array<{ message: string }>).map(m => m.message);
    const [, thread, calls] = /^thread (\d+) call (\d+) /.exec(texts.at(-1)!)!;
    // Worker threads have ids above 0 (the server's own thread); the module stayed loaded between calls.
    expect(Number(thread)).toBeGreaterThan(0);
    expect(texts.at(-2)).toMatch(new RegExp(`^thread ${thread} call ${Number(calls) - 1} `));
  });
});

describe('the CLI process stays up', () => {
  let cli: { child: ChildProcess; url: string };
  let out = '';
  let client: CognitoIdentityProviderClient;
  beforeAll(async () => {
    const configDir = join(root, 'config');
    mkdirSync(configDir);
    const config = join(configDir, 'cognate.json');
    writeFileSync(
      config,
      JSON.stringify({
        userPools: [
          pool('us-east-1_Loop', { PreSignUp: './loop.mjs' }),
          pool('us-east-1_Late', { PreSignUp: './late.mjs' }),
          pool('us-east-1_Exit', { PreSignUp: './exit.mjs' }),
        ],
      }),
    );
    cli = await startCli(['--in-memory', '--config', config, '--triggers', dir]);
    cli.child.stdout!.on('data', chunk => (out += chunk));
    client = sdk(cli.url);
  });
  afterAll(() => {
    client?.destroy();
    cli?.child.kill('SIGKILL');
  });

  it('a trigger stuck in a CPU loop does not stall the server, and is cut off after 5 seconds', async () => {
    let settled = false;
    const looping = errorOf(signUp(client, 'us-east-1_Loop', 'spinner')).finally(() => (settled = true));
    for (let i = 0; i < 500 && !existsSync(join(dir, 'looping')); i++) await new Promise(r => setTimeout(r, 10));
    expect(existsSync(join(dir, 'looping'))).toBe(true);
    // The trigger is spinning now; the server still answers.
    const health = await fetch(`${cli.url}/health`, { signal: AbortSignal.timeout(4000) });
    expect(health.status).toBe(200);
    expect(settled).toBe(false);
    const error = await looping;
    expect(error.name).toBe('UnexpectedLambdaException');
    expect(error.message).toBe('PreSignUp invocation failed due to error Socket timeout while invoking Lambda function.');
  }, 20_000);

  it('an exception after the answer and an unhandled rejection are logged; the server keeps running', async () => {
    expect((await signUp(client, 'us-east-1_Late', 'late')).UserSub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (let i = 0; i < 500 && !(out.includes('late boom') && out.includes('nobody caught this')); i++) await new Promise(r => setTimeout(r, 10));
    expect(out).toContain("trigger code threw outside its handler's answer: late boom");
    expect(out).toContain('trigger code left a promise rejection unhandled: nobody caught this');
    expect(cli.child.exitCode).toBeNull();
    expect((await fetch(`${cli.url}/health`)).status).toBe(200);
    expect((await signUp(client, 'us-east-1_Late', 'late-again')).UserSub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  }, 20_000);

  it('a trigger that calls process.exit ends only its worker', async () => {
    const error = await errorOf(signUp(client, 'us-east-1_Exit', 'quitter'));
    expect(error.name).toBe('UnexpectedLambdaException');
    expect(error.message).toBe("PreSignUp invocation failed due to error the trigger's worker exited with code 3.");
    expect(cli.child.exitCode).toBeNull();
    expect((await signUp(client, 'us-east-1_Late', 'after-exit')).UserSub).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  }, 20_000);
});

describe('trigger modules come only from the trigger folder', () => {
  let server: RunningServer;
  let client: CognitoIdentityProviderClient;
  beforeAll(async () => {
    symlinkSync(join(outside, 'evil.mjs'), join(dir, 'link.mjs'));
    server = await start({ triggerBaseDir: dir });
    client = sdk(server.url);
  });
  afterAll(async () => {
    client?.destroy();
    await server?.close();
  });
  const REFUSED = [
    join(outside, 'evil.mjs'),
    pathToFileURL(join(outside, 'evil.mjs')).href,
    `data:text/javascript,export const handler = (e) => e;`,
    'http://127.0.0.1:1/evil.mjs',
    '../outside/evil.mjs',
    './sub/../../outside/evil.mjs',
    './link.mjs',
  ];

  it('CreateUserPool and UpdateUserPool refuse absolute paths, URLs, ../ and symbolic links out of the folder', async () => {
    const created = await call(server.url, 'CreateUserPool', { PoolName: 'guarded', LambdaConfig: { PreSignUp: './ok.mjs' } });
    expect(created.status).toBe(200);
    const id = created.body.UserPool.Id;
    for (const ref of REFUSED) {
      for (const LambdaConfig of [{ PreSignUp: ref }, { PreTokenGenerationConfig: { LambdaVersion: 'V2_0', LambdaArn: ref } }]) {
        const create = await call(server.url, 'CreateUserPool', { PoolName: 'evil', LambdaConfig });
        expect(create.status, ref).toBe(400);
        expect(create.body.__type).toBe('InvalidParameterException');
        const update = await call(server.url, 'UpdateUserPool', { UserPoolId: id, LambdaConfig });
        expect(update.body.__type, ref).toBe('InvalidParameterException');
      }
    }
    const described = await call(server.url, 'DescribeUserPool', { UserPoolId: id });
    expect(described.body.UserPool.LambdaConfig).toEqual({ PreSignUp: './ok.mjs' });
    expect((await call(server.url, 'ListUserPools', { MaxResults: 60 })).body.UserPools.map((p: { Name: string }) => p.Name)).toEqual(['guarded']);
    expect(existsSync(join(outside, 'ran'))).toBe(false);
  });

  it('a link that leads out, made after the pool was set, is refused when the trigger would run', async () => {
    const created = await call(server.url, 'CreateUserPool', { PoolName: 'later', LambdaConfig: { PreSignUp: './later.mjs' } });
    expect(created.status).toBe(200);
    const id = created.body.UserPool.Id;
    const clientId = (await call(server.url, 'CreateUserPoolClient', { UserPoolId: id, ClientName: 'web' })).body.UserPoolClient.ClientId;
    symlinkSync(join(outside, 'evil.mjs'), join(dir, 'later.mjs'));
    const error = await errorOf(client.send(new SignUpCommand({ ClientId: clientId, Username: 'someone', Password: 'Passw0rd!' })));
    expect(error.name).toBe('UnexpectedLambdaException');
    expect(error.message).toBe('Could not load trigger ./later.mjs: ./later.mjs leads outside the trigger folder through a symbolic link.');
    expect(existsSync(join(outside, 'ran'))).toBe(false);
  });

  it('LambdaConfig keeps only its members, as strings; a Lambda ARN is stored and fails when run', async () => {
    const wrong = await call(server.url, 'CreateUserPool', { PoolName: 'wrong', LambdaConfig: { PreSignUp: { nested: ['x'] } } });
    expect(wrong.body.__type).toBe('InvalidParameterException');
    const arn = 'arn:aws:lambda:us-east-1:123456789012:function:pre-sign-up';
    const created = await call(server.url, 'CreateUserPool', { PoolName: 'arn', LambdaConfig: { PreSignUp: arn, Unknown: { deep: [1] }, KMSKeyID: 'key' } });
    expect(created.status).toBe(200);
    expect(created.body.UserPool.LambdaConfig).toEqual({ PreSignUp: arn, KMSKeyID: 'key' });
    const clientId = (await call(server.url, 'CreateUserPoolClient', { UserPoolId: created.body.UserPool.Id, ClientName: 'web' })).body.UserPoolClient.ClientId;
    const error = await errorOf(client.send(new SignUpCommand({ ClientId: clientId, Username: 'someone', Password: 'Passw0rd!' })));
    expect(error.name).toBe('UnexpectedLambdaException');
  });

  it('without a trigger folder, a module path is refused', async () => {
    const bare = await start();
    try {
      const res = await call(bare.url, 'CreateUserPool', { PoolName: 'bare', LambdaConfig: { PreSignUp: './ok.mjs' } });
      expect(res.body.__type).toBe('InvalidParameterException');
      expect(res.body.message).toContain('--triggers DIR');
    } finally {
      await bare.close();
    }
  });
});
