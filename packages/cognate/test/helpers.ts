/**
 * Shared test plumbing: a cognate-local server, wire calls for setup, the message outbox, and a
 * plain Map storage usable by both libraries.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { startServer, type RunningServer } from 'cognate-local';

export async function startLocal(): Promise<RunningServer> {
  return startServer({ port: 0, host: '127.0.0.1', log: () => {} } as Parameters<typeof startServer>[0]);
}

/**
 * One AWS JSON 1.1 request, SigV4-signed by the AWS SDK's signer as any SDK would (cognate-local
 * refuses unsigned admin operations); `target` is the full X-Amz-Target. The raw Response.
 */
export async function awsFetch(url: string, target: string, body: unknown): Promise<Response> {
  const text = JSON.stringify(body);
  const u = new URL(url);
  const signer = new SignatureV4({
    service: target.startsWith('AWSCognitoIdentityService.') ? 'cognito-identity' : 'cognito-idp',
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    sha256: Sha256,
  });
  const signed = await signer.sign({
    method: 'POST',
    protocol: u.protocol,
    hostname: u.hostname,
    port: Number(u.port),
    path: '/',
    query: {},
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target, host: u.host },
    body: text,
  });
  const { host: _host, ...headers } = signed.headers as Record<string, string>;
  return fetch(url, { method: 'POST', headers, body: text });
}

// biome-ignore lint/suspicious/noExplicitAny: a parsed JSON answer, read by each test field by field
export async function call(url: string, op: string, body: unknown): Promise<any> {
  const res = await awsFetch(url, `AWSCognitoIdentityProviderService.${op}`, body);
  const json = await res.json();
  if (res.status >= 300) throw Object.assign(new Error(`${op}: ${json.__type}: ${json.message}`), { body: json });
  return json;
}

/** Creates a pool and a client allowing every flow cognate implements; returns their ids. */
export async function createPoolAndClient(
  url: string,
  pool: Record<string, unknown> = {},
  client: Record<string, unknown> = {},
): Promise<{ userPoolId: string; userPoolClientId: string }> {
  const created = await call(url, 'CreateUserPool', { PoolName: 'cognate-test', AutoVerifiedAttributes: ['email'], ...pool });
  const userPoolId = created.UserPool.Id as string;
  const app = await call(url, 'CreateUserPoolClient', {
    UserPoolId: userPoolId,
    ClientName: 'web',
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_CUSTOM_AUTH'],
    EnableTokenRevocation: true,
    ...client,
  });
  return { userPoolId, userPoolClientId: app.UserPoolClient.ClientId as string };
}

export async function lastCode(url: string, userPoolId: string, username: string): Promise<string> {
  const res = await fetch(`${url}/_local/messages?userPoolId=${encodeURIComponent(userPoolId)}&username=${encodeURIComponent(username)}`);
  const { messages } = (await res.json()) as { messages: { code?: string }[] };
  const code = messages.at(-1)?.code;
  if (!code) throw new Error(`no code for ${username}`);
  return code;
}

/** A KeyValueStorageInterface over a Map, shareable by Amplify and cognate. */
export class MapStorage {
  readonly map = new Map<string, string>();
  async setItem(key: string, value: string) {
    this.map.set(key, value);
  }
  async getItem(key: string) {
    return this.map.get(key) ?? null;
  }
  async removeItem(key: string) {
    this.map.delete(key);
  }
  async clear() {
    this.map.clear();
  }
}

/** `{name}` of a rejection, or the resolved value. */
export async function outcome<T>(promise: Promise<T>): Promise<T | { error: string }> {
  try {
    return await promise;
  } catch (error) {
    return { error: (error as Error).name };
  }
}
export { faultStats, resetLocal, setClock, setFaults } from '../../local/test/local-control.js';
