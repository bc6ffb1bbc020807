/**
 * User import through the AWS SDK: GetCSVHeader, CreateUserImportJob, the CSV PUT to the
 * pre-signed URL served by cognate-local, StartUserImportJob, DescribeUserImportJob until the job
 * ends, ListUserImportJobs and StopUserImportJob's preconditions; imported users are RESET_REQUIRED,
 * are told so at sign-in, and sign in after ForgotPassword / ConfirmForgotPassword.
 */
import {
  AdminGetUserCommand,
  ConfirmForgotPasswordCommand,
  CreateUserImportJobCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserImportJobCommand,
  ForgotPasswordCommand,
  GetCSVHeaderCommand,
  InitiateAuthCommand,
  ListUserImportJobsCommand,
  StartUserImportJobCommand,
  StopUserImportJobCommand,
  type CognitoIdentityProviderClient,
  type UserImportJobType,
} from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCognateLocal, type RunningServer } from '../src/index.js';
import { errorOf, lastCode, sdk, signedHeaders, start } from './helpers.js';

let server: RunningServer;
let client: CognitoIdentityProviderClient;
let poolId: string;
let clientId: string;
const ROLE = 'arn:aws:iam::123456789012:role/CognitoImportLogs';

beforeAll(async () => {
  server = await start();
  client = sdk(server.url);
  const pool = await client.send(
    new CreateUserPoolCommand({
      PoolName: 'import',
      AutoVerifiedAttributes: ['email'],
      Schema: [{ Name: 'team', AttributeDataType: 'String', Mutable: true }],
    }),
  );
  poolId = pool.UserPool!.Id!;
  const app = await client.send(
    new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
  );
  clientId = app.UserPoolClient!.ClientId!;
});
afterAll(() => server?.close());

/** A CSV in the header's column order, one object per user (missing columns empty). */
function csv(header: string[], users: Array<Record<string, string>>): string {
  const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [header.join(','), ...users.map(u => header.map(h => quote(u[h] ?? '')).join(','))].join('\r\n') + '\r\n';
}

async function finished(jobId: string): Promise<UserImportJobType> {
  for (let i = 0; i < 200; i++) {
    const { UserImportJob } = await client.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }));
    if (['Succeeded', 'Failed', 'Stopped'].includes(UserImportJob!.Status!)) return UserImportJob!;
    await new Promise(r => setTimeout(r, 25));
  }
  throw new Error('the import job did not finish');
}

async function header(): Promise<string[]> {
  return (await client.send(new GetCSVHeaderCommand({ UserPoolId: poolId }))).CSVHeader!;
}

describe('user import', () => {
  it('GetCSVHeader lists the pool attributes (custom ones too, not sub), then cognito:mfa_enabled and cognito:username', async () => {
    const columns = await header();
    expect(columns).toContain('email');
    expect(columns).toContain('email_verified');
    expect(columns).toContain('custom:team');
    expect(columns).not.toContain('sub');
    expect(columns.slice(-2)).toEqual(['cognito:mfa_enabled', 'cognito:username']);
  });

  it('imports a CSV: users are RESET_REQUIRED, told so at sign-in, and sign in after resetting the password', async () => {
    const created = await client.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'first import', CloudWatchLogsRoleArn: ROLE }));
    const job = created.UserImportJob!;
    expect(job.Status).toBe('Created');
    expect(job.JobId).toMatch(/^import-[0-9a-zA-Z-]+$/);
    expect(job.CloudWatchLogsRoleArn).toBe(ROLE);
    expect(job.PreSignedUrl!.startsWith(`${server.url}/`)).toBe(true);

    const columns = await header();
    const body = csv(columns, [
      { 'cognito:username': 'alice', email: 'alice@example.com', email_verified: 'true', 'cognito:mfa_enabled': 'false', 'custom:team': 'red, "blue"' },
      { 'cognito:username': 'bob', email: 'bob@example.com', email_verified: 'TRUE', 'cognito:mfa_enabled': 'false' },
      // No verified auto-verified attribute: refused.
      { 'cognito:username': 'carol', email: 'carol@example.com', email_verified: 'false', 'cognito:mfa_enabled': 'false' },
      // No mfa flag: refused.
      { 'cognito:username': 'dave', email: 'dave@example.com', email_verified: 'true' },
      // The same username twice: the second is refused.
      { 'cognito:username': 'alice', email: 'alice2@example.com', email_verified: 'true', 'cognito:mfa_enabled': 'false' },
    ]);
    const put = await fetch(job.PreSignedUrl!, { method: 'PUT', headers: { 'content-type': 'text/csv' }, body });
    expect(put.status).toBe(200);

    const started = await client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! }));
    expect(started.UserImportJob!.Status).toBe('Pending');
    expect(started.UserImportJob!.StartDate).toBeInstanceOf(Date);
    const done = await finished(job.JobId!);
    expect(done).toMatchObject({ Status: 'Succeeded', ImportedUsers: 2, FailedUsers: 3, SkippedUsers: 0 });
    expect(done.CompletionDate).toBeInstanceOf(Date);

    const alice = await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'alice' }));
    expect(alice.UserStatus).toBe('RESET_REQUIRED');
    expect(alice.UserAttributes).toContainEqual({ Name: 'custom:team', Value: 'red, "blue"' });
    expect(alice.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' });
    expect((await errorOf(client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'carol' })))).name).toBe('UserNotFoundException');

    const signIn = (password: string) =>
      client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD: password } }));
    expect((await errorOf(signIn('Whatever1!x'))).name).toBe('PasswordResetRequiredException');

    await client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'alice' }));
    const code = await lastCode(server.url, poolId, 'alice');
    await client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'alice', ConfirmationCode: code, Password: 'N3w-Passw0rd!' }));
    const signedIn = await signIn('N3w-Passw0rd!');
    expect(signedIn.AuthenticationResult?.IdToken).toBeTruthy();
    expect((await client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'alice' }))).UserStatus).toBe('CONFIRMED');

    // A finished job can be neither started nor stopped again, and its URL takes no new file.
    expect((await errorOf(client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! })))).name).toBe('PreconditionNotMetException');
    expect((await errorOf(client.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! })))).name).toBe('PreconditionNotMetException');
    expect((await fetch(job.PreSignedUrl!, { method: 'PUT', body })).status).toBe(409);
  });

  it('a header that does not match GetCSVHeader fails the job; a job started without a file fails', async () => {
    const bad = (await client.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'bad header', CloudWatchLogsRoleArn: ROLE }))).UserImportJob!;
    await fetch(bad.PreSignedUrl!, { method: 'PUT', body: 'cognito:username,password\r\nzed,secret\r\n' });
    await client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: bad.JobId! }));
    expect(await finished(bad.JobId!)).toMatchObject({ Status: 'Failed', ImportedUsers: 0 });

    const empty = (await client.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'no file', CloudWatchLogsRoleArn: ROLE }))).UserImportJob!;
    await client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: empty.JobId! }));
    expect((await finished(empty.JobId!)).Status).toBe('Failed');
  });

  it('the upload URL needs its token, and refuses a file over the size limit', async () => {
    const job = (await client.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'tokens', CloudWatchLogsRoleArn: ROLE }))).UserImportJob!;
    const url = new URL(job.PreSignedUrl!);
    const wrong = new URL(url);
    wrong.searchParams.set('token', 'A'.repeat(43));
    expect((await fetch(wrong, { method: 'PUT', body: 'x' })).status).toBe(403);
    const none = new URL(url);
    none.search = '';
    expect((await fetch(none, { method: 'PUT', body: 'x' })).status).toBe(403);
    expect((await fetch(url, { method: 'GET' })).status).toBe(405);
    const big = await fetch(url, { method: 'PUT', body: new Uint8Array(16 * 1024 * 1024 + 1) });
    expect(big.status).toBe(413);
    // Stopping a job that has not started is refused, as on AWS.
    expect((await errorOf(client.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId! })))).name).toBe('PreconditionNotMetException');
  });

  it('validates input as Cognito does and lists jobs a page at a time', async () => {
    const noRole = await errorOf(
      client.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'x', CloudWatchLogsRoleArn: undefined as unknown as string })),
    );
    expect(noRole.name).toBe('InvalidParameterException');
    expect(noRole.message).toMatch(/cloudWatchLogsRoleArn/);
    const badRole = await errorOf(
      client.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'x', CloudWatchLogsRoleArn: 'not-an-arn-at-all-really' })),
    );
    expect(badRole.name).toBe('InvalidParameterException');
    expect((await errorOf(client.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: 'import-nope' })))).name).toBe('ResourceNotFoundException');
    expect((await errorOf(client.send(new GetCSVHeaderCommand({ UserPoolId: 'us-east-1_nothere1' })))).name).toBe('ResourceNotFoundException');

    const first = await client.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 2 }));
    expect(first.UserImportJobs).toHaveLength(2);
    expect(first.PaginationToken).toBeTruthy();
    const seen = [...first.UserImportJobs!];
    let token = first.PaginationToken;
    while (token) {
      const next = await client.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 2, PaginationToken: token }));
      seen.push(...next.UserImportJobs!);
      token = next.PaginationToken;
    }
    expect(seen.map(j => j.JobName)).toEqual(['first import', 'bad header', 'no file', 'tokens']);
    expect(new Set(seen.map(j => j.JobId)).size).toBe(4);
  });
});

describe('StopUserImportJob', () => {
  it('a job stopped before it runs ends Stopped with every row skipped (start and stop sent together to the in-process handler)', async () => {
    const local = await createCognateLocal({ log: () => {} });
    const origin = 'http://localhost:9229';
    const request = async (op: string, body: unknown) => {
      const text = JSON.stringify(body);
      const base = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${op}` };
      const headers = { ...base, ...(await signedHeaders(`${origin}/`, base['x-amz-target'], text, base)) };
      return new Request(`${origin}/`, { method: 'POST', headers, body: text });
    };
    const send = async (op: string, body: unknown) => (await local.handle(await request(op, body))).json();
    try {
      const pool = (await send('CreateUserPool', { PoolName: 'stop', AutoVerifiedAttributes: ['email'] })).UserPool;
      const job = (await send('CreateUserImportJob', { UserPoolId: pool.Id, JobName: 'stop me', CloudWatchLogsRoleArn: ROLE })).UserImportJob;
      const header = (await send('GetCSVHeader', { UserPoolId: pool.Id })).CSVHeader as string[];
      const users = Array.from({ length: 3 }, (_, i) => ({
        'cognito:username': `u${i}`,
        email: `u${i}@example.com`,
        email_verified: 'true',
        'cognito:mfa_enabled': 'false',
      }));
      const put = await local.handle(new Request(job.PreSignedUrl.replace(/^http:\/\/[^/]+/, origin), { method: 'PUT', body: csv(header, users) }));
      expect(put.status).toBe(200);
      // Both requests are handled before the import's first turn of the event loop.
      const [startRequest, stopRequest] = await Promise.all([
        request('StartUserImportJob', { UserPoolId: pool.Id, JobId: job.JobId }),
        request('StopUserImportJob', { UserPoolId: pool.Id, JobId: job.JobId }),
      ]);
      const [started, stopped] = await Promise.all([local.handle(startRequest), local.handle(stopRequest)]);
      expect((await started.json()).UserImportJob.Status).toBe('Pending');
      expect((await stopped.json()).UserImportJob.Status).toBe('Stopping');
      let described = (await send('DescribeUserImportJob', { UserPoolId: pool.Id, JobId: job.JobId })).UserImportJob;
      for (let i = 0; i < 100 && described.Status === 'Stopping'; i++) {
        await new Promise(r => setTimeout(r, 10));
        described = (await send('DescribeUserImportJob', { UserPoolId: pool.Id, JobId: job.JobId })).UserImportJob;
      }
      expect(described).toMatchObject({ Status: 'Stopped', ImportedUsers: 0, FailedUsers: 0, SkippedUsers: 3 });
      expect((await send('ListUsers', { UserPoolId: pool.Id })).Users).toEqual([]);
    } finally {
      local.close();
    }
  });
});
