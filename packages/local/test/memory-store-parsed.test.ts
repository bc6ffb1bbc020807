/**
 * MemoryStore keeps the parsed values of pools and clients (read on almost every request) and hands
 * out copies: what a caller does to a value it read never reaches the store, and every write,
 * delete, undone transaction and clear is seen by the next read, as with the values kept as text.
 */
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../src/index.js';

const pool = (name: string) => ({
  Id: 'us-east-1_abc',
  Name: name,
  SchemaAttributes: [{ Name: 'email', Required: false }],
  Policies: { PasswordPolicy: { MinimumLength: 8 } },
});

describe('MemoryStore parsed pools and clients', () => {
  for (const kind of ['pool', 'client'] as const) {
    it(`${kind}: a read value is a copy; writes, deletes, undo and clear show at once`, () => {
      const store = new MemoryStore();
      store.put(kind, 'k', pool('one'));
      const first = store.get<ReturnType<typeof pool>>(kind, 'k')!;
      first.Name = 'changed';
      first.SchemaAttributes[0]!.Required = true;
      first.SchemaAttributes.push({ Name: 'phone_number', Required: false });
      first.Policies.PasswordPolicy.MinimumLength = 99;
      expect(store.get(kind, 'k')).toEqual(pool('one'));
      expect(store.get(kind, 'k')).not.toBe(store.get(kind, 'k'));
      store.put(kind, 'k', pool('two'));
      expect(store.get(kind, 'k')).toEqual(pool('two'));
      expect(() =>
        store.transaction(() => {
          store.put(kind, 'k', pool('three'));
          expect(store.get(kind, 'k')).toEqual(pool('three'));
          throw new Error('undo');
        }),
      ).toThrow('undo');
      expect(store.get(kind, 'k')).toEqual(pool('two'));
      store.delete(kind, 'k');
      expect(store.get(kind, 'k')).toBeUndefined();
      store.put(kind, 'k', pool('four'));
      expect(store.get(kind, 'k')).toEqual(pool('four'));
      store.clear();
      expect(store.get(kind, 'k')).toBeUndefined();
      expect(store.list(kind, '')).toEqual([]);
    });
  }

  it('a __proto__ key stays an own property of the copy, as JSON.parse leaves it', () => {
    const store = new MemoryStore();
    store.put('pool', 'p', JSON.parse('{"Id":"x","__proto__":{"polluted":true}}'));
    const read = store.get<Record<string, unknown>>('pool', 'p')!;
    expect(Object.hasOwn(read, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    expect((read as { polluted?: boolean }).polluted).toBeUndefined();
    expect(store.get('pool', 'p')).toEqual(JSON.parse('{"Id":"x","__proto__":{"polluted":true}}'));
  });
});
