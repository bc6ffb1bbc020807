import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryStore } from './memory-store.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store } from './store.js';
import { StoreQueue } from './store-queue.js';

/** A promise and the function that settles it. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>(resolve => (open = resolve));
  return { open, opened };
}

/** Lets every queued continuation run. */
const settle = () => new Promise(resolve => setImmediate(resolve));

describe('StoreQueue', () => {
  it('runs shared sections side by side; an exclusive one after those running, and the shared ones that come meanwhile after it', async () => {
    const queue = new StoreQueue();
    const log: string[] = [];
    const a = gate();
    const b = gate();
    const first = queue.shared(async () => {
      log.push('a starts');
      await a.opened;
      log.push('a ends');
    });
    const second = queue.shared(async () => {
      log.push('b starts');
      await b.opened;
      log.push('b ends');
    });
    const exclusive = queue.exclusive(async () => {
      log.push('x starts');
      await settle();
      log.push('x ends');
    });
    const late = queue.shared(() => void log.push('c runs'));
    await settle();
    expect(log).toEqual(['a starts', 'b starts']);
    expect(queue.waiting).toBe(2);
    a.open();
    await settle();
    expect(log).toEqual(['a starts', 'b starts', 'a ends']);
    b.open();
    await Promise.all([first, second, exclusive, late]);
    expect(log).toEqual(['a starts', 'b starts', 'a ends', 'b ends', 'x starts', 'x ends', 'c runs']);
    expect(queue.waiting).toBe(0);
  });

  it('runs exclusive sections one at a time, in order, and goes on after one that throws', async () => {
    const queue = new StoreQueue();
    const log: string[] = [];
    const section = (name: string, fail = false) =>
      queue.exclusive(async () => {
        log.push(`${name} starts`);
        await settle();
        log.push(`${name} ends`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([section('x'), section('y', true), section('z'), queue.shared(() => 'shared')]);
    expect(log).toEqual(['x starts', 'x ends', 'y starts', 'y ends', 'z starts', 'z ends']);
    expect(results.map(r => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['x', 'y', 'z', 'shared']);
  });

  it('a shared section that throws still lets the exclusive one waiting for it start', async () => {
    const queue = new StoreQueue();
    const failing = queue.shared(async () => {
      await settle();
      throw new Error('boom');
    });
    const exclusive = queue.exclusive(async () => 'ran');
    await expect(failing).rejects.toThrow('boom');
    await expect(exclusive).resolves.toBe('ran');
  });
});

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const stores: Array<[string, () => Store]> = [
  ['MemoryStore', () => new MemoryStore()],
  [
    'SqliteStore',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'cognate-queue-unit-'));
      dirs.push(dir);
      return new SqliteStore(dir);
    },
  ],
];

for (const [name, make] of stores) {
  describe(`${name}.exclusive`, () => {
    it('takes back every write of a section that throws, a clear included', async () => {
      const store = make();
      store.put('pool', 'p1', { Id: 'p1' });
      store.put('user', 'p1/alice', { username: 'alice', attributes: { email: 'alice@example.com' } });
      await expect(
        store.exclusive(async () => {
          store.put('pool', 'p1', { Id: 'p1', changed: true });
          store.clear();
          await settle();
          store.put('pool', 'p2', { Id: 'p2' });
          store.transaction(() => store.put('user', 'p2/bob', { username: 'bob', attributes: { email: 'bob@example.com' } }));
          throw new Error('seed failed');
        }),
      ).rejects.toThrow('seed failed');
      expect(store.get('pool', 'p1')).toEqual({ Id: 'p1' });
      expect(store.get('pool', 'p2')).toBeUndefined();
      expect(store.list('user', '')).toEqual([{ username: 'alice', attributes: { email: 'alice@example.com' } }]);
      // The attribute index came back with the tables.
      expect(store.usersByAttribute('p1', 'email', 'alice@example.com', true, undefined, 10).map(m => m.key)).toEqual(['p1/alice']);
      expect(store.usersByAttribute('p2', 'email', 'bob@example.com', true, undefined, 10)).toEqual([]);
      store.close();
    });

    it('keeps what a section that commits wrote, and a shared section under way finishes first, its write kept when the exclusive one throws', async () => {
      const store = make();
      const held = gate();
      const request = store.shared(async () => {
        await held.opened;
        store.put('user', 'p1/during', { username: 'during' });
      });
      const failing = store.exclusive(async () => {
        store.put('pool', 'p9', { Id: 'p9' });
        throw new Error('refused');
      });
      await settle();
      expect(store.waiting).toBe(1);
      held.open();
      await request;
      await expect(failing).rejects.toThrow('refused');
      expect(store.get('user', 'p1/during')).toEqual({ username: 'during' });
      expect(store.get('pool', 'p9')).toBeUndefined();
      await store.exclusive(async () => {
        await settle();
        store.put('pool', 'p3', { Id: 'p3' });
      });
      expect(store.get('pool', 'p3')).toEqual({ Id: 'p3' });
      store.close();
    });
  });
}
