/**
 * A store transaction that reads, then writes (DeleteGroup: its members, then their rows), on a
 * --data folder another process is writing to: it waits for that process's write lock and then
 * succeeds, as a single write does. SQLite answers a deferred transaction's first write with
 * SQLITE_BUSY at once, without waiting, once it has read while another connection holds the lock:
 * that surfaced as InternalErrorException (500).
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { call, startCli } from './helpers.js';

const POOL = 'us-east-1_TxnLock1';
const config = {
  userPools: [
    {
      Id: POOL,
      PoolName: 'locks',
      clients: [{ ClientId: 'txnlock0000000000000000000a', ClientName: 'web' }],
      groups: [{ GroupName: 'staff' }, { GroupName: 'crew' }],
      users: [{ Username: 'alice', Groups: ['staff', 'crew'] }],
    },
  ],
};

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

it('a read-then-write transaction waits for another process holding the --data write lock, then succeeds', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cognate-txn-lock-'));
  dirs.push(dir);
  const file = join(dir, 'config.json');
  writeFileSync(file, JSON.stringify(config));
  const server = await startCli(['--data', join(dir, 'data'), '--config', file, '--quiet']);
  children.push(server.child);
  for (const group of ['staff', 'crew']) {
    // Another process on the folder (here, this test's own connection) is in the middle of a write.
    const other = new Database(join(dir, 'data', 'cognate-local.sqlite'));
    other.exec('BEGIN IMMEDIATE');
    const answer = call(server.url, 'DeleteGroup', { UserPoolId: POOL, GroupName: group });
    // It lets go within a second (well inside the server's 5 s busy timeout), or as soon as the answer came without waiting.
    await Promise.race([answer, new Promise(resolve => setTimeout(resolve, 1000))]);
    other.exec('COMMIT');
    other.close();
    const { status, body } = await answer;
    expect({ status, type: body?.__type }).toEqual({ status: 200, type: undefined });
  }
  const groups = await call(server.url, 'AdminListGroupsForUser', { UserPoolId: POOL, Username: 'alice' });
  expect(groups.body.Groups).toEqual([]);
}, 60_000);
