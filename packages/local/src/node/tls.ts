/**
 * A local certificate authority and a server certificate for `localhost`, `127.0.0.1` and `::1`,
 * made with node:crypto alone (ECDSA P-256 keys, SHA-256 signatures) by a minimal DER encoder of
 * X.509 v3. Generated once into a folder and reused: the user trusts the one CA file, and the
 * server certificate is re-issued by that CA whenever it is missing, expiring or unreadable.
 */
import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { chmodSync, closeSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { isIP } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { domainToASCII } from 'node:url';
import { bits, bool, explicit, integer, octets, oid, seq, set, time, tlv, utf8 } from '../der.js';

// --- X.509 ---------------------------------------------------------------------------------------

const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));
const name = (commonName: string) => seq(set(seq(oid('2.5.4.10'), utf8('cognate-local'))), set(seq(oid('2.5.4.3'), utf8(commonName))));
const extension = (id: string, critical: boolean, value: Buffer) => seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));

function ipBytes(ip: string): Buffer {
  if (ip.includes('.')) return Buffer.from(ip.split('.').map(Number));
  // Only the forms used here: full groups or one `::`.
  const [head, tail] = ip.split('::') as [string, string | undefined];
  const groups = (s: string | undefined) => (s ? s.split(':').map(g => parseInt(g, 16)) : []);
  const h = groups(head);
  const t = groups(tail);
  const all = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill(0), ...t];
  const out = Buffer.alloc(16);
  all.forEach((g, i) => {
    out.writeUInt16BE(g, i * 2);
  });
  return out;
}

interface CertificateSpec {
  subject: string;
  issuer: string;
  publicKey: KeyObject;
  signingKey: KeyObject;
  /** The issuer's key identifier (its own for the CA). */
  authorityKeyId: Buffer;
  days: number;
  ca: boolean;
  dnsNames?: string[];
  ips?: string[];
}

function keyId(publicKey: KeyObject): Buffer {
  // RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING's bits (for P-256, the last 65 bytes).
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha1')
    .update(spki.subarray(spki.length - 65))
    .digest();
}

function certificate(spec: CertificateSpec): string {
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  const notBefore = new Date(Date.now() - 60 * 60 * 1000); // an hour back, for clocks a little behind
  const notAfter = new Date(Date.now() + spec.days * 24 * 60 * 60 * 1000);
  const extensions = spec.ca
    ? [
        extension('2.5.29.19', true, seq(bool(true), integer(0))), // basicConstraints: CA, pathLen 0
        extension('2.5.29.15', true, bits(Buffer.from([0x86]), 1)), // keyUsage: digitalSignature, keyCertSign, cRLSign
      ]
    : [
        extension('2.5.29.19', true, seq()), // basicConstraints: not a CA
        extension('2.5.29.15', true, bits(Buffer.from([0x80]), 7)), // keyUsage: digitalSignature
        extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))), // extKeyUsage: serverAuth
        extension('2.5.29.17', false, seq(...(spec.dnsNames ?? []).map(d => tlv(0x82, Buffer.from(d))), ...(spec.ips ?? []).map(ip => tlv(0x87, ipBytes(ip))))),
      ];
  extensions.push(extension('2.5.29.14', false, octets(keyId(spec.publicKey)))); // subjectKeyIdentifier
  extensions.push(extension('2.5.29.35', false, seq(tlv(0x80, spec.authorityKeyId)))); // authorityKeyIdentifier
  const tbs = seq(
    explicit(0, integer(2)), // v3
    integer(serial),
    ECDSA_SHA256,
    name(spec.issuer),
    seq(time(notBefore), time(notAfter)),
    name(spec.subject),
    spec.publicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, seq(...extensions)),
  );
  const signature = sign('sha256', tbs, { key: spec.signingKey, dsaEncoding: 'der' });
  const der = seq(tbs, ECDSA_SHA256, bits(signature));
  return `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END CERTIFICATE-----\n`;
}

// --- The files -----------------------------------------------------------------------------------

export const TLS_NAMES = { dns: ['localhost'], ips: ['127.0.0.1', '::1'] };
const CA_NAME = 'cognate-local development CA';
const CA_DAYS = 3650;
/** Under Apple's 825-day limit for TLS server certificates. */
const SERVER_DAYS = 825;

export interface LocalTls {
  /** PEM of the server certificate and of its private key, for `https.createServer`. */
  cert: string;
  key: string;
  /** The file to trust (the local CA's certificate). */
  caFile: string;
  /** The CA's certificate PEM (e.g. for a Node client's `ca` option). */
  ca: string;
  /** True when the CA was made by this call (it is not trusted anywhere yet). */
  created: boolean;
}

/** The default folder: `<dataDir>/tls`, else `cognate-local/tls` under the user's cache folder. */
export function defaultTlsDir(dataDir?: string): string {
  if (dataDir) return join(dataDir, 'tls');
  const cache =
    process.platform === 'win32'
      ? (process.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'))
      : process.platform === 'darwin'
        ? join(homedir(), 'Library', 'Caches')
        : process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cache, 'cognate-local', 'tls');
}

function writeAtomic(file: string, content: string, mode: number): void {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, content, { mode });
  renameSync(temp, file);
}

function pemKey(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }) as string;
}

/** How long a start waits for another process making the files in the same folder. */
const LOCK_WAIT_MS = 30_000;
/** A lock older than this is left over (making the files takes milliseconds). */
const LOCK_STALE_MS = 60_000;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Whether the lock file at `file` was left by a process that is gone, or long ago. */
function staleLock(file: string): boolean {
  try {
    if (Date.now() - statSync(file).mtimeMs > LOCK_STALE_MS) return true;
    const pid = Number(readFileSync(file, 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false; // being written: not stale yet
    try {
      process.kill(pid, 0);
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'ESRCH';
    }
  } catch {
    return false; // gone already: the next attempt takes it
  }
}

/**
 * Runs `fn` holding `<dir>/.lock`, an exclusively created file (one process at a time across the
 * machine), so that two first starts over one folder never both make a CA: the second waits, then
 * finds the first one's files. A lock left by a process that died is taken over.
 */
function withFolderLock<T>(dir: string, fn: () => T): T {
  const file = join(dir, '.lock');
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      try {
        writeSync(fd, String(process.pid));
      } finally {
        closeSync(fd);
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (staleLock(file)) {
      try {
        unlinkSync(file);
      } catch {
        // Another process took it over first.
      }
      continue;
    }
    if (Date.now() > deadline) throw new Error(`Another cognate-local is making the certificates in ${dir} (remove ${file} if none is running).`);
    sleepSync(25);
  }
  try {
    return fn();
  } finally {
    try {
      unlinkSync(file);
    } catch {
      // Already gone.
    }
  }
}

/**
 * Reads the CA and server certificate in `dir`, making (or re-issuing) what is missing or stale.
 * `extraNames` (host names or IP addresses, e.g. a LAN name given with --allowed-host) are covered
 * too; a certificate that lacks one is re-issued by the same CA.
 *
 * Files that are whole and fit are read without a lock; anything to make is made holding the
 * folder's lock, re-reading first, so processes started together serve one CA's one certificate.
 * Each file is written to a temporary name and renamed, so none is ever seen half written.
 */
export function ensureLocalTls(dir: string, extraNames: string[] = []): LocalTls {
  const dnsNames = new Set(TLS_NAMES.dns);
  const ips = new Set(TLS_NAMES.ips);
  for (const raw of extraNames) {
    const name = raw.replace(/^\[|\]$/g, '').toLowerCase();
    if (name === '0.0.0.0' || name === '::') continue; // all interfaces: no name of its own
    if (isIP(name) === 4 || (isIP(name) === 6 && !/[.%]/.test(name))) ips.add(name);
    else if (!isIP(name)) {
      const ascii = domainToASCII(name);
      if (/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(ascii)) dnsNames.add(ascii);
    }
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return issue(dir, dnsNames, ips, false) ?? withFolderLock(dir, () => issue(dir, dnsNames, ips, true)!);
}

/** The files in `dir` if whole and fitting; else, when `make`, with what is missing made (else undefined). */
function issue(dir: string, dnsNames: Set<string>, ips: Set<string>, make: boolean): LocalTls | undefined {
  const files = { ca: join(dir, 'ca.pem'), caKey: join(dir, 'ca-key.pem'), cert: join(dir, 'cert.pem'), key: join(dir, 'key.pem') };
  const soon = Date.now() + 7 * 24 * 60 * 60 * 1000;
  let ca: { pem: string; key: KeyObject; x509: X509Certificate } | undefined;
  try {
    const pem = readFileSync(files.ca, 'utf8');
    const x509 = new X509Certificate(pem);
    const key = createPrivateKey(readFileSync(files.caKey, 'utf8'));
    if (x509.ca && x509.checkPrivateKey(key) && Date.parse(x509.validTo) > soon) ca = { pem, key, x509 };
  } catch {
    // Missing or unreadable: a new CA below.
  }
  const created = !ca;
  if (!ca && !make) return undefined;
  if (!ca) {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const id = keyId(publicKey);
    const pem = certificate({ subject: CA_NAME, issuer: CA_NAME, publicKey, signingKey: privateKey, authorityKeyId: id, days: CA_DAYS, ca: true });
    writeAtomic(files.caKey, pemKey(privateKey), 0o600);
    writeAtomic(files.ca, pem, 0o644);
    ca = { pem, key: privateKey, x509: new X509Certificate(pem) };
  }
  try {
    const cert = readFileSync(files.cert, 'utf8');
    const key = readFileSync(files.key, 'utf8');
    const x509 = new X509Certificate(cert);
    const fits =
      !created &&
      x509.checkIssued(ca.x509) &&
      x509.verify(ca.x509.publicKey) &&
      x509.checkPrivateKey(createPrivateKey(key)) &&
      Date.parse(x509.validTo) > soon &&
      [...dnsNames].every(d => x509.checkHost(d, { wildcards: false })?.toLowerCase() === d) &&
      [...ips].every(ip => x509.checkIP(ip) !== undefined);
    if (fits) return { cert, key, ca: ca.pem, caFile: files.ca, created };
  } catch {
    // Missing or unreadable: re-issued below.
  }
  if (!make) return undefined;
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const cert = certificate({
    subject: 'localhost',
    issuer: CA_NAME,
    publicKey,
    signingKey: ca.key,
    authorityKeyId: keyId(ca.x509.publicKey),
    days: SERVER_DAYS,
    ca: false,
    dnsNames: [...dnsNames],
    ips: [...ips],
  });
  const key = pemKey(privateKey);
  writeAtomic(files.key, key, 0o600);
  writeAtomic(files.cert, cert, 0o644);
  try {
    chmodSync(dir, 0o700);
  } catch {
    // A folder we do not own keeps its mode.
  }
  return { cert, key, ca: ca.pem, caFile: files.ca, created };
}

/** How to trust the CA file, as `cognate-local start --https` prints it. */
export function trustInstructions(tls: Pick<LocalTls, 'caFile' | 'created'>): string {
  const file = tls.caFile;
  if (!tls.created) return `HTTPS: certificates from the local CA ${file} (trust it once; run with a new --data folder or delete it to start over)\n`;
  return [
    `HTTPS: a new local certificate authority was made: ${file}`,
    '  Browsers and tools refuse it until you trust it (once per machine):',
    `  Debian/Ubuntu:  sudo cp '${file}' /usr/local/share/ca-certificates/cognate-local.crt && sudo update-ca-certificates`,
    `  macOS:          sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain '${file}'`,
    `  Node:           NODE_EXTRA_CA_CERTS='${file}' node your-app.js`,
    '  Chromium/Playwright tests: browser.newContext({ ignoreHTTPSErrors: true })',
    '  (Chrome and Firefox on Linux keep their own store: import it under Settings > Certificates > Authorities.)',
    '',
  ].join('\n');
}
