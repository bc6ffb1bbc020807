// `npm run bench`: every comparison of cognate with its peers, in one run, on this machine.
//
//   npm run bench                 the full run (about 6–8 minutes on 2 cores)
//   npm run bench -- --quick      a smoke run: fewer samples, 1 s load cells, 2,000 users (about 2 minutes)
//   npm run bench -- --only srp-node,bundles      some sections only (names below)
//   node bench/run.mjs --render bench/results/latest.json   re-print the table and summary.md only
//
// It builds nothing: run `npm install` first (its `prepare` step builds packages/*/dist). It installs
// the peers it needs (pinned) into bench/.peers, runs each section in its own Node process without
// NODE_EXTRA_CA_CERTS (that variable makes every Node start load a CA bundle, ~75 ms), prints one
// table of cognate against the peer with ratios and the DESIGN.md targets, and writes
// bench/results/latest.json (everything measured) and bench/results/summary.md (the table).
//
// Sections (each can be run alone; see the header of each file for its method):
//   floors        bench/sections/floors.mjs       OpenSSL/V8 figures that bound the others
//   srp-node      bench/srp.mjs                   client SRP maths per sign-in, Node
//   srp-browser   bench/sections/srp-browser.mjs  the same in headless Chromium (native BigInt)
//   sign-in       bench/sections/sign-in.mjs      signIn (SRP) + signOut against cognate-local, loopback
//   bundles       bench/sections/bundles.mjs      webpack (size-limit) and esbuild, brotli
//   module-sizes  bench/sections/module-sizes.mjs per-module bytes of the basic flow and the namespace
//   import        bench/sections/import-time.mjs  cold import() per entry, fresh processes
//   server        bench/server-fetch-auth-session.mjs   server fetchAuthSession per request
//   local         bench/local-throughput.mjs      cognate-local vs cognito-local, 1 and 32 clients; read calls and password sign-ins vs node:http's floors
//   memory        bench/sections/memory.mjs       cognate-local RSS after 100,000 users (deadline-bounded)
//   scale         bench/sections/scale.mjs        --data (SQLite) with 1,000,000 users: RSS, sign-ins and filtered ListUsers vs 1,000 users
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { SNIPPETS } from './sections/bundles.mjs';
import { markdown as moduleSizesTable } from './sections/module-sizes.mjs';
import { childEnv, parseArgs, ROOT } from './sections/common.mjs';

const args = parseArgs();
const QUICK = args.quick;
const ONLY = args.only ? new Set(args.only.split(',')) : null;
const RESULTS = join(ROOT, 'bench/results');
const PEERS = join(ROOT, 'bench/.peers');
const TMP = join(RESULTS, 'tmp');

/** Peers installed into bench/.peers, pinned (the versions perf-baselines.md measured Amplify with). */
const PEER_VERSIONS = {
  'cognito-local': '5.3.0',
  'size-limit': '11.2.0',
  '@size-limit/webpack': '11.2.0',
  '@size-limit/file': '11.2.0',
  webpack: '5.112.2',
};

// ---------------------------------------------------------------- prerequisites

const needed = [
  'packages/protocol/dist/index.js',
  'packages/local/dist/index.js',
  'packages/cognate/dist/auth.js',
  'node_modules/aws-amplify/package.json',
  'node_modules/esbuild/package.json',
  'node_modules/playwright-core/package.json',
];
const missing = needed.filter(p => !existsSync(join(ROOT, p)));
if (missing.length) {
  console.error(
    `bench: missing ${missing.join(', ')}\nrun npm install first (it installs the dev dependencies and builds packages/*/dist); the bench builds nothing itself.`,
  );
  process.exit(1);
}

function installedVersion(name) {
  try {
    return JSON.parse(readFileSync(join(PEERS, 'node_modules', name, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

function ensurePeers() {
  mkdirSync(PEERS, { recursive: true });
  const pkgFile = join(PEERS, 'package.json');
  // No "type" field: with "type": "commonjs" webpack (size-limit) refuses the ESM entry it generates.
  const pkg = existsSync(pkgFile) ? JSON.parse(readFileSync(pkgFile, 'utf8')) : { name: 'cognate-bench-peers', private: true };
  if ('type' in pkg) {
    delete pkg.type;
    writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n');
  } else if (!existsSync(pkgFile)) writeFileSync(pkgFile, JSON.stringify(pkg, null, 2) + '\n');
  const stale = Object.entries(PEER_VERSIONS).filter(([name, version]) => installedVersion(name) !== version);
  if (!stale.length) return;
  const specs = stale.map(([name, version]) => `${name}@${version}`);
  console.error(`bench: installing peers into bench/.peers: ${specs.join(' ')}`);
  // npm keeps the parent's environment: its registry access may need NODE_EXTRA_CA_CERTS.
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['install', '--no-audit', '--no-fund', '--save-exact', '--prefix', PEERS, ...specs], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('exit', code => (code === 0 ? resolve() : reject(new Error(`npm install of the peers exited ${code}`))));
  });
}

// ---------------------------------------------------------------- sections

/** Runs `node file argv` without NODE_EXTRA_CA_CERTS; resolves with stdout, rejects on a non-zero exit. */
function runNode(file, argv, { timeoutMs = 10 * 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, file), ...argv], { cwd: ROOT, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', c => (out += c));
    child.stderr.on('data', c => {
      err += c;
      process.stderr.write(String(c).replace(/^(?=.)/gm, '    '));
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else {
        const lines = (err || out).trim().split('\n');
        const cause = lines
          .filter(l => /Error\b|error:/.test(l))
          .slice(-2)
          .map(l => l.trim());
        reject(
          new Error(
            `${file} ${signal ? `killed (${signal}, timeout ${timeoutMs / 1000} s)` : `exited ${code}`}: ${(cause.length ? cause : lines.slice(-4)).join(' | ')}`,
          ),
        );
      }
    });
  });
}

async function jsonSection(file, argv, opts) {
  mkdirSync(TMP, { recursive: true });
  const out = join(TMP, `${file.replace(/\W+/g, '_')}.json`);
  await runNode(file, [...argv, '--out', out], opts);
  return JSON.parse(readFileSync(out, 'utf8'));
}

const num = s => Number(s);

/** bench/srp.mjs prints a table; its rows are `side  implementation  median  min  p90  max`. */
function parseSrp(text) {
  const rows = {};
  for (const line of text.split('\n')) {
    const m = /^(client|server)\s+(.+?)\s{2,}([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*$/.exec(line);
    if (m) rows[`${m[1]} ${m[2]}`] = { median: num(m[3]), min: num(m[4]), p90: num(m[5]), max: num(m[6]) };
  }
  const pick = re => Object.entries(rows).find(([k]) => re.test(k))?.[1];
  const result = {
    cognateNode: pick(/^client cognate \(node/),
    cognateBrowserBuildInNode: pick(/^client cognate \(browser/),
    amplify: pick(/^client aws-amplify/),
    serverNode: pick(/^server cognate \(node/),
    rows,
    header: text.split('\n')[0],
  };
  if (!result.cognateNode || !result.amplify) throw new Error(`could not read bench/srp.mjs output:\n${text}`);
  return result;
}

/** bench/server-fetch-auth-session.mjs prints `label  median N req/s (… us)  xR  rounds: …` per row. */
function parseServer(text) {
  const rows = {};
  for (const line of text.split('\n')) {
    const m = /^(.+?)\s+median\s+(\d+) req\/s/.exec(line);
    if (m) rows[m[1].trim()] = num(m[2]);
  }
  const pick = re => Object.entries(rows).find(([k]) => re.test(k))?.[1];
  const result = {
    amplify: pick(/^aws-amplify/),
    cognate: pick(/^cognate adapter-core, verified$/),
    node: pick(/^cognate\/node/),
    memoOff: pick(/memo off/),
    rows,
    header: text.split('\n')[0],
  };
  if (!result.amplify || !result.cognate) throw new Error(`could not read bench/server-fetch-auth-session.mjs output:\n${text}`);
  return result;
}

const SECTIONS = {
  floors: () => jsonSection('bench/sections/floors.mjs', QUICK ? ['--quick'] : []),
  'srp-node': async () => parseSrp(await runNode('bench/srp.mjs', QUICK ? ['10', '3'] : ['50', '10'])),
  'srp-browser': () => jsonSection('bench/sections/srp-browser.mjs', QUICK ? ['--quick'] : []),
  'sign-in': () => jsonSection('bench/sections/sign-in.mjs', QUICK ? ['--quick'] : []),
  bundles: () => jsonSection('bench/sections/bundles.mjs', []),
  'module-sizes': () => jsonSection('bench/sections/module-sizes.mjs', []),
  import: () => jsonSection('bench/sections/import-time.mjs', QUICK ? ['--quick'] : []),
  server: async () => {
    const file = 'bench/server-fetch-auth-session.mjs';
    if (!existsSync(join(ROOT, file))) return { skipped: `${file} does not exist yet` };
    return parseServer(await runNode(file, QUICK ? ['2', '1', '1'] : ['7', '2', '1']));
  },
  local: async () => {
    const file = 'bench/local-throughput.mjs';
    if (!existsSync(join(ROOT, file))) return { skipped: `${file} does not exist` };
    mkdirSync(TMP, { recursive: true });
    const out = join(TMP, 'local.json');
    // Its own memory phase gets 1 user: the memory row comes from the `memory` section, which bounds
    // the creation of 100,000 users by a deadline (see bench/sections/memory.mjs).
    const text = await runNode(file, ['--seconds', QUICK ? '1' : '5', '--users', '1', '--json', out]);
    const { memory, ...rest } = JSON.parse(readFileSync(out, 'utf8'));
    return { ...rest, text };
  },
  memory: () => jsonSection('bench/sections/memory.mjs', QUICK ? ['--quick'] : [], { timeoutMs: 8 * 60_000 }),
  scale: () => jsonSection('bench/sections/scale.mjs', QUICK ? ['--quick'] : [], { timeoutMs: 9 * 60_000 }),
};

// ---------------------------------------------------------------- the table

const fmt = {
  ms: v => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)) + ' ms',
  kB: v => (v / 1000).toFixed(2) + ' kB',
  rps: v => Math.round(v).toLocaleString('en-US') + '/s',
  MiB: v => v.toFixed(0) + ' MiB',
};

/** "29× faster", "1.7× smaller", "4.5× higher"; below 1 the other way round: "4.2× larger". */
function ratioText(ratio, better, unit) {
  if (ratio == null) return '–';
  const words = better === 'higher' ? ['higher', 'lower'] : unit === 'kB' ? ['smaller', 'larger'] : ['faster', 'slower'];
  const r = ratio >= 1 ? ratio : 1 / ratio;
  return `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}× ${ratio >= 1 ? words[0] : words[1]}`;
}

/**
 * One row: `better` is 'lower' or 'higher'; `ratio` > 1 means cognate leads. A target is
 * { max } / { min } on cognate's value, { ratioMin } on the ratio, or { shareMax } on cognate ÷ peer
 * (sizes: "at most 0.33 of the peer's").
 */
function row(group, what, unit, better, cognate, peer, peerName, target, note) {
  const ratio = cognate != null && peer != null ? (better === 'lower' ? peer / cognate : cognate / peer) : null;
  let targetText = '';
  let status = '';
  if (target && cognate != null) {
    if (target.max != null) {
      targetText = `≤ ${fmt[unit](target.max)}`;
      status =
        cognate <= target.max
          ? `met (${fmt[unit](target.max - cognate)} to spare)`
          : `missed by ${fmt[unit](cognate - target.max)} (${((cognate / target.max - 1) * 100).toFixed(0)} % over)`;
    } else if (target.min != null) {
      targetText = `≥ ${fmt[unit](target.min)}`;
      status =
        cognate >= target.min
          ? `met (${fmt[unit](cognate - target.min)} above)`
          : `missed by ${fmt[unit](target.min - cognate)} (${((1 - cognate / target.min) * 100).toFixed(0)} % short)`;
    } else if (target.shareMax != null) {
      // cognate's value as a share of the peer's (sizes): at most shareMax.
      targetText = `≤ ${target.shareMax}× ${peerName}`;
      if (peer == null) status = 'not measured (no peer figure)';
      else {
        const share = cognate / peer;
        status =
          share <= target.shareMax
            ? `met (${share.toFixed(2)}×, ${fmt[unit](peer * target.shareMax - cognate)} to spare)`
            : `missed: ${share.toFixed(2)}× of ≤ ${target.shareMax}× (needs ${fmt[unit](cognate - peer * target.shareMax)} less)`;
      }
    } else if (target.ratioMin != null) {
      targetText = `≥ ${target.ratioMin}× ${peerName}`;
      if (ratio == null) status = 'not measured (no peer figure)';
      else
        status =
          ratio >= target.ratioMin
            ? `met (${ratio.toFixed(1)}×)`
            : better === 'lower'
              ? `missed: ${ratio.toFixed(2)}× of ${target.ratioMin}× (needs ${fmt[unit](cognate - peer / target.ratioMin)} less)`
              : `missed: ${ratio.toFixed(2)}× of ${target.ratioMin}× (needs ${fmt[unit](peer * target.ratioMin - cognate)} more)`;
    }
  } else if (target) {
    targetText =
      target.max != null
        ? `≤ ${fmt[unit](target.max)}`
        : target.min != null
          ? `≥ ${fmt[unit](target.min)}`
          : target.shareMax != null
            ? `≤ ${target.shareMax}×`
            : `≥ ${target.ratioMin}×`;
    status = 'not measured';
  }
  return {
    group,
    what,
    cognate: cognate == null ? '–' : fmt[unit](cognate),
    peer: peer == null ? '–' : `${fmt[unit](peer)} (${peerName})`,
    ratio: ratioText(ratio, better, unit),
    target: targetText,
    status,
    note: note ?? '',
    values: { cognate, peer, ratio, unit, better },
  };
}

function buildRows(r) {
  const rows = [];
  const notes = [];
  const failed = name => r[name]?.error ?? r[name]?.skipped;
  const skipNote = (name, what) => {
    if (failed(name)) notes.push(`${what}: ${r[name].error ? 'FAILED: ' + r[name].error : 'skipped: ' + r[name].skipped}`);
  };

  if (r['srp-node'] && !failed('srp-node')) {
    const s = r['srp-node'];
    rows.push(
      row(
        'SRP client maths / sign-in',
        'Node (median)',
        'ms',
        'lower',
        s.cognateNode.median,
        s.amplify.median,
        'aws-amplify helper',
        { max: 8 },
        'OpenSSL via node:crypto DH',
      ),
    );
  } else skipNote('srp-node', 'client SRP maths, Node');
  if (r['srp-browser'] && !failed('srp-browser')) {
    const s = r['srp-browser'];
    rows.push(
      row(
        'SRP client maths / sign-in',
        `Chromium ${s.browser.replace(/^Chromium /, '').split('.')[0]} (median)`,
        'ms',
        'lower',
        s.cognate.median,
        s['aws-amplify'].median,
        'aws-amplify helper',
        { max: 35 },
        'native BigInt',
      ),
    );
  } else skipNote('srp-browser', 'client SRP maths, Chromium');

  if (r['sign-in'] && !failed('sign-in')) {
    const s = r['sign-in'].results;
    rows.push(
      row('sign-in on loopback', 'signIn (SRP) + signOut, median', 'ms', 'lower', s.cognate.total.median, s['aws-amplify'].total.median, 'aws-amplify'),
    );
    rows.push(row('sign-in on loopback', 'signIn (SRP) + signOut, p95', 'ms', 'lower', s.cognate.total.p95, s['aws-amplify'].total.p95, 'aws-amplify'));
  } else skipNote('sign-in', 'whole sign-in latency');

  if (r.bundles && !failed('bundles')) {
    const by = (lib, id) => r.bundles.rows.find(x => x.library === lib && x.snippet === id);
    const targets = { basic: { max: 8000 }, 'auth-all': { max: 15000 } };
    const label = x => SNIPPETS.find(y => y.id === x.snippet)?.label ?? x.label;
    const groups = [
      ['bundle, webpack + brotli, as size-limit counts it (initial chunks)', x => x.webpack.brotli, true],
      ['bundle, webpack + brotli, all chunks (lazy import() included)', x => x.webpack.allBrotli, true],
      ['bundle, esbuild + brotli, initial chunks', x => x.esbuild.brotli, false],
      ['bundle, esbuild + brotli, all chunks', x => x.esbuild.allBrotli ?? x.esbuild.brotli, false],
      ['bundle, esbuild + brotli, one bundle (no splitting: every chunk, compressed together)', x => x.esbuild.oneBrotli, 'share'],
    ];
    // DESIGN.md: as single esbuild bundles, at most 0.33 of aws-amplify's size.
    const shareTargets = { basic: { shareMax: 0.33 }, 'auth-all': { shareMax: 0.33 } };
    for (const [group, value, withTargets] of groups) {
      for (const x of r.bundles.rows.filter(y => y.library === 'cognate')) {
        const a = by('aws-amplify', x.snippet);
        if (value(x) == null) continue;
        const target = withTargets === 'share' ? shareTargets[x.snippet] : withTargets ? targets[x.snippet] : undefined;
        rows.push(row(group, label(x), 'kB', 'lower', value(x), value(a), 'aws-amplify', target));
      }
    }
  } else skipNote('bundles', 'bundle sizes');
  if (!r['module-sizes'] || failed('module-sizes')) skipNote('module-sizes', 'per-module sizes');

  if (r.import && !failed('import')) {
    const t = r.import.targets;
    for (const [c, a] of [
      ['cognate-auth', 'aws-amplify'],
      ['cognate-auth/auth', 'aws-amplify/auth'],
      ['cognate-auth/auth/server', 'aws-amplify/auth/server'],
      ['cognate-auth/adapter-core', 'aws-amplify/adapter-core'],
    ]) {
      rows.push(
        row(
          'cold import() in Node (median)',
          `import('${c}')`,
          'ms',
          'lower',
          t[c].import.median,
          t[a].import.median,
          a,
          c === 'cognate-auth/auth' ? { max: 40 } : undefined,
          `process wall ${fmt.ms(t[c].wall.median)} vs ${fmt.ms(t[a].wall.median)}; empty node ${fmt.ms(t.baseline.wall.median)}`,
        ),
      );
    }
    if (t['cognate-local']) {
      rows.push(
        row(
          'cold import() in Node (median)',
          "import('cognate-local')",
          'ms',
          'lower',
          t['cognate-local'].import.median,
          null,
          '',
          { max: 150 },
          `process wall ${fmt.ms(t['cognate-local'].wall.median)}`,
        ),
      );
    }
    if (r.import.localStart) {
      rows.push(
        row('cold start (median)', 'cognate-local start, spawn to first answered request', 'ms', 'lower', r.import.localStart.median, null, '', { max: 400 }),
      );
    }
  } else skipNote('import', 'cold import');

  if (r.server && !failed('server')) {
    const s = r.server;
    rows.push(
      row(
        'server fetchAuthSession',
        'per request, cognate verifying vs Amplify not verifying',
        'rps',
        'higher',
        s.cognate,
        s.amplify,
        'aws-amplify adapter-core',
        { ratioMin: 3 },
        'one process, sequential awaits',
      ),
    );
    if (s.node != null)
      rows.push(
        row('server fetchAuthSession', 'through cognate/node createServerRunner, verifying', 'rps', 'higher', s.node, s.amplify, 'aws-amplify adapter-core'),
      );
    if (s.memoOff != null)
      rows.push(
        row(
          'server fetchAuthSession',
          'verifying, signature memo off (2 RS256 verifies/request)',
          'rps',
          'higher',
          s.memoOff,
          s.amplify,
          'aws-amplify adapter-core',
        ),
      );
  } else skipNote('server', 'server fetchAuthSession');

  if (r.local && !failed('local')) {
    const runs = r.local.runs;
    const find = (server, op, c) => runs.find(x => x.server === server && x.op === op && x.concurrency === c);
    const names = {
      password: 'password sign-in',
      srp: 'SRP sign-in (1024-bit client secret, as Amplify)',
      srp256: 'SRP sign-in (256-bit client secret, as cognate-auth)',
      refresh: 'refresh',
      getUser: 'GetUser',
      adminGetUser: 'AdminGetUser',
      listUsers: 'ListUsers (32 users, Limit 10)',
      describeUserPoolClient: 'DescribeUserPoolClient',
    };
    const READS = ['getUser', 'adminGetUser', 'listUsers', 'describeUserPoolClient'];
    const cpu = x => (x.serverCpuMs != null ? `, server CPU ${x.serverCpuMs.toFixed(2)} ms/op` : '');
    const lat = x => `p50 ${x.p50.toFixed(1)} / p99 ${x.p99.toFixed(1)} ms${cpu(x)}${x.errors ? `, ${x.errors} errors` : ''}`;
    for (const op of ['password', 'srp', 'srp256', 'refresh', ...READS]) {
      for (const c of [1, 32]) {
        const a = find('cognate-local', op, c);
        const b = find('cognito-local', op, c);
        if (!a) continue;
        let target;
        if (op === 'password' && c === 32) target = { ratioMin: 5 };
        if (op === 'srp' && c === 32) target = { min: 350 };
        if (op === 'srp256' && c === 32) target = { min: 200 };
        const note = `cognate-local ${lat(a)}` + (b ? `; cognito-local ${lat(b)}` : op.startsWith('srp') ? '; cognito-local has no SRP' : '');
        rows.push(
          row(`cognate-local, ${c} client${c > 1 ? 's' : ''}`, names[op], 'rps', 'higher', a.perSecond, b?.perSecond ?? null, 'cognito-local', target, note),
        );
      }
    }
    // The SRP capacity of the server's CPU, derived from the 32-client SRP cells (cores x 1000 / server
    // CPU ms per sign-in): what cognate-local would sustain with the cores to itself. Not a measured
    // rate; the target stays on the measured rows above.
    for (const x of r.local.srpCapacity ?? []) {
      rows.push(
        row(
          'cognate-local, 32 clients',
          `${names[x.op]}: capacity of the server's CPU (derived, not measured)`,
          'rps',
          'higher',
          x.capacityPerSecond,
          null,
          '',
          undefined,
          `${r.local.cores} cores x 1000 / ${x.serverCpuMs.toFixed(2)} ms server CPU per sign-in; measured in the same cell: ${x.measuredPerSecond.toFixed(0)}/s`,
        ),
      );
    }
    // The read path against its floor in the same run: Node's own HTTP server answering a fixed
    // GetUser-shaped body to the same client (bench/local-throughput.mjs, server `node-http`). The
    // admin reads are signed with SigV4 by their client, so their floor is the same server answering
    // the same signed request (`fixedSigned`): the client's signing is then the same on both sides,
    // as the issue's "same port and client" asks. Their ratio to the unsigned floor is shown too,
    // without a target.
    const SIGNED = new Set(['adminGetUser', 'listUsers', 'describeUserPoolClient']);
    for (const c of [1, 32]) {
      const group = `read path vs Node's HTTP floor, ${c} client${c > 1 ? 's' : ''}`;
      const floor = find('node-http', 'fixed', c);
      const signedFloor = find('node-http', 'fixedSigned', c);
      if (!floor) continue;
      rows.push(row(group, 'floor: node:http, fixed JSON body', 'rps', 'higher', floor.perSecond, null, '', undefined, lat(floor)));
      if (signedFloor)
        rows.push(
          row(
            group,
            'floor: node:http, fixed JSON body, request signed (SigV4) by the client',
            'rps',
            'higher',
            signedFloor.perSecond,
            null,
            '',
            undefined,
            lat(signedFloor),
          ),
        );
      for (const op of READS) {
        const a = find('cognate-local', op, c);
        if (!a) continue;
        const target = c === 32 ? { ratioMin: 0.7 } : undefined;
        if (SIGNED.has(op) && signedFloor) {
          rows.push(row(group, names[op], 'rps', 'higher', a.perSecond, signedFloor.perSecond, 'node:http floor, signed', target, lat(a)));
          rows.push(
            row(group, `${names[op]}, against the unsigned floor`, 'rps', 'higher', a.perSecond, floor.perSecond, 'node:http floor', undefined, lat(a)),
          );
        } else rows.push(row(group, names[op], 'rps', 'higher', a.perSecond, floor.perSecond, 'node:http floor', target, lat(a)));
      }
    }
    // Password sign-ins against the floor of what the server cannot avoid for one: two RS256
    // signatures (bench/sections/floors.mjs, same run), compared in server CPU per sign-in.
    const password = find('cognate-local', 'password', 32);
    const sign = r.floors?.results?.['rs256-sign']?.msPerOp;
    if (password?.serverCpuMs != null && sign != null)
      rows.push(
        row(
          'cognate-local, 32 clients',
          'password sign-in, server CPU per sign-in vs 2 RS256 signatures',
          'ms',
          'lower',
          password.serverCpuMs,
          2 * sign,
          'floor: 2 × rs256-sign',
          { ratioMin: 0.95 },
          'ratio = floor ÷ server CPU per sign-in',
        ),
      );
    // And against a whole server's floor in the same run: node:http answering the same request with
    // two fresh RS256 signatures, a refresh token's random bytes and an AuthenticationResult-sized
    // body (op `fixedPassword`), in sign-ins/s at 32 clients and in server CPU per sign-in.
    const passwordFloor = find('node-http', 'fixedPassword', 32);
    if (password && passwordFloor) {
      rows.push(
        row(
          'cognate-local, 32 clients',
          'password sign-ins vs node:http signing the same answer',
          'rps',
          'higher',
          password.perSecond,
          passwordFloor.perSecond,
          'node:http floor, 2 signatures',
          { ratioMin: 0.95 },
          `cognate-local ${lat(password)}; floor ${lat(passwordFloor)}`,
        ),
      );
      if (password.serverCpuMs != null && passwordFloor.serverCpuMs != null)
        rows.push(
          row(
            'cognate-local, 32 clients',
            'password sign-in, server CPU per sign-in vs node:http signing the same answer',
            'ms',
            'lower',
            password.serverCpuMs,
            passwordFloor.serverCpuMs,
            'node:http floor, 2 signatures',
            undefined,
            'ratio = floor ÷ server CPU per sign-in',
          ),
        );
    }
  } else skipNote('local', 'cognate-local throughput');

  if (r.scale && !failed('scale')) {
    const { small, large, target } = r.scale;
    const group = `--data (SQLite), ${large.users.toLocaleString('en-US')} users${large.users < target ? ` (seeding deadline hit before ${target.toLocaleString('en-US')})` : ''}`;
    const note = `users written straight into the store (bench/sections/scale.mjs); 32 clients, ${r.scale.seconds} s per cell`;
    rows.push(row(group, 'RSS after the cells', 'MiB', 'lower', large.rssMiB, small.rssMiB, '1,000 users', { max: 256 }, note));
    rows.push(row(group, 'password sign-ins', 'rps', 'higher', large.password.perSecond, small.password.perSecond, '1,000 users', { ratioMin: 0.9 }, note));
    rows.push(
      row(
        group,
        'ListUsers, email ^= "user12", Limit 10',
        'rps',
        'higher',
        large.listPrefix.perSecond,
        small.listPrefix.perSecond,
        '1,000 users',
        { ratioMin: 0.9 },
        note,
      ),
    );
    rows.push(
      row(
        group,
        'ListUsers, username = "user500"',
        'rps',
        'higher',
        large.listExact.perSecond,
        small.listExact.perSecond,
        '1,000 users',
        { ratioMin: 0.9 },
        note,
      ),
    );
  } else skipNote('scale', 'cognate-local with 1,000,000 users (--data)');

  if (r.memory && !failed('memory')) {
    const m = r.memory;
    const how = `${fmt.MiB(m.rssBeforeMiB)} before; ${m.users.toLocaleString('en-US')} users created in ${m.createSeconds.toFixed(0)} s (${m.usersPerSecond.toFixed(0)}/s, AdminCreateUser, 64 in flight); cognito-local not measured`;
    if (m.users >= m.target)
      rows.push(row('cognate-local memory', `RSS after ${m.users.toLocaleString('en-US')} users`, 'MiB', 'lower', m.rssAfterMiB, null, '', undefined, how));
    else {
      rows.push(
        row(
          'cognate-local memory',
          `RSS after ${m.users.toLocaleString('en-US')} users (deadline ${m.deadlineSeconds} s hit before ${m.target.toLocaleString('en-US')})`,
          'MiB',
          'lower',
          m.rssAfterMiB,
          null,
          '',
          undefined,
          how,
        ),
      );
      if (m.estimate)
        rows.push(
          row(
            'cognate-local memory',
            `RSS at ${m.target.toLocaleString('en-US')} users, ESTIMATED (${Math.round(m.estimate.bytesPerUser).toLocaleString('en-US')} B/user)`,
            'MiB',
            'lower',
            m.estimate.rssMiB,
            null,
            '',
            undefined,
            'linear from the second half of the checkpoints',
          ),
        );
      notes.push(
        `memory after ${m.target.toLocaleString('en-US')} users: only ${m.users.toLocaleString('en-US')} were created before the ${m.deadlineSeconds} s deadline (${m.usersPerSecond.toFixed(0)} users/s); see BENCHMARKS.md`,
      );
    }
  } else skipNote('memory', 'cognate-local memory');
  return { rows, notes };
}

function markdownTable(rows) {
  const cols = ['what', 'cognate', 'peer', 'cognate vs peer', 'target', 'status'];
  const lines = [`| ${cols.join(' | ')} |`, `| ${cols.map(() => '---').join(' | ')} |`];
  let group = null;
  for (const x of rows) {
    const what = x.group !== group ? `**${x.group}**: ${x.what}` : x.what;
    group = x.group;
    lines.push(`| ${[what, x.cognate, x.peer, x.ratio, x.target, x.status].map(c => String(c).replace(/\|/g, '\\|')).join(' | ')} |`);
  }
  return lines.join('\n');
}

/** cognate-local and cognito-local side by side, with p50/p99 latency per cell. */
function localTable(local) {
  if (!local?.runs) return '';
  const find = (server, op, c) => local.runs.find(x => x.server === server && x.op === op && x.concurrency === c);
  const cell = x => (x ? `${Math.round(x.perSecond).toLocaleString('en-US')}/s | ${x.p50.toFixed(1)} | ${x.p99.toFixed(1)}` : '– | – | –');
  const lines = [
    '| operation | clients | cognate-local | p50 ms | p99 ms | cognito-local | p50 ms | p99 ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const op of ['password', 'srp', 'srp256', 'refresh', 'getUser', 'adminGetUser', 'listUsers', 'describeUserPoolClient']) {
    for (const c of [1, 32]) {
      const a = find('cognate-local', op, c);
      if (a) lines.push(`| ${op} | ${c} | ${cell(a)} | ${cell(find('cognito-local', op, c))} |`);
    }
  }
  for (const c of [1, 32]) {
    const floor = find('node-http', 'fixed', c);
    if (floor) lines.push(`| floor: node:http, fixed JSON | ${c} | ${cell(floor)} | – | – | – |`);
    const signed = find('node-http', 'fixedSigned', c);
    if (signed) lines.push(`| floor: node:http, fixed JSON, signed request | ${c} | ${cell(signed)} | – | – | – |`);
  }
  const errors = local.runs.filter(x => x.errors).map(x => `${x.server} ${x.op} c=${x.concurrency}: ${x.errors} errors`);
  return lines.join('\n') + (errors.length ? `\n\nErrors: ${errors.join('; ')}` : '');
}

function floorsTable(f) {
  if (!f || f.error) return '';
  const names = {
    'modexp-3072/1024': '3072-bit modexp, 1024-bit exponent, g = 2 (OpenSSL)',
    'modexp-3072/256': '3072-bit modexp, 256-bit exponent, g = 2 (OpenSSL)',
    'modexp-any/1024': '3072-bit modexp, 1024-bit exponent, any base (OpenSSL computeSecret)',
    'srp-client-floor': 'SRP client floor: the sum of the three above',
    'bigint-modexp-3072/1024': '3072-bit modexp, 1024-bit exponent, V8 BigInt (4-bit window)',
    'rs256-sign': 'RS256 sign, 2048-bit key (OpenSSL)',
    'rs256-verify': 'RS256 verify, cached KeyObject (OpenSSL)',
  };
  const lines = ['| floor | ms per op | per second, one core |', '| --- | ---: | ---: |'];
  for (const [k, label] of Object.entries(names)) {
    const v = f.results[k]?.msPerOp;
    if (v != null) lines.push(`| ${label} | ${v.toFixed(3)} | ${Math.round(1000 / v).toLocaleString('en-US')} |`);
  }
  return lines.join('\n');
}

function machine() {
  const model = (() => {
    try {
      return /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model;
    } catch {
      return cpus()[0]?.model;
    }
  })();
  const load = (() => {
    try {
      return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    } catch {
      return '?';
    }
  })();
  const version = p => {
    try {
      return JSON.parse(readFileSync(join(ROOT, p), 'utf8')).version;
    } catch {
      return '?';
    }
  };
  return {
    cpus: cpus().length,
    model,
    memoryGiB: +(totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    openssl: process.versions.openssl,
    awsAmplify: version('node_modules/aws-amplify/package.json'),
    cognitoLocal: installedVersion('cognito-local'),
    loadAtStart: load,
  };
}

// ---------------------------------------------------------------- main

let started = new Date();
let info = machine();
const results = {};
const timings = {};
if (args.render) {
  // Re-renders the table and summary.md from a saved latest.json, measuring nothing.
  const saved = JSON.parse(readFileSync(args.render, 'utf8'));
  started = new Date(saved.started);
  Object.assign(results, saved.results);
  Object.assign(timings, saved.timings);
  info = saved.machine;
} else {
  await ensurePeers();
  console.error(`bench: ${QUICK ? 'QUICK run' : 'full run'}; ${info.cpus} × ${info.model}; node ${info.node}; load ${info.loadAtStart}`);
  for (const [name, fn] of Object.entries(SECTIONS)) {
    if (ONLY && !ONLY.has(name)) continue;
    console.error(`bench: ${name} …`);
    const t0 = performance.now();
    for (let attempt = 1; ; attempt++) {
      try {
        results[name] = await fn();
        break;
      } catch (error) {
        const message = String(error.message ?? error);
        // The packages' dist can be rebuilt while the bench runs (chunks replaced): try once more.
        if (attempt === 1 && /ERR_MODULE_NOT_FOUND|Cannot find module|Could not resolve/.test(message)) {
          console.error(`bench: ${name}: a module went missing (dist rebuilt during the run?); again in 5 s`);
          await new Promise(r => setTimeout(r, 5000));
          continue;
        }
        results[name] = { error: message.slice(0, 2000) };
        console.error(`bench: ${name} failed: ${results[name].error}`);
        break;
      }
    }
    timings[name] = +((performance.now() - t0) / 1000).toFixed(1);
    console.error(`bench: ${name} done in ${timings[name]} s`);
  }
  info.loadAtEnd = machine().loadAtStart;
}
const { rows, notes } = buildRows(results);
const local = localTable(results.local);
const table = markdownTable(rows);
const floors = floorsTable(results.floors);
const header = `cognate vs peers — ${QUICK ? 'QUICK (smoke) run, ' : ''}${started.toISOString().slice(0, 16).replace('T', ' ')} UTC; ${info.cpus} × ${info.model}, ${info.memoryGiB} GiB; node ${info.node}, OpenSSL ${info.openssl}; aws-amplify ${info.awsAmplify}, cognito-local ${info.cognitoLocal}; load average ${info.loadAtStart} at start, ${info.loadAtEnd} at end`;
const ratioNote = 'ratios: peer ÷ cognate for times and sizes, cognate ÷ peer for rates; above 1 means cognate leads.';

console.log(`\n${header}\n\n${table}\n\n${ratioNote}`);
if (local) console.log(`\ncognate-local vs cognito-local, latency per cell:\n\n${local}`);
if (floors) console.log(`\nFloors measured in this run:\n\n${floors}`);
const modules = results['module-sizes'] && !results['module-sizes'].error ? moduleSizesTable(results['module-sizes'], 15) : '';
if (modules) console.log(`\nPer-module sizes (bench/sections/module-sizes.mjs; brotli shares estimated):\n\n${modules}`);
if (notes.length) console.log(`\nNot measured:\n${notes.map(n => `- ${n}`).join('\n')}`);
console.log(
  `\nsections (s): ${Object.entries(timings)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`,
);

mkdirSync(RESULTS, { recursive: true });
if (!args.render)
  writeFileSync(
    join(RESULTS, 'latest.json'),
    JSON.stringify(
      { started: started.toISOString(), quick: QUICK, machine: info, timings, rows: rows.map(({ values, ...x }) => ({ ...x, ...values })), notes, results },
      null,
      2,
    ) + '\n',
  );
const summary = [
  '# cognate vs peers: latest `npm run bench`',
  '',
  header,
  '',
  table,
  '',
  ratioNote,
  '',
  ...(local ? ['## cognate-local vs cognito-local, latency per cell', '', local, ''] : []),
  ...(floors ? ['## Floors measured in this run', '', floors, ''] : []),
  ...(notes.length ? ['## Not measured', '', ...notes.map(n => `- ${n}`), ''] : []),
  '## Notes per row',
  '',
  ...rows.filter(x => x.note).map(x => `- ${x.group}, ${x.what}: ${x.note}`),
  '',
  `Section times (s): ${Object.entries(timings)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}. Method: BENCHMARKS.md.`,
  '',
].join('\n');
writeFileSync(join(RESULTS, 'summary.md'), summary);
console.error(`bench: wrote bench/results/latest.json and bench/results/summary.md`);
