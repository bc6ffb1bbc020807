/**
 * The `/_local` control routes of a running cognate-local over HTTP (clock, faults, reset), for the
 * tests of both packages (packages/cognate/test/helpers.ts re-exports them): one place that knows
 * their paths and bodies, and each throws when the server refuses, so a setup step cannot fail quietly.
 */
import type { FaultSettings, FaultStats } from '../src/services/faults.js';

async function post(url: string, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
  return res.json();
}

/** Moves or freezes the server's clock (`POST /_local/clock`, JSON as the route requires); throws if refused. */
export async function setClock(url: string, body: { offsetSeconds?: number; frozen?: boolean }): Promise<void> {
  await post(url, '/_local/clock', body);
}

/** Sets the fault injection (`POST /_local/faults`; `{}` turns it off); throws if refused. */
export async function setFaults(url: string, settings: FaultSettings): Promise<void> {
  await post(url, '/_local/faults', settings);
}

/** What fault injection has counted so far (`GET /_local/faults`). */
export async function faultStats(url: string): Promise<FaultStats> {
  const res = await fetch(`${url}/_local/faults`);
  if (res.status !== 200) throw new Error(`/_local/faults answered ${res.status}: ${await res.text()}`);
  return ((await res.json()) as { stats: FaultStats }).stats;
}

/** Empties the server (`POST /_local/reset`): no pools, clock and faults cleared; throws if refused. */
export async function resetLocal(url: string): Promise<void> {
  await post(url, '/_local/reset', {});
}
