/**
 * MemoryStore keeps a sorted key index per kind (so prefix queries cost the matches, not the
 * kind's whole data). These tests hold it to the SQLite store's primary-key order and to the
 * old scan-and-sort behaviour, through random writes, range deletes and undone transactions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryStore, SqliteStore, type Kind, type Store } from '../src/index.js';
import { prefixEnd } from '../src/storage/sqlite-store.js';
import { seededRandom } from './helpers.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function sqlite(): SqliteStore {
  const dir = mkdtempSync(join(tmpdir(), 'cognate-memory-index-'));
  dirs.push(dir);
  return new SqliteStore(dir);
}

/** Deterministic integers in [0, n) from the shared seeded generator, so every run replays the same sequence. */
function random(seed: number): (n: number) => number {
  const next = seededRandom(seed);
  return n => Math.floor(next() * n);
}

/**
 * What MemoryStore did before the index: scan every key, sort, slice. Used for the calls SQLite
 * answers differently by design (a negative or fractional limit).
 */
class ScanStore {
  #tables = new Map<Kind, Map<string, string>>();
  #table(kind: Kind): Map<string, string> {
    let table = this.#tables.get(kind);
    if (!table) {
      table = new Map();
      this.#tables.set(kind, table);
    }
    return table;
  }
  put(kind: Kind, key: string, value: unknown): void {
    this.#table(kind).set(key, JSON.stringify(value));
  }
  delete(kind: Kind, key: string): void {
    this.#table(kind).delete(key);
  }
  list(kind: Kind, prefix: string, limit = Infinity): unknown[] {
    const table = this.#table(kind);
    return [...table.keys()]
      .filter(key => key.startsWith(prefix))
      .sort()
      .slice(0, limit)
      .map(key => JSON.parse(table.get(key)!));
  }
}

const kinds: Kind[] = ['user', 'family'];

/** Keys and prefixes from an ASCII alphabet, where SQLite's byte order and JavaScript's agree. */
function keyOf(r: (n: number) => number): string {
  if (r(4) === 0) {
    const alphabet = 'ab/01';
    let key = '';
    for (let i = r(5); i > 0; i--) key += alphabet[r(alphabet.length)];
    return key; // includes '' and keys that are prefixes of one another
  }
  return `p${r(3)}/u${r(40)}/${r(60)}`;
}

function prefixOf(r: (n: number) => number): string {
  if (r(8) === 0) return '';
  const key = keyOf(r);
  return key.slice(0, r(key.length + 1));
}

describe('MemoryStore sorted key index', () => {
  it('matches SQLite at every step of a random sequence of writes, reads and undone transactions', () => {
    const r = random(20240611);
    const memory = new MemoryStore();
    const disk = sqlite();
    const stores: Store[] = [memory, disk];
    const same = <T>(label: string, read: (store: Store) => T): T => {
      const [a, b] = stores.map(read);
      expect(a, label).toEqual(b);
      return a as T;
    };
    const kindOf = () => kinds[r(kinds.length)]!;
    let value = 0;

    /** One random operation on both stores, comparing whatever it reads. */
    const step = (i: number, inTransaction: boolean): void => {
      const op = r(100);
      const kind = kindOf();
      if (op < 45) {
        const key = keyOf(r);
        const v = { key, v: value++ };
        for (const s of stores) s.put(kind, key, v);
      } else if (op < 60) {
        const key = keyOf(r);
        for (const s of stores) s.delete(kind, key);
      } else if (op < 70) {
        const key = keyOf(r);
        same(`${i} get ${kind} ${key}`, s => s.get(kind, key));
      } else if (op < 82) {
        const prefix = prefixOf(r);
        const limit = [undefined, 0, 1, 2, 5, 50][r(6)];
        same(`${i} list ${kind} ${JSON.stringify(prefix)} ${limit}`, s => s.list(kind, prefix, limit));
      } else if (op < 92) {
        const prefix = prefixOf(r);
        same(`${i} count ${kind} ${JSON.stringify(prefix)}`, s => s.count(kind, prefix));
        // The sweep's cursor walk: the entries after a key, a bounded batch.
        const batch = [1, 3, 20][r(3)]!;
        same(`${i} scan ${kind} ${JSON.stringify(prefix)} ${batch}`, s => s.scan(kind, prefix, batch));
      } else if (op < 95) {
        // One user's keys mostly ('p1/u1' also takes 'p1/u10/...'): a short prefix would wipe the
        // kind too often to leave much to test.
        const prefix = r(100) === 0 ? keyOf(r) : `p${r(3)}/u${r(40)}${r(2) ? '/' : ''}`;
        for (const s of stores) s.deletePrefix(kind, prefix);
      } else if (!inTransaction) {
        const writes = 1 + r(12);
        const fail = r(2) === 0;
        const outcomes = stores.map(s => {
          try {
            s.transaction(() => {
              // The same random draws for both stores: replay from a saved generator state.
              for (let w = 0; w < writes; w++) stepFor(s, i, w);
              if (fail) throw new Error('undo');
            });
            return 'committed';
          } catch (error) {
            return (error as Error).message;
          }
        });
        expect(outcomes, `${i} transaction`).toEqual(fail ? ['undo', 'undo'] : ['committed', 'committed']);
        if (fail) for (const k of kinds) same(`${i} contents ${k} after the undone transaction`, s => s.list(k, ''));
      }
    };

    /**
     * Inside a transaction each store runs its writes on its own (one store's transaction must
     * finish before the other's starts), so the writes are drawn once per (step, write) from a
     * generator seeded by those numbers and replayed identically for both.
     */
    const stepFor = (s: Store, i: number, w: number): void => {
      const t = random(i * 1000 + w);
      const kind = kinds[t(kinds.length)]!;
      const op = t(10);
      const v = { key: '', v: -(i * 1000 + w) };
      if (op < 6) {
        const key = keyOf(t);
        s.put(kind, key, { ...v, key });
      } else if (op < 8) s.delete(kind, keyOf(t));
      else if (op < 9) {
        s.deletePrefix(kind, `p${t(3)}/u${t(40)}${t(2) ? '/' : ''}`);
      } else {
        // Reads inside the transaction see its own writes; compare them after both ran.
        reads.push([s, s.list(kind, prefixOf(t)), s.count(kind, prefixOf(t))]);
      }
    };
    let reads: Array<[Store, unknown[], number]> = [];

    // Start with a few thousand keys per kind, so that the index has several blocks to split,
    // empty and search across.
    for (const kind of kinds) {
      const bulk = Array.from({ length: 3000 }, () => keyOf(r));
      for (const s of stores)
        s.transaction(() => {
          bulk.forEach((key, n) => {
            s.put(kind, key, { key, v: n });
          });
        });
    }
    for (let i = 0; i < 6000; i++) {
      reads = [];
      step(i, false);
      const mine = reads.filter(([s]) => s === memory).map(([, l, c]) => [l, c]);
      const theirs = reads.filter(([s]) => s === disk).map(([, l, c]) => [l, c]);
      expect(mine, `${i} reads inside the transaction`).toEqual(theirs);
      if (i % 100 === 0) for (const kind of kinds) same(`${i} contents ${kind}`, s => s.list(kind, ''));
    }
    for (const kind of kinds) {
      const all = same(`final contents ${kind}`, s => s.list(kind, ''));
      expect(all.length).toBeGreaterThan(500); // the sequence did not just empty the store
    }
    disk.close();
  });

  it('keeps order through block splits and an undone transaction of thousands of keys', () => {
    const r = random(7);
    const memory = new MemoryStore();
    const disk = sqlite();
    const keys = Array.from({ length: 5000 }, (_, i) => `p${i % 7}/u${(i * 7919) % 5000}/${i}`);
    for (let i = keys.length - 1; i > 0; i--) {
      const j = r(i + 1);
      [keys[i], keys[j]] = [keys[j]!, keys[i]!];
    }
    const half = keys.slice(0, 2500);
    for (const s of [memory, disk])
      s.transaction(() => {
        for (const key of half) s.put('family', key, key);
      });
    const expected = () => disk.list('family', '');
    expect(memory.list('family', '')).toEqual(expected());

    // Create 2,500 keys and delete 1,000 old ones, then throw: everything comes back as it was.
    const before = memory.list('family', '');
    expect(() =>
      memory.transaction(() => {
        for (const key of keys.slice(2500)) memory.put('family', key, key);
        for (const key of half.slice(0, 1000)) memory.delete('family', key);
        memory.deletePrefix('family', 'p3/');
        expect(memory.count('family', '')).toBe(5000 - 1000 - keys.slice(1000).filter(k => k.startsWith('p3/')).length);
        throw new Error('undo');
      }),
    ).toThrow('undo');
    expect(memory.list('family', '')).toEqual(before);
    for (let p = 0; p < 7; p++) expect(memory.count('family', `p${p}/`)).toBe(disk.count('family', `p${p}/`));

    // Commit the same, then delete most keys one by one, emptying blocks.
    for (const s of [memory, disk])
      s.transaction(() => {
        for (const key of keys.slice(2500)) s.put('family', key, key);
        for (const key of half.slice(0, 1000)) s.delete('family', key);
      });
    expect(memory.list('family', '')).toEqual(expected());
    for (const key of keys.slice(1500, 4900)) for (const s of [memory, disk]) s.delete('family', key);
    expect(memory.list('family', '')).toEqual(expected());
    for (let p = 0; p < 7; p++) {
      expect(memory.list('family', `p${p}/`)).toEqual(disk.list('family', `p${p}/`));
      expect(memory.count('family', `p${p}/`)).toBe(disk.count('family', `p${p}/`));
    }
    disk.close();
  });

  it('returns the first keys in order for a limit, and what slice(0, limit) gave for odd limits', () => {
    const memory = new MemoryStore();
    const scan = new ScanStore();
    const keys = ['p1/u3', 'p1/u1', 'p2/u1', 'p1/u2', 'p1/u10', 'p0/u9', 'p1/'];
    for (const key of keys) for (const s of [memory, scan]) s.put('user', key, key);
    expect(memory.list('user', 'p1/', 1)).toEqual(['p1/']);
    expect(memory.list('user', 'p1/', 3)).toEqual(['p1/', 'p1/u1', 'p1/u10']);
    expect(memory.list('user', 'p1/', 100)).toEqual(['p1/', 'p1/u1', 'p1/u10', 'p1/u2', 'p1/u3']);
    expect(memory.list('user', '', 2)).toEqual(['p0/u9', 'p1/']);
    expect(memory.list('user', 'p1/', 0)).toEqual([]);
    for (const limit of [undefined, Infinity, 0, 1, 2.7, 5, 6, -1, -2.5, -4, -5, -100, -Infinity, NaN])
      for (const prefix of ['', 'p1/', 'p1/u1', 'p3'])
        expect(memory.list('user', prefix, limit), `${prefix} ${limit}`).toEqual(scan.list('user', prefix, limit));
  });

  it('handles prefix edge cases: empty prefix, a whole key, keys sharing a prefix', () => {
    const memory = new MemoryStore();
    const disk = sqlite();
    const keys = ['p1/u1/a', 'p1/u1/b', 'p1/u10/a', 'p1/u1', 'p1/u2/a', 'p10/u1/a', 'p1', '', 'p1/u1/a/x'];
    for (const key of keys) for (const s of [memory, disk]) s.put('family', key, key);
    for (const prefix of ['', 'p1', 'p1/', 'p1/u1', 'p1/u1/', 'p1/u10/', 'p1/u1/a', 'p1/u1/a/x', 'p1/u1/a/x/', 'q', 'p1/u3']) {
      expect(memory.list('family', prefix), prefix).toEqual(disk.list('family', prefix));
      expect(memory.count('family', prefix), prefix).toBe(disk.count('family', prefix));
    }
    expect(memory.list('family', '')).toEqual([...keys].sort());
    expect(memory.list('family', 'p1/u1/')).toEqual(['p1/u1/a', 'p1/u1/a/x', 'p1/u1/b']);
    expect(memory.list('family', 'p1/u1/a')).toEqual(['p1/u1/a', 'p1/u1/a/x']);
    expect(memory.count('family', 'p1/u10/')).toBe(1);

    // Deleting one user's families leaves the user whose name extends it.
    for (const s of [memory, disk]) s.deletePrefix('family', 'p1/u1/');
    expect(memory.list('family', '')).toEqual(disk.list('family', ''));
    expect(memory.list('family', 'p1/u1')).toEqual(['p1/u1', 'p1/u10/a']);
    // A prefix equal to a whole key deletes that key and its extensions only.
    for (const s of [memory, disk]) s.deletePrefix('family', 'p1');
    expect(memory.list('family', '')).toEqual(['']);
    expect(memory.list('family', '')).toEqual(disk.list('family', ''));
    // Nothing is left in another kind, an unknown kind lists nothing, and clear resets the index.
    expect(memory.list('user', '')).toEqual([]);
    expect(memory.count('user', '')).toBe(0);
    memory.deletePrefix('user', '');
    memory.put('user', 'a', 1);
    memory.clear();
    expect(memory.list('family', '')).toEqual([]);
    expect(memory.count('user', '')).toBe(0);
    memory.put('user', 'b', 2);
    memory.put('user', 'a', 1);
    memory.put('user', 'a', 3); // an existing key: one entry, new value
    expect(memory.list('user', '')).toEqual([3, 2]);
    disk.close();
  });

  it("undoes only a nested transaction's writes when it throws and the outer one catches, as SQLite does", () => {
    const memory = new MemoryStore();
    const disk = sqlite();
    for (const s of [memory, disk]) {
      s.put('user', 'p/kept', 'before');
      s.transaction(() => {
        s.put('user', 'p/outer', 1);
        try {
          s.transaction(() => {
            s.put('user', 'p/inner', 2);
            s.put('user', 'p/kept', 'changed inside');
            s.delete('user', 'p/outer');
            throw new Error('inner fails');
          });
        } catch {
          // the outer transaction goes on
        }
        s.put('user', 'p/after', 3);
      });
    }
    expect(memory.list('user', 'p/')).toEqual(disk.list('user', 'p/'));
    expect(memory.list('user', 'p/')).toEqual([3, 'before', 1]);
    expect(memory.count('user', 'p/')).toBe(3);
    // An outer throw still undoes everything, the nested writes included.
    for (const s of [memory, disk]) {
      expect(() =>
        s.transaction(() => {
          s.transaction(() => s.put('user', 'p/nested', 4));
          s.put('user', 'p/kept', 'gone');
          throw new Error('outer fails');
        }),
      ).toThrow('outer fails');
    }
    expect(memory.list('user', 'p/')).toEqual(disk.list('user', 'p/'));
    expect(memory.get('user', 'p/nested')).toBeUndefined();
    disk.close();
  });

  it('finds keys that go on with U+FFFF or an astral character (an emoji username) in both stores', () => {
    const memory = new MemoryStore();
    const disk = sqlite();
    const keys = ['p/a', 'p/\uffff', 'p/😀', 'p/😀/x', 'p/\u{10ffff}', 'q/😀'];
    for (const key of keys) for (const s of [memory, disk]) s.put('user', key, key);
    for (const s of [memory, disk]) {
      // Order differs (UTF-16 code units in memory, code points in SQLite); membership must not.
      expect(new Set(s.list('user', 'p/'))).toEqual(new Set(['p/a', 'p/\uffff', 'p/😀', 'p/😀/x', 'p/\u{10ffff}']));
      expect(s.count('user', 'p/')).toBe(5);
      expect(s.list('user', 'p/😀')).toEqual(['p/😀', 'p/😀/x']);
      expect(s.count('user', 'p/\u{10ffff}')).toBe(1);
      expect(s.count('user', '')).toBe(6);
      s.deletePrefix('user', 'p/');
      expect(s.list('user', '')).toEqual(['q/😀']);
    }
    expect(prefixEnd('')).toBeUndefined();
    expect(prefixEnd('\u{10ffff}\u{10ffff}')).toBeUndefined();
    expect(prefixEnd('p/')).toBe('p0');
    expect(prefixEnd('a\u{10ffff}')).toBe('b');
    expect(prefixEnd('a\ud7ff')).toBe('a\ue000');
    expect(prefixEnd('a😀')).toBe('a😁');
    disk.close();
  });
});
