/**
 * Token reads (`fetchAuthSession`, `getCurrentUser`, …) park here while this page is completing a
 * redirect sign-in, so they see its outcome instead of "signed out". They are released when the
 * completion succeeds or fails, when another tab settles the flow, or at the flow's deadline
 * (5 minutes after it started), so an abandoned flow never blocks them for good.
 */
import { inFlightDeadline, isInFlight, type OAuthStore } from './oauth-store.js';

const waiters: Array<() => void> = [];
let parked: Promise<void> | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;

export function releaseInflightWaiters(): void {
  clearTimeout(timer);
  parked = undefined;
  for (const resolve of waiters.splice(0)) resolve();
}

/** At the deadline, looks again: released if the flow is gone or past its deadline, else waits for the renewed one. A past deadline fires at once. */
function armDeadline(store: OAuthStore, deadline: number): void {
  clearTimeout(timer);
  timer = setTimeout(
    () =>
      inFlightDeadline(store)
        .then(renewed => (renewed === undefined ? releaseInflightWaiters() : armDeadline(store, renewed)))
        .catch(releaseInflightWaiters),
    deadline - Date.now(),
  );
}

/** Resolves at once when no flow is in flight, else when it settles. */
export async function waitForInflightOAuth(store: OAuthStore): Promise<void> {
  const deadline = await inFlightDeadline(store);
  if (deadline === undefined) return;
  // biome-ignore lint/suspicious/noAssignInExpressions: memoised on first use; one expression keeps the browser bundle small
  const wait = (parked ??= new Promise<void>(resolve => waiters.push(resolve)));
  armDeadline(store, deadline);
  // The flow may have settled between the read above and parking: look once more.
  if (!(await isInFlight(store))) releaseInflightWaiters();
  return wait;
}
