/**
 * User import from a CSV file: GetCSVHeader, CreateUserImportJob, StartUserImportJob,
 * StopUserImportJob, DescribeUserImportJob, ListUserImportJobs, and the upload URL.
 *
 * As on AWS: a job is created with a pre-signed URL; the CSV is PUT to it; StartUserImportJob moves
 * the job Created → Pending and the import runs in the background (Pending → InProgress →
 * Succeeded / Failed, or Stopping → Stopped after StopUserImportJob). Imported users have no
 * password and are in RESET_REQUIRED: sign-in answers PasswordResetRequiredException until they
 * reset it with ForgotPassword / ConfirmForgotPassword.
 *
 * The pre-signed URL is served by cognate-local itself (`PUT /_local/user-import/<poolId>/<jobId>?token=…`):
 * the token is 256 random bits, kept only as its SHA-256, and the CSV may be at most
 * MAX_CSV_BYTES. Per row: a row that breaks the rules (missing username or mfa flag, no verified
 * auto-verified attribute, schema violations, a user or alias that already exists) counts in
 * FailedUsers; rows left unread when a job is stopped count in SkippedUsers.
 *
 * Store: `importJob` `<poolId>/job/<jobId>` → StoredImportJob; `importJob` `<poolId>/csv/<jobId>` → the CSV text.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Json, Operation, OperationContext, Services } from '../context.js';
import { CognitoError, errors } from '../errors.js';
import { readBody } from '../input.js';
import type { UserPool, UserRecord } from '../model.js';
import { getPool } from '../services/pools.js';
import { newImportJobId, newUuid } from '../services/ids.js';
import { applyAttributes, checkRequiredAttributes, emptyAttributes, findUser, newUserRecord, saveUser } from '../services/users.js';
import { ARN_RULE, optInt, optString, reqString, POOL_ID_RULE, type StringRule } from '../validate.js';

/** The largest CSV the upload URL accepts (Cognito's limit is 100 MB; a local server keeps it smaller). */
export const MAX_CSV_BYTES = 16 * 1024 * 1024;
/** Rows imported per turn of the event loop, so StopUserImportJob and other requests interleave. */
const BATCH = 200;

const JOB_NAME: StringRule = { min: 1, max: 128, pattern: /^[\w\s+=,.@-]+$/, patternText: '[\\w\\s+=,.@-]+' };
const JOB_ID: StringRule = { min: 1, max: 55, pattern: /^import-[0-9a-zA-Z-]+$/, patternText: 'import-[0-9a-zA-Z-]+' };
const PAGINATION_TOKEN: StringRule = { min: 1, pattern: /^[\S]+$/, patternText: '[\\S]+' };

export type ImportStatus = 'Created' | 'Pending' | 'InProgress' | 'Stopping' | 'Expired' | 'Stopped' | 'Failed' | 'Succeeded';

export interface UserImportJob {
  JobName: string;
  JobId: string;
  UserPoolId: string;
  PreSignedUrl: string;
  CreationDate: number;
  StartDate?: number;
  CompletionDate?: number;
  Status: ImportStatus;
  CloudWatchLogsRoleArn: string;
  ImportedUsers: number;
  SkippedUsers: number;
  FailedUsers: number;
  CompletionMessage?: string;
}

interface StoredImportJob extends UserImportJob {
  /** SHA-256 (hex) of the upload token; the token itself is only in PreSignedUrl. */
  tokenHash: string;
  uploaded: boolean;
  /** Creation order in the pool (CreationDate has whole seconds): lists are in this order. */
  seq: number;
}

const jobKey = (poolId: string, jobId: string) => `${poolId}/job/${jobId}`;
const csvKey = (poolId: string, jobId: string) => `${poolId}/csv/${jobId}`;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function wire(job: StoredImportJob): Json {
  const { tokenHash: _hash, uploaded: _uploaded, seq: _seq, ...rest } = job;
  return rest as unknown as Json;
}

function poolOf(input: Json, ctx: Services): UserPool {
  return getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
}

function requireJob(ctx: Services, pool: UserPool, jobId: string): StoredImportJob {
  const job = ctx.store.get<StoredImportJob>('importJob', jobKey(pool.Id, jobId));
  if (!job) throw errors.resourceNotFound(`Import job ${jobId} does not exist.`);
  return job;
}

const preconditionNotMet = (message: string) => new CognitoError('PreconditionNotMetException', message);

/** The CSV header for a pool: its attributes (not `sub`, not developer-only ones), then cognito:mfa_enabled and cognito:username. */
export function csvHeader(pool: UserPool): string[] {
  const names = pool.SchemaAttributes.filter(a => a.Name !== 'sub' && !a.DeveloperOnlyAttribute && !a.Name.startsWith('dev:')).map(a => a.Name);
  return [...names, 'cognito:mfa_enabled', 'cognito:username'];
}

export const getCSVHeader: Operation = (input, ctx) => {
  const pool = poolOf(input, ctx);
  return { UserPoolId: pool.Id, CSVHeader: csvHeader(pool) };
};

export const createUserImportJob: Operation = (input, ctx) => {
  const pool = poolOf(input, ctx);
  const JobName = reqString(input, 'JobName', JOB_NAME);
  const CloudWatchLogsRoleArn = reqString(input, 'CloudWatchLogsRoleArn', ARN_RULE);
  const JobId = newImportJobId();
  const token = randomBytes(32).toString('base64url');
  const base = ctx.issuer(pool.Id).slice(0, -(pool.Id.length + 1));
  const job: StoredImportJob = {
    JobName,
    JobId,
    UserPoolId: pool.Id,
    PreSignedUrl: `${base}/_local/user-import/${encodeURIComponent(pool.Id)}/${JobId}?token=${token}`,
    CreationDate: ctx.clock.now(),
    Status: 'Created',
    CloudWatchLogsRoleArn,
    ImportedUsers: 0,
    SkippedUsers: 0,
    FailedUsers: 0,
    tokenHash: sha256(token),
    uploaded: false,
    seq: 0,
  };
  ctx.store.transaction(() => {
    job.seq = ctx.store.count('importJob', `${pool.Id}/job/`);
    ctx.store.put('importJob', jobKey(pool.Id, JobId), job);
  });
  return { UserImportJob: wire(job) };
};

export const describeUserImportJob: Operation = (input, ctx) => {
  const pool = poolOf(input, ctx);
  return { UserImportJob: wire(requireJob(ctx, pool, reqString(input, 'JobId', JOB_ID))) };
};

export const listUserImportJobs: Operation = (input, ctx) => {
  const pool = poolOf(input, ctx);
  const max = optInt(input, 'MaxResults', 1, 60);
  if (max === undefined)
    throw errors.invalidParameter("1 validation error detected: Value null at 'maxResults' failed to satisfy constraint: Member must not be null");
  const token = optString(input, 'PaginationToken', PAGINATION_TOKEN);
  const all = ctx.store.list<StoredImportJob>('importJob', `${pool.Id}/job/`).sort((a, b) => a.seq - b.seq);
  let start = 0;
  if (token !== undefined) {
    start = all.findIndex(j => j.JobId === token) + 1;
    if (start === 0) throw errors.invalidParameter('Invalid pagination token.');
  }
  const page = all.slice(start, start + max);
  const more = start + max < all.length;
  return { UserImportJobs: page.map(wire), ...(more ? { PaginationToken: page[page.length - 1]!.JobId } : {}) };
};

export const startUserImportJob: Operation = (input, ctx) => {
  const pool = poolOf(input, ctx);
  const jobId = reqString(input, 'JobId', JOB_ID);
  const job = ctx.store.transaction(() => {
    const current = requireJob(ctx, pool, jobId);
    if (current.Status !== 'Created') throw preconditionNotMet(`Import job ${jobId} cannot be started: its status is ${current.Status}.`);
    const next: StoredImportJob = { ...current, Status: 'Pending', StartDate: ctx.clock.now() };
    ctx.store.put('importJob', jobKey(pool.Id, jobId), next);
    return next;
  });
  // A shared section of the store's work, as a request is: a reset waits for the import, or the import for it.
  setImmediate(() => void ctx.store.shared(() => runImport(ctx, pool.Id, jobId)));
  return { UserImportJob: wire(job) };
};

export const stopUserImportJob: Operation = (input, ctx) => {
  const pool = poolOf(input, ctx);
  const jobId = reqString(input, 'JobId', JOB_ID);
  const job = ctx.store.transaction(() => {
    const current = requireJob(ctx, pool, jobId);
    if (current.Status !== 'Pending' && current.Status !== 'InProgress') {
      throw preconditionNotMet(`Import job ${jobId} cannot be stopped: its status is ${current.Status}.`);
    }
    const next: StoredImportJob = { ...current, Status: 'Stopping' };
    ctx.store.put('importJob', jobKey(pool.Id, jobId), next);
    return next;
  });
  return { UserImportJob: wire(job) };
};

/**
 * `PUT /_local/user-import/<poolId>/<jobId>?token=…`: the pre-signed upload. Answers 200 with an
 * empty body as S3 does; a wrong token or an unknown job is 403, a job already started 409, a body
 * over MAX_CSV_BYTES 413 (nothing past the limit is read).
 */
export async function userImportUpload(services: Services, request: Request, url: URL): Promise<Response | undefined> {
  const match = /^\/_local\/user-import\/([^/]+)\/(import-[0-9a-zA-Z-]+)$/.exec(url.pathname);
  if (!match) return undefined;
  const text = (status: number, message: string) => new Response(message, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  if (request.method !== 'PUT') return text(405, 'Use PUT to upload the CSV file.');
  let poolId: string;
  try {
    poolId = decodeURIComponent(match[1]!);
  } catch {
    return text(403, 'Access denied.');
  }
  const jobId = match[2]!;
  const token = url.searchParams.get('token') ?? '';
  const job = services.store.get<StoredImportJob>('importJob', jobKey(poolId, jobId));
  const given = Buffer.from(sha256(token), 'hex');
  if (!job || !token || !timingSafeEqual(given, Buffer.from(job.tokenHash, 'hex'))) {
    await request.body?.cancel().catch(() => {});
    return text(403, 'Access denied.');
  }
  let csv: string;
  try {
    csv = await readBody(request, MAX_CSV_BYTES);
  } catch (error) {
    if (error instanceof CognitoError) return text(413, `The CSV file is larger than ${MAX_CSV_BYTES} bytes.`);
    throw error;
  }
  const accepted = services.store.transaction(() => {
    const current = services.store.get<StoredImportJob>('importJob', jobKey(poolId, jobId));
    if (!current || current.Status !== 'Created') return false;
    services.store.put('importJob', csvKey(poolId, jobId), csv);
    services.store.put('importJob', jobKey(poolId, jobId), { ...current, uploaded: true });
    return true;
  });
  return accepted ? new Response(null, { status: 200 }) : text(409, 'The import job has already started.');
}

/** RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks. Returns rows of fields. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter(r => !(r.length === 1 && r[0] === ''));
}

/** Why a row cannot be imported, or the user it makes. */
function userFromRow(services: Services, pool: UserPool, header: string[], row: string[]): UserRecord | string {
  if (row.length !== header.length) return `The row has ${row.length} fields; the header has ${header.length}.`;
  const value = (name: string) => row[header.indexOf(name)] ?? '';
  const login = value('cognito:username');
  if (!login) return 'cognito:username is required.';
  const mfa = value('cognito:mfa_enabled').toLowerCase();
  if (mfa !== 'true' && mfa !== 'false') return 'cognito:mfa_enabled must be true or false.';
  const attributes = emptyAttributes();
  const list: Array<{ Name: string; Value: string }> = [];
  for (const [index, name] of header.entries()) {
    if (name.startsWith('cognito:')) continue;
    let v = row[index]!;
    if (v === '') continue;
    if (name === 'email_verified' || name === 'phone_number_verified') v = v.toLowerCase();
    list.push({ Name: name, Value: v });
  }
  try {
    applyAttributes(pool, attributes, list, { allowVerified: true });
    checkRequiredAttributes(pool, attributes);
  } catch (error) {
    if (error instanceof CognitoError) return error.message;
    throw error;
  }
  for (const a of ['email', 'phone_number'] as const) {
    if (attributes[`${a}_verified`] === 'true' && !attributes[a]) return `${a}_verified is true but ${a} is empty.`;
  }
  const autoVerified = pool.AutoVerifiedAttributes ?? [];
  if (!autoVerified.some(a => attributes[`${a}_verified`] === 'true')) return `At least one of ${autoVerified.join(', ')} must be verified.`;
  if (mfa === 'true' && !attributes.phone_number) return 'cognito:mfa_enabled is true but phone_number is empty.';
  let username = login;
  if (pool.UsernameAttributes?.length) {
    const attribute = login.includes('@') ? 'email' : 'phone_number';
    if (!pool.UsernameAttributes.includes(attribute) || attributes[attribute] !== login)
      return `cognito:username must be the user's ${pool.UsernameAttributes.join(' or ')}.`;
    username = newUuid();
  }
  if (findUser(services, pool, login)) return 'The user already exists.';
  const now = services.clock.now();
  const sub = newUuid();
  attributes.sub = sub;
  return {
    ...newUserRecord(pool, username, sub, attributes, 'RESET_REQUIRED', now),
    ...(mfa === 'true' ? { mfa: { SMS: { enabled: true, preferred: false } } } : {}),
  };
}

type Patch = Partial<Pick<StoredImportJob, 'Status' | 'ImportedUsers' | 'SkippedUsers' | 'FailedUsers' | 'CompletionDate' | 'CompletionMessage'>>;

/** The background import. Each step re-reads the job, so a StopUserImportJob between batches is honoured. */
async function runImport(services: OperationContext, poolId: string, jobId: string): Promise<void> {
  const key = jobKey(poolId, jobId);
  const update = (patch: Patch): StoredImportJob | undefined =>
    services.store.transaction(() => {
      const job = services.store.get<StoredImportJob>('importJob', key);
      if (!job) return undefined;
      const next = { ...job, ...patch };
      services.store.put('importJob', key, next);
      return next;
    });
  const finish = (Status: ImportStatus, CompletionMessage: string, counts: Patch = {}) => {
    update({ ...counts, Status, CompletionMessage, CompletionDate: services.clock.now() });
    services.store.delete('importJob', csvKey(poolId, jobId));
  };
  try {
    const job = services.store.get<StoredImportJob>('importJob', key);
    if (!job || job.Status !== 'Pending') {
      if (job?.Status === 'Stopping') {
        // Stopped before it ran: every user in the file was skipped.
        const csv = services.store.get<string>('importJob', csvKey(poolId, jobId));
        finish('Stopped', 'Import Job Stopped.', { SkippedUsers: csv === undefined ? 0 : Math.max(0, parseCsv(csv).length - 1) });
      }
      return;
    }
    const pool = services.store.get<UserPool>('pool', poolId);
    if (!pool) return finish('Failed', 'The user pool does not exist.');
    const csv = services.store.get<string>('importJob', csvKey(poolId, jobId));
    if (!job.uploaded || csv === undefined) return finish('Failed', 'No CSV file was uploaded to the pre-signed URL.');
    if (!(pool.AutoVerifiedAttributes ?? []).length) return finish('Failed', 'The user pool has no auto-verified attributes (email or phone_number).');
    const [header = [], ...rows] = parseCsv(csv);
    const expected = csvHeader(pool);
    const unknown = header.filter(h => !expected.includes(h));
    const missing = expected.filter(h => !header.includes(h));
    if (unknown.length || missing.length || new Set(header).size !== header.length) {
      const why = unknown.length ? `unknown column ${unknown[0]}` : missing.length ? `missing column ${missing[0]}` : 'a repeated column';
      return finish('Failed', `The CSV header does not match GetCSVHeader: ${why}.`);
    }
    update({ Status: 'InProgress' });
    let imported = 0;
    let failed = 0;
    for (let start = 0; start < rows.length; start += BATCH) {
      if (start > 0) await new Promise(r => setImmediate(r));
      const now = services.store.get<StoredImportJob>('importJob', key);
      if (!now) return;
      if (now.Status === 'Stopping')
        return finish('Stopped', 'Import Job Stopped.', { ImportedUsers: imported, FailedUsers: failed, SkippedUsers: rows.length - start });
      const current = services.store.get<UserPool>('pool', poolId);
      if (!current) return finish('Failed', 'The user pool was deleted during the import.', { ImportedUsers: imported, FailedUsers: failed });
      for (const row of rows.slice(start, start + BATCH)) {
        const user = userFromRow(services, current, header, row);
        if (typeof user === 'string') {
          failed++;
          continue;
        }
        try {
          saveUser(services, current, user, undefined, { mustBeNew: () => errors.usernameExists('The user already exists.') });
          imported++;
        } catch (error) {
          if (!(error instanceof CognitoError)) throw error;
          failed++;
        }
      }
      update({ ImportedUsers: imported, FailedUsers: failed });
    }
    // A stop that came in during the last batch still ends the job Stopped (nothing was left to skip).
    const stopping = services.store.get<StoredImportJob>('importJob', key)?.Status === 'Stopping';
    if (stopping) finish('Stopped', 'Import Job Stopped.', { ImportedUsers: imported, FailedUsers: failed, SkippedUsers: 0 });
    else finish('Succeeded', 'Import Job Completed Successfully.', { ImportedUsers: imported, FailedUsers: failed, SkippedUsers: 0 });
  } catch (error) {
    services.log(`[cognate-local] user import ${jobId} failed: ${(error as Error)?.stack ?? String(error)}`);
    finish('Failed', 'The import failed with an internal error.');
  }
}
