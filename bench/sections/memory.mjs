// Memory (RSS) of cognate-local holding many users: one in-memory server process (the published bin),
// one pool, users created with AdminCreateUser (MessageAction SUPPRESS, an email attribute; the server
// makes a temporary password and its SRP verifier for each), 64 requests in flight over keep-alive.
// RSS is read from /proc/<pid>/status at every checkpoint (10 % of the target), without forcing a GC.
//
// Creation is bounded by a deadline so that the run finishes: if the target is not reached in time,
// the row reports the users actually created and their RSS, and an estimate for the target drawn
// from the last checkpoints (bytes per user), marked as such.
//
//   node bench/sections/memory.mjs [--users 100000] [--deadline 240] [--out file]
import { readFileSync } from 'node:fs';
import { callCognito as call, parseArgs, startCognateLocal, writeResult } from './common.mjs';

const args = parseArgs();
const TARGET = Number(args.users ?? (args.quick ? 2000 : 100000));
const DEADLINE_S = Number(args.deadline ?? (args.quick ? 30 : 240));
const IN_FLIGHT = 64;

const rssMiB = pid => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;

const { child, url } = await startCognateLocal();

try {
  const pool = (await call(url, 'CreateUserPool', { PoolName: 'memory' })).UserPool.Id;
  await new Promise(r => setTimeout(r, 500));
  const before = rssMiB(child.pid);
  const checkpoints = [{ users: 0, rssMiB: before, seconds: 0 }];
  const every = Math.max(1, Math.round(TARGET / 10));
  const t0 = performance.now();
  const deadline = t0 + DEADLINE_S * 1000;
  let next = 0;
  let created = 0;
  let timedOut = false;
  const worker = async () => {
    while (next < TARGET) {
      if (performance.now() > deadline) {
        timedOut = true;
        return;
      }
      const i = next++;
      await call(url, 'AdminCreateUser', {
        UserPoolId: pool,
        Username: `user${i}`,
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: `user${i}@example.com` }],
      });
      created++;
      if (created % every === 0) checkpoints.push({ users: created, rssMiB: rssMiB(child.pid), seconds: (performance.now() - t0) / 1000 });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = (performance.now() - t0) / 1000;
  const after = rssMiB(child.pid);
  if (checkpoints.at(-1).users !== created) checkpoints.push({ users: created, rssMiB: after, seconds });
  let estimate = null;
  if (created < TARGET && checkpoints.length >= 3) {
    // bytes per user from the second half of the run (past the start-up allocations)
    const mid = checkpoints[Math.floor(checkpoints.length / 2)];
    const last = checkpoints.at(-1);
    const perUser = ((last.rssMiB - mid.rssMiB) * 1024 * 1024) / Math.max(1, last.users - mid.users);
    estimate = { rssMiB: last.rssMiB + (perUser * (TARGET - last.users)) / (1024 * 1024), bytesPerUser: perUser };
  }
  writeResult(args, {
    target: TARGET,
    users: created,
    timedOut,
    deadlineSeconds: DEADLINE_S,
    createSeconds: seconds,
    usersPerSecond: created / seconds,
    rssBeforeMiB: before,
    rssAfterMiB: after,
    checkpoints,
    estimate,
  });
} finally {
  child.kill('SIGKILL');
}
