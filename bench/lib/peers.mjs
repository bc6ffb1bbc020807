// Installs the peers a benchmark compares against into bench/.peers (not in the repo's
// dependencies: benchmarks fetch them on first run, from the npm registry).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PEERS_DIR = join(import.meta.dirname, '..', '.peers');

export function ensurePeers(packages) {
  mkdirSync(PEERS_DIR, { recursive: true });
  const pkg = join(PEERS_DIR, 'package.json');
  if (!existsSync(pkg)) writeFileSync(pkg, JSON.stringify({ name: 'cognate-bench-peers', private: true }, null, 2));
  const missing = packages.filter(spec => {
    const name = spec.startsWith('@') ? '@' + spec.slice(1).split('@')[0] : spec.split('@')[0];
    return !existsSync(join(PEERS_DIR, 'node_modules', name, 'package.json'));
  });
  if (missing.length) {
    process.stderr.write(`installing bench peers: ${missing.join(' ')}\n`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', PEERS_DIR, ...missing], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return join(PEERS_DIR, 'node_modules');
}
