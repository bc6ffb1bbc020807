/**
 * `@aws-amplify/core`'s `syncSessionStorage`: `sessionStorage` with synchronous methods, memory where
 * there is none (Node, refused access).
 */
export interface SyncKeyValueStorage {
  setItem(key: string, value: string): void;
  getItem(key: string): string | null;
  removeItem(key: string): void;
  clear(): void;
}

function memory(): SyncKeyValueStorage {
  const items = new Map<string, string>();
  return {
    setItem: (key, value) => void items.set(key, String(value)),
    getItem: key => items.get(key) ?? null,
    removeItem: key => void items.delete(key),
    clear: () => items.clear(),
  };
}

let store: SyncKeyValueStorage | undefined;
const target = (): SyncKeyValueStorage => {
  if (store) return store;
  try {
    const session = (globalThis as { window?: { sessionStorage?: Storage } }).window?.sessionStorage;
    session?.getItem('__cognate_probe__');
    // biome-ignore lint/suspicious/noAssignInExpressions: memoised on first use; one expression keeps the browser bundle small
    return (store = session ?? memory());
  } catch {
    // biome-ignore lint/suspicious/noAssignInExpressions: memoised on first use; one expression keeps the browser bundle small
    return (store = memory());
  }
};

export const syncSessionStorage: SyncKeyValueStorage = {
  setItem: (key, value) => target().setItem(key, value),
  getItem: key => target().getItem(key),
  removeItem: key => target().removeItem(key),
  clear: () => target().clear(),
};
