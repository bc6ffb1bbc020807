/** One contract, run against both stores. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryStore, SqliteStore, type Store } from '../src/index.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const makers: Array<[string, () => Store]> = [
  ['memory', () => new MemoryStore()],
  [
    'sqlite',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'cognate-store-'));
      dirs.push(dir);
      return new SqliteStore(dir);
    },
  ],
];

describe.each(makers)('%s store', (_name, make) => {
  it('gets, puts, deletes and lists by prefix in key order', () => {
    const store = make();
    store.put('user', 'p1/b', { n: 2 });
    store.put('user', 'p1/a', { n: 1 });
    store.put('user', 'p2/a', { n: 3 });
    store.put('pool', 'p1/a', { other: true });
    expect(store.get('user', 'p1/a')).toEqual({ n: 1 });
    expect(store.list('user', 'p1/')).toEqual([{ n: 1 }, { n: 2 }]);
    expect(store.list('user', 'p1/', 1)).toEqual([{ n: 1 }]);
    expect(store.count('user', '')).toBe(3);
    store.delete('user', 'p1/a');
    expect(store.get('user', 'p1/a')).toBeUndefined();
    store.deletePrefix('user', 'p1/');
    expect(store.list('user', '')).toEqual([{ n: 3 }]);
    expect(store.get('pool', 'p1/a')).toEqual({ other: true });
    store.close();
  });

  it('take: returns the value and deletes it in one step, undefined for the next taker; a failed transaction puts it back', () => {
    const store = make();
    store.put('session', 's1', { n: 1 });
    expect(store.take('session', 's1')).toEqual({ n: 1 });
    expect(store.take('session', 's1')).toBeUndefined();
    expect(store.get('session', 's1')).toBeUndefined();
    store.put('session', 's2', { n: 2 });
    expect(() =>
      store.transaction(() => {
        expect(store.take('session', 's2')).toEqual({ n: 2 });
        throw new Error('undo');
      }),
    ).toThrow('undo');
    expect(store.get('session', 's2')).toEqual({ n: 2 });
    store.close();
  });

  it('never hands out shared objects', () => {
    const store = make();
    const value = { list: [1] };
    store.put('meta', 'k', value);
    value.list.push(2);
    const read = store.get<{ list: number[] }>('meta', 'k')!;
    read.list.push(3);
    expect(store.get('meta', 'k')).toEqual({ list: [1] });
    store.close();
  });

  it('peek: the value for a read that changes nothing, which no write through it can change; writes, deletes and undo show at once', () => {
    for (const kind of ['pool', 'client', 'user'] as const) {
      const store = make();
      store.put(kind, 'k', { Name: 'one', list: [{ n: 1 }] });
      const seen = store.peek<{ Name: string; list: Array<{ n: number }> }>(kind, 'k')!;
      expect(seen).toEqual({ Name: 'one', list: [{ n: 1 }] });
      // Changing what was peeked at either throws (a shared, frozen value) or reaches nobody (a fresh one).
      try {
        (seen as { Name: string }).Name = 'changed';
        (seen.list[0] as { n: number }).n = 2;
        (seen.list as Array<{ n: number }>).push({ n: 3 });
      } catch (error) {
        expect(error).toBeInstanceOf(TypeError);
      }
      expect(store.peek(kind, 'k')).toEqual({ Name: 'one', list: [{ n: 1 }] });
      expect(store.get(kind, 'k')).toEqual({ Name: 'one', list: [{ n: 1 }] });
      // What get hands out stays the caller's own, peeked or not.
      const own = store.get<{ Name: string }>(kind, 'k')!;
      own.Name = 'mine';
      expect(store.peek(kind, 'k')).toEqual({ Name: 'one', list: [{ n: 1 }] });
      store.put(kind, 'k', { Name: 'two', list: [] });
      expect(store.peek(kind, 'k')).toEqual({ Name: 'two', list: [] });
      expect(() =>
        store.transaction(() => {
          store.put(kind, 'k', { Name: 'three', list: [] });
          expect(store.peek(kind, 'k')).toEqual({ Name: 'three', list: [] });
          throw new Error('undo');
        }),
      ).toThrow('undo');
      expect(store.peek(kind, 'k')).toEqual({ Name: 'two', list: [] });
      store.delete(kind, 'k');
      expect(store.peek(kind, 'k')).toBeUndefined();
      store.put(kind, 'k', { Name: 'back', list: [] });
      store.clear();
      expect(store.peek(kind, 'k')).toBeUndefined();
      store.close();
    }
  });

  it('peekList and peekScan: pages for reads that change nothing, which see every write, delete and undo at once', () => {
    const store = make();
    for (const n of [1, 2, 3]) store.put('user', `p/${n}`, { n, tags: [String(n)] });
    expect(store.peekList('user', 'p/')).toEqual([
      { n: 1, tags: ['1'] },
      { n: 2, tags: ['2'] },
      { n: 3, tags: ['3'] },
    ]);
    expect(store.peekList('user', 'p/', 2)).toEqual(store.list('user', 'p/', 2));
    expect(store.peekScan('user', 'p/1', 5)).toEqual(store.scan('user', 'p/1', 5));
    store.put('user', 'p/2', { n: 20, tags: [] });
    store.delete('user', 'p/3');
    expect(store.peekList('user', 'p/')).toEqual([
      { n: 1, tags: ['1'] },
      { n: 20, tags: [] },
    ]);
    expect(() =>
      store.transaction(() => {
        store.put('user', 'p/1', { n: 10, tags: [] });
        expect(store.peekScan('user', 'p/', 1)).toEqual([['p/1', { n: 10, tags: [] }]]);
        throw new Error('undo');
      }),
    ).toThrow('undo');
    expect(store.peekScan('user', 'p/', 5)).toEqual([
      ['p/1', { n: 1, tags: ['1'] }],
      ['p/2', { n: 20, tags: [] }],
    ]);
    store.close();
  });

  it('peeks at more users than any bound on what is kept parsed, each seeing its own latest value', () => {
    const store = make();
    const n = 5000;
    for (let i = 0; i < n; i++) store.put('user', `q/${String(i).padStart(5, '0')}`, { i });
    expect(store.peekList<{ i: number }>('user', 'q/').map(u => u.i)).toEqual(Array.from({ length: n }, (_, i) => i));
    for (let i = 0; i < n; i += 7) store.put('user', `q/${String(i).padStart(5, '0')}`, { i: i + n });
    const seen = store.peekList<{ i: number }>('user', 'q/').map(u => u.i);
    expect(seen).toEqual(Array.from({ length: n }, (_, i) => (i % 7 === 0 ? i + n : i)));
    expect(store.peek('user', 'q/00007')).toEqual({ i: 7 + n });
    store.close();
  });

  it('rolls back a failed transaction', () => {
    const store = make();
    store.put('meta', 'a', 1);
    expect(() =>
      store.transaction(() => {
        store.put('meta', 'a', 2);
        store.put('meta', 'b', 2);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.get('meta', 'a')).toBe(1);
    expect(store.get('meta', 'b')).toBeUndefined();
    store.put('user', 'p/x', { v: 1 });
    expect(() =>
      store.transaction(() => {
        store.deletePrefix('user', 'p/');
        store.put('user', 'p/x', { v: 2 });
        store.transaction(() => store.put('user', 'p/y', { v: 3 }));
        throw new Error('again');
      }),
    ).toThrow('again');
    expect(store.list('user', 'p/')).toEqual([{ v: 1 }]);
    store.close();
  });
});

describe('sqlite store', () => {
  it('keeps data across reopen, in WAL mode', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cognate-store-'));
    dirs.push(dir);
    const first = new SqliteStore(dir);
    first.put('user', 'p/u', { kept: true });
    first.close();
    const second = new SqliteStore(dir);
    expect(second.get('user', 'p/u')).toEqual({ kept: true });
    second.close();
  });
});
