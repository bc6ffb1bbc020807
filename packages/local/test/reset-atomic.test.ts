/**
 * POST /_local/reset clears the store and seeds the config again as one step: a reader in the same
 * process waits for it, and another server on the same --data folder keeps seeing the old state
 * until the reset commits, so neither ever finds the seeded pool or its client missing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeUserPoolClientCommand, DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, expect, it } from 'vitest';
import type { LocalConfig } from '../src/index.js';
import { sdk, start, startCli } from './helpers.js';

const POOL = 'us-east-1_ResetRace1';
const CLIENT = 'resetrace00000000000000000a';
const config: LocalConfig = {
  userPools: [
    {
      Id: POOL,
      PoolName: 'reset',
      clients: [{ ClientId: CLIENT, ClientName: 'web' }],
      groups: [{ GroupName: 'staff' }],
      // Several users with passwords: the seed takes a while, as a real config's does.
      users: Array.from({ length: 8 }, (_, i) => ({ Username: `user${i}`, Password: 'Passw0rd!', Attributes: { email: `user${i}@example.com` } })),
    },
  ],
};

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Reads the seeded pool and client at `url` over and over until `stop()`: how many reads, and the errors of those that failed. */
function reader(url: string) {
  const client = sdk(url);
  let stopped = false;
  const missing: string[] = [];
  let reads = 0;
  const done = (async () => {
    while (!stopped) {
      await Promise.all([
        client.send(new DescribeUserPoolCommand({ UserPoolId: POOL })),
        client.send(new DescribeUserPoolClientCommand({ UserPoolId: POOL, ClientId: CLIENT })),
      ]).catch((error: Error) => missing.push(`${error.name}: ${error.message}`));
      reads++;
    }
  })();
  return {
    missing,
    reads: () => reads,
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}

for (const store of ['SqliteStore', 'MemoryStore'] as const) {
  it(`${store}: during resets, readers in the same process${store === 'SqliteStore' ? ' and in a second server on the --data folder' : ''} never see the seeded pool missing`, async () => {
    const dataDir = store === 'SqliteStore' ? mkdtempSync(join(tmpdir(), 'cognate-reset-')) : undefined;
    if (dataDir) dirs.push(dataDir);
    const a = await start({ config, ...(dataDir ? { dataDir } : {}) });
    let b: { url: string; close(): void } | undefined;
    if (dataDir) {
      // The second server is another process, as two `cognate-local start --data` on one folder are.
      const file = join(dataDir, 'config.json');
      writeFileSync(file, JSON.stringify(config));
      const cli = await startCli(['--data', dataDir, '--config', file, '--quiet']);
      b = { url: cli.url, close: () => cli.child.kill('SIGKILL') };
    }
    try {
      // Three readers on each server, so that some read is in flight at every moment of a reset.
      const urls = [a.url, ...(b ? [b.url] : [])];
      const readers = urls.flatMap(url => [reader(url), reader(url), reader(url)]);
      try {
        for (let round = 0; round < 20; round++) {
          // Each reader is under way (its clients warm) before the reset starts, and still reading when it ends.
          const before = readers.map(r => r.reads());
          while (readers.some((r, i) => r.reads() < before[i]! + 2)) await new Promise(resolve => setImmediate(resolve));
          const reset = await fetch(`${a.url}/_local/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
          expect(reset.status).toBe(200);
        }
      } finally {
        await Promise.all(readers.map(r => r.stop()));
      }
      for (const r of readers) expect(r.missing).toEqual([]);
      // And the reset did reset: the seed is back whole.
      expect((await sdk(a.url).send(new DescribeUserPoolClientCommand({ UserPoolId: POOL, ClientId: CLIENT }))).UserPoolClient?.ClientName).toBe('web');
    } finally {
      await a.close();
      b?.close();
    }
  }, 60_000);
}
