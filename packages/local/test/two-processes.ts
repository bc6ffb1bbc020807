import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { startCli } from './helpers.js';

export type Cli = Awaited<ReturnType<typeof startCli>>;

/**
 * For a test file that starts `cognate-local` processes on shared --data folders: the processes
 * (`children`) are killed and the folders (`tempDir()`, named `cognate-<name>-…`) removed after
 * each test.
 */
export function twoProcesses(name: string) {
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  const killAll = () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
  };
  afterEach(() => {
    killAll();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function tempDir(): string {
    const dir = mkdtempSync(join(tmpdir(), `cognate-${name}-`));
    dirs.push(dir);
    return dir;
  }

  return {
    children,
    /** Kills the processes started so far. */
    killAll,
    tempDir,
    /** `config` written to DIR/config.json and the `start` arguments that seed DIR/data from it, quietly. */
    configArgs(dir: string, config: unknown): string[] {
      const file = join(dir, 'config.json');
      writeFileSync(file, JSON.stringify(config));
      return ['--data', join(dir, 'data'), '--config', file, '--quiet'];
    },
    /** Starts two processes with the same `args` at once; both must come up. */
    async startTwo(args: string[]): Promise<Cli[]> {
      const both = await Promise.allSettled([startCli(args), startCli(args)]);
      for (const result of both) if (result.status === 'fulfilled') children.push(result.value.child);
      const failed = both.filter(r => r.status === 'rejected').map(r => String((r as PromiseRejectedResult).reason));
      expect(failed).toEqual([]);
      return both.map(r => (r as PromiseFulfilledResult<Cli>).value);
    },
  };
}

/** Resolves once the process's main thread sleeps in SQLite's busy handler (waiting for the write lock). */
export async function waitingForLock(pid: number): Promise<void> {
  for (;;) {
    if (/nanosleep/.test(readFileSync(`/proc/${pid}/wchan`, 'utf8'))) return;
    await new Promise(resolve => setImmediate(resolve));
  }
}

/**
 * Sends `requests` while a third connection holds the write lock, and lets go once every process
 * (`pids`, sharing `dir`/data) waits for it: a read-then-write's window held open deterministically.
 */
export async function throughHeldLock<T>(dir: string, pids: number[], requests: () => Promise<T>[]): Promise<T[]> {
  const other = new Database(join(dir, 'data', 'cognate-local.sqlite'));
  other.exec('BEGIN IMMEDIATE');
  let pending: Promise<T>[];
  try {
    pending = requests();
    await Promise.all(pids.map(waitingForLock));
  } finally {
    other.exec('COMMIT');
    other.close();
  }
  return Promise.all(pending);
}
