import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryStore } from '../storage/memory-store.js';
import { SqliteStore } from '../storage/sqlite-store.js';
import type { Store } from '../storage/store.js';
import { Clock } from './clock.js';
import { Pruner } from './prune.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const stores: Array<[string, () => Store]> = [
  ['MemoryStore', () => new MemoryStore()],
  [
    'SqliteStore',
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'cognate-prune-unit-'));
      dirs.push(dir);
      return new SqliteStore(dir);
    },
  ],
];

/** Lets every queued continuation run. */
const settle = () => new Promise(resolve => setImmediate(resolve));

for (const [name, make] of stores) {
  describe(`${name}: the sweep's timer`, () => {
    // Only the interval is faked: the timer fires when the test says, everything else runs as usual.
    beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }));
    afterEach(() => vi.useRealTimers());

    it('waits for a seed or reset under way (an exclusive section) and sweeps after it; a failed one leaves its writes out of the sweep', async () => {
      const store = make();
      const logged: string[] = [];
      const pruner = new Pruner({ store, clock: new Clock(), log: line => logged.push(line) });
      // A message delivered long ago: the sweep forgets it.
      store.put('message', 'us-east-1_P/0001', { createdAt: 0 });
      let open!: () => void;
      const opened = new Promise<void>(resolve => (open = resolve));
      const reset = store.exclusive(async () => {
        store.put('message', 'us-east-1_P/0002', { createdAt: 0 });
        await opened;
        throw new Error('reset failed');
      });
      pruner.start(1000);
      try {
        vi.advanceTimersByTime(1000);
        await settle();
        // The tick waits its turn: nothing swept in the middle of the exclusive section.
        expect(store.get('message', 'us-east-1_P/0001')).toEqual({ createdAt: 0 });
        expect(store.waiting).toBe(1);
        // Another tick while the first still waits is skipped, not queued behind it.
        vi.advanceTimersByTime(1000);
        expect(store.waiting).toBe(1);
        open();
        await expect(reset).rejects.toThrow('reset failed');
        await settle();
        expect(store.get('message', 'us-east-1_P/0001')).toBeUndefined();
        expect(store.get('message', 'us-east-1_P/0002')).toBeUndefined();
        expect(store.waiting).toBe(0);
        expect(logged).toEqual([]);
      } finally {
        pruner.stop();
        store.close();
      }
    });
  });
}
