/**
 * Fault injection through `/_local/faults`: throttling, server errors, unavailability, slow answers
 * and dropped connections, before or after the operation; seeded and repeatable; and the official
 * SDK getting through a throttled server with its own retries.
 */
import { CreateUserPoolCommand, ListUserPoolsCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { call, faultStats, start } from './helpers.js';

let server: RunningServer;
let poolId: string;

async function faults(settings: Record<string, unknown>) {
  const res = await fetch(`${server.url}/_local/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(settings) });
  return { status: res.status, body: await res.json() };
}

beforeAll(async () => {
  server = await start();
  poolId = (await call(server.url, 'CreateUserPool', { PoolName: 'faults' })).body.UserPool.Id;
});
afterEach(() => faults({}));
afterAll(() => server?.close());

describe('fault injection', () => {
  it('throttles, fails and refuses with the shapes clients retry on', async () => {
    await faults({ throttle: 1 });
    const throttled = await call(server.url, 'DescribeUserPool', { UserPoolId: poolId });
    expect(throttled.status).toBe(400);
    expect(throttled.body.__type).toBe('TooManyRequestsException');
    await faults({ error: 1 });
    expect((await call(server.url, 'DescribeUserPool', { UserPoolId: poolId })).status).toBe(500);
    await faults({ unavailable: 1 });
    const unavailable = await call(server.url, 'DescribeUserPool', { UserPoolId: poolId });
    expect(unavailable.status).toBe(503);
    expect(unavailable.body.__type).toBe('ServiceUnavailableException');
  });

  it('drops the connection without an answer', async () => {
    await faults({ drop: 1 });
    await expect(call(server.url, 'DescribeUserPool', { UserPoolId: poolId })).rejects.toThrow();
  });

  it('slows answers down', async () => {
    await faults({ slow: 1, slowMs: 300 });
    const t = performance.now();
    expect((await call(server.url, 'DescribeUserPool', { UserPoolId: poolId })).status).toBe(200);
    expect(performance.now() - t).toBeGreaterThanOrEqual(290);
  });

  it('before the operation nothing changes; after it, the change is made and the answer lost', async () => {
    await faults({ error: 1, operations: ['CreateUserPool'] });
    expect((await call(server.url, 'CreateUserPool', { PoolName: 'lost-before' })).status).toBe(500);
    await faults({ error: 1, operations: ['CreateUserPool'], phase: 'after' });
    expect((await call(server.url, 'CreateUserPool', { PoolName: 'made-after' })).status).toBe(500);
    await faults({});
    const names = (await call(server.url, 'ListUserPools', { MaxResults: 60 })).body.UserPools.map((p: { Name: string }) => p.Name);
    expect(names).toContain('made-after');
    expect(names).not.toContain('lost-before');
  });

  it('is repeatable with a seed, counts what it injected, and only touches the named operations', async () => {
    const run = async () => {
      await faults({ throttle: 0.5, seed: 42, operations: ['DescribeUserPool'] });
      const out: number[] = [];
      for (let i = 0; i < 20; i++) out.push((await call(server.url, 'DescribeUserPool', { UserPoolId: poolId })).status);
      expect((await call(server.url, 'ListUserPools', { MaxResults: 1 })).status).toBe(200);
      return { out, stats: (await faults({ throttle: 0.5, seed: 42, operations: ['DescribeUserPool'] })).body };
    };
    const first = await run();
    const second = await run();
    expect(first.out).toEqual(second.out);
    expect(first.out).toContain(400);
    expect(first.out).toContain(200);
    expect(first.stats.stats.requests).toBe(0); // reconfiguring resets the counters
  });

  it('refuses bad settings', async () => {
    expect((await faults({ throttle: 2 })).status).toBe(400);
    expect((await faults({ phase: 'during' })).status).toBe(400);
    expect((await faults({ operations: 'InitiateAuth' })).status).toBe(400);
  });

  it('the AWS SDK gets through a half-throttled server with its retries', async () => {
    await faults({ throttle: 0.3, seed: 7 });
    const sdk = new CognitoIdentityProviderClient({
      region: 'us-east-1',
      endpoint: server.url,
      credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
      maxAttempts: 8,
    });
    let ok = 0;
    for (let i = 0; i < 5; i++) {
      await sdk.send(new ListUserPoolsCommand({ MaxResults: 5 }));
      ok++;
    }
    expect(ok).toBe(5);
    expect((await faultStats(server.url)).injected.throttle).toBeGreaterThan(0);
    await faults({});
    await sdk.send(new CreateUserPoolCommand({ PoolName: 'after-faults' }));
    sdk.destroy();
  }, 60_000);
});
