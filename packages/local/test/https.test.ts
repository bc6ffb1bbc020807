/**
 * `https: true` / `--https`: a local CA and a server certificate for localhost, 127.0.0.1 and ::1,
 * made once with node:crypto and reused; checked with X509Certificate, real TLS handshakes that
 * trust only the CA, the AWS SDK over HTTPS (tokens' `iss` is `https://localhost:PORT/<pool>`), and
 * the CLI's trust step (the printed NODE_EXTRA_CA_CERTS line is run as printed).
 */
import { InitiateAuthCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { connect as netConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkServerIdentity, connect, type PeerCertificate } from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_CONFIG, DEMO_REDIRECT_PATH } from '../src/index.js';
import { decodePayload, start, startCli, TEST_CREDENTIALS } from './helpers.js';

const POOL = 'us-east-1_HttpsLocal1';
const CLIENT = 'httpslocalclient0000000001';
const CONFIG = {
  userPools: [
    {
      Id: POOL,
      PoolName: 'https',
      clients: [{ ClientId: CLIENT, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }],
      users: [{ Username: 'tess', Password: 'Passw0rd!', Attributes: { email: 'tess@example.com' } }],
    },
  ],
};

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cognate-https-'));
  dirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** One HTTPS request that trusts only `ca`. */
function fetchTls(
  url: string,
  ca: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, method: init.method ?? 'GET', headers: init.headers ?? {}, agent: false }, res => {
      let body = '';
      res.on('data', chunk => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

/** A TLS handshake to 127.0.0.1:port naming `servername`, trusting only `ca`: the peer certificate, or the error. */
function handshake(port: number, ca: string, servername?: string): Promise<PeerCertificate | Error> {
  return new Promise(resolve => {
    const socket = connect({ host: '127.0.0.1', port, ca, ...(servername ? { servername } : {}) }, () => {
      const cert = socket.getPeerCertificate();
      socket.end();
      resolve(cert);
    });
    socket.on('error', resolve);
  });
}

describe('startServer({ https: true })', () => {
  it('serves a certificate from a local CA that covers localhost, 127.0.0.1 and ::1, and issues https://localhost tokens', async () => {
    const tlsDir = tempDir();
    const server = await start({ https: true, tlsDir, config: CONFIG });
    try {
      expect(server.url).toBe(`https://localhost:${server.port}`);
      const caPem = readFileSync(join(tlsDir, 'ca.pem'), 'utf8');
      expect(server.tls).toMatchObject({ caFile: join(tlsDir, 'ca.pem'), created: true, ca: caPem });
      const ca = new X509Certificate(caPem);
      const cert = new X509Certificate(server.tls!.cert);
      expect(ca.ca).toBe(true);
      expect(cert.ca).toBe(false);
      expect(cert.checkIssued(ca)).toBe(true);
      expect(cert.verify(ca.publicKey)).toBe(true);
      expect(cert.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
      expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // extKeyUsage serverAuth
      expect(cert.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
      expect(statSync(join(tlsDir, 'ca-key.pem')).mode & 0o077).toBe(0);
      expect(statSync(join(tlsDir, 'key.pem')).mode & 0o077).toBe(0);

      // Real handshakes that trust only the CA, by name and by address.
      const peer = await handshake(server.port, caPem, 'localhost');
      expect(peer).not.toBeInstanceOf(Error);
      expect(checkServerIdentity('localhost', peer as PeerCertificate)).toBeUndefined();
      expect(checkServerIdentity('127.0.0.1', peer as PeerCertificate)).toBeUndefined();
      expect(checkServerIdentity('::1', peer as PeerCertificate)).toBeUndefined();
      expect(checkServerIdentity('example.com', peer as PeerCertificate)).toBeInstanceOf(Error);
      expect(await handshake(server.port, caPem)).not.toBeInstanceOf(Error); // 127.0.0.1, no SNI
      const untrusted = await handshake(server.port, server.tls!.cert, 'localhost');
      expect(untrusted).toBeInstanceOf(Error); // the leaf alone is not a trust anchor

      expect(await fetchTls(`${server.url}/health`, caPem)).toEqual({ status: 200, body: '{"status":"ok"}' });
      expect(await fetchTls(`https://127.0.0.1:${server.port}/health`, caPem)).toMatchObject({ status: 200 });

      // The AWS SDK over HTTPS: the tokens' issuer is the https URL.
      const client = new CognitoIdentityProviderClient({
        region: 'us-east-1',
        endpoint: server.url,
        credentials: TEST_CREDENTIALS,
        maxAttempts: 1,
        requestHandler: new NodeHttpHandler({ httpsAgent: new Agent({ ca: caPem }) }),
      });
      const auth = await client.send(
        new InitiateAuthCommand({ ClientId: CLIENT, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'tess', PASSWORD: 'Passw0rd!' } }),
      );
      expect(decodePayload(auth.AuthenticationResult!.IdToken!).iss).toBe(`https://localhost:${server.port}/${POOL}`);
      expect(decodePayload(auth.AuthenticationResult!.AccessToken!).iss).toBe(`https://localhost:${server.port}/${POOL}`);
      const discovery = JSON.parse((await fetchTls(`${server.url}/${POOL}/.well-known/openid-configuration`, caPem)).body);
      expect(discovery).toMatchObject({
        issuer: `https://localhost:${server.port}/${POOL}`,
        authorization_endpoint: `https://localhost:${server.port}/oauth2/authorize`,
      });
    } finally {
      await server.close();
    }
  });

  it('reuses the CA and certificate on later starts, and re-issues a missing certificate from the same CA', async () => {
    const tlsDir = tempDir();
    const first = await start({ https: true, tlsDir });
    await first.close();
    const second = await start({ https: true, tlsDir });
    await second.close();
    expect(second.tls!.created).toBe(false);
    expect(second.tls!.ca).toBe(first.tls!.ca);
    expect(second.tls!.cert).toBe(first.tls!.cert);
    expect(second.tls!.key).toBe(first.tls!.key);

    rmSync(join(tlsDir, 'cert.pem'));
    const third = await start({ https: true, tlsDir });
    try {
      expect(third.tls!.created).toBe(false);
      expect(third.tls!.ca).toBe(first.tls!.ca);
      expect(third.tls!.cert).not.toBe(first.tls!.cert);
      expect(new X509Certificate(third.tls!.cert).checkIssued(new X509Certificate(first.tls!.ca))).toBe(true);
      expect((await fetchTls(`${third.url}/health`, first.tls!.ca)).status).toBe(200);
    } finally {
      await third.close();
    }
  });

  it('covers the names given with allowedHosts (a LAN name) too, re-issuing the certificate from the same CA when one is new', async () => {
    const tlsDir = tempDir();
    const first = await start({ https: true, tlsDir });
    await first.close();
    const server = await start({
      https: true,
      tlsDir,
      allowedHosts: ['devbox.lan:9229', '10.1.2.3', '[fd00::7]', 'bad name!'],
      config: { allowedHosts: ['Büro.example'] },
    });
    try {
      expect(server.tls!.created).toBe(false);
      expect(server.tls!.ca).toBe(first.tls!.ca);
      const cert = new X509Certificate(server.tls!.cert);
      expect(cert.subjectAltName).toBe(
        'DNS:localhost, DNS:xn--bro-hoa.example, DNS:devbox.lan, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:10.1.2.3, IP Address:FD00:0:0:0:0:0:0:7',
      );
      const peer = (await handshake(server.port, first.tls!.ca, 'devbox.lan')) as PeerCertificate;
      expect(checkServerIdentity('devbox.lan', peer)).toBeUndefined();
      expect(checkServerIdentity('10.1.2.3', peer)).toBeUndefined();
      expect(checkServerIdentity('localhost', peer)).toBeUndefined();
    } finally {
      await server.close();
    }
    // The same names again: the certificate is reused.
    const again = await start({ https: true, tlsDir, allowedHosts: ['devbox.lan'] });
    await again.close();
    expect(again.tls!.cert).toBe(server.tls!.cert);
  });

  it("lets the server's own pages at either loopback name call /_local/*", async () => {
    const server = await start({ https: true, tlsDir: tempDir() });
    try {
      for (const origin of [server.url, `https://127.0.0.1:${server.port}`]) {
        const res = await fetchTls(`${server.url}/_local/clock`, server.tls!.ca, {
          method: 'POST',
          headers: { origin, 'content-type': 'application/json' },
          body: '{"offsetSeconds":0}',
        });
        expect(res.status, origin).toBe(200);
      }
      const foreign = await fetchTls(`${server.url}/_local/clock`, server.tls!.ca, {
        method: 'POST',
        headers: { origin: 'https://localhost:1', 'content-type': 'application/json' },
        body: '{"offsetSeconds":0}',
      });
      expect(foreign.status).toBe(403);
    } finally {
      await server.close();
    }
  });
  it('answers plain HTTP on the https port: GET and HEAD a 308 to the https URL, an API call a Cognito-shaped 400', async () => {
    const server = await start({ https: true, tlsDir: tempDir() });
    const plainUrl = `http://127.0.0.1:${server.port}`;
    try {
      const get = await fetch(`${plainUrl}/_local/messages?userPoolId=x`, { redirect: 'manual' });
      expect(get.status).toBe(308);
      expect(get.headers.get('location')).toBe(`${server.url}/_local/messages?userPoolId=x`);
      expect((await fetch(`${plainUrl}/`, { method: 'HEAD', redirect: 'manual' })).headers.get('location')).toBe(`${server.url}/`);
      // A request split across packets is read whole.
      const split = await new Promise<string>(resolve => {
        let got = '';
        const socket = netConnect(server.port, '127.0.0.1', () => {
          socket.write('GE');
          setImmediate(() => socket.end('T /health HTTP/1.1\r\nhost: localhost\r\n\r\n'));
        });
        socket.on('data', chunk => (got += chunk));
        socket.on('close', () => resolve(got));
      });
      expect(split).toMatch(new RegExp(`^HTTP/1.1 308 [^]*\r\nlocation: ${server.url}/health\r\n`));
      const api = await fetch(plainUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
        body: '{}',
      });
      expect(api.status).toBe(400);
      expect(await api.json()).toEqual({
        __type: 'InvalidRequestException',
        message: `This cognate-local serves HTTPS (--https): use ${server.url} as the endpoint.`,
      });
      expect((await fetchTls(`${server.url}/health`, server.tls!.ca)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('close() ends connections that never sent a byte', async () => {
    const server = await start({ https: true, tlsDir: tempDir() });
    const idle = netConnect(server.port, '127.0.0.1');
    await new Promise(resolve => idle.once('connect', resolve));
    const closed = new Promise(resolve => idle.once('close', resolve));
    await server.close();
    await closed;
  });

  it('keeps serving after garbage bytes and an unknown SNI name on the https port', async () => {
    const server = await start({ https: true, tlsDir: tempDir() });
    try {
      const raw = (bytes: string) =>
        new Promise<string>(resolve => {
          let got = '';
          const socket = netConnect(server.port, '127.0.0.1', () => socket.end(bytes));
          socket.on('data', chunk => (got += chunk.toString('latin1')));
          socket.on('close', () => resolve(got));
          socket.on('error', () => resolve(got));
        });
      await raw('\x16\x03\x01\x00\x05garbage');
      await raw('\x00'.repeat(4096));
      expect(await handshake(server.port, server.tls!.ca, 'unknown.example')).toBeInstanceOf(Error); // the name does not match
      expect(await fetchTls(`${server.url}/health`, server.tls!.ca)).toMatchObject({ status: 200 });
    } finally {
      await server.close();
    }
  });
});

describe('cognate-local start --https', () => {
  const run = (file: string, args: string[], env: Record<string, string>) =>
    new Promise<string>((resolve, reject) =>
      execFile(file, args, { env: { ...process.env, ...env } }, (error, stdout, stderr) =>
        error ? reject(new Error(stderr || error.message)) : resolve(stdout),
      ),
    );

  it('with --data DIR: the CA in DIR/tls, the trust step printed (its Node line works as printed), reused on the next start', async () => {
    const data = tempDir();
    const caFile = join(data, 'tls', 'ca.pem');
    const outputs = join(data, 'amplify_outputs.json');
    const first = await startCli(['--https', '--data', data, '--demo', '--outputs', outputs]);
    let ca: string;
    try {
      expect(first.url).toMatch(/^https:\/\/localhost:\d+$/);
      // amplify_outputs.json points at the https server and its hosted UI.
      const { auth } = JSON.parse(readFileSync(outputs, 'utf8'));
      expect(auth.user_pool_endpoint).toBe(first.url);
      expect(auth.oauth.domain).toBe(new URL(first.url).host);
      ca = readFileSync(caFile, 'utf8');
      expect(first.out).toContain(`a new local certificate authority was made: ${caFile}`);
      expect(first.out).toContain(`sudo cp '${caFile}' /usr/local/share/ca-certificates/cognate-local.crt && sudo update-ca-certificates`);
      expect(first.out).toContain(`security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain '${caFile}'`);
      expect(first.out).toContain('ignoreHTTPSErrors: true');
      const nodeLine = /NODE_EXTRA_CA_CERTS='([^']+)'/.exec(first.out)!;
      expect(nodeLine[1]).toBe(caFile);
      // Node with the printed variable trusts the server; without it, it refuses.
      const probe = `fetch(${JSON.stringify(`${first.url}/health`)}).then((r) => console.log(r.status), (e) => console.log(e.cause?.code ?? e.message))`;
      expect((await run(process.execPath, ['-e', probe], { NODE_EXTRA_CA_CERTS: nodeLine[1]! })).trim()).toBe('200');
      expect((await run(process.execPath, ['-e', probe], { NODE_EXTRA_CA_CERTS: '' })).trim()).toMatch(/CERT|SIGNATURE|ISSUER/i);
      // The console's demo app may come back from the hosted UI to its https origin.
      const demoClient = DEMO_CONFIG.userPools![0]!.clients![0]!.ClientId as string;
      const authorize = (redirect: string) =>
        new Promise<{ status: number; location?: string }>((resolve, reject) => {
          const query = new URLSearchParams({ client_id: demoClient, response_type: 'code', scope: 'openid', redirect_uri: redirect });
          request(
            `${first.url}/oauth2/authorize?${query}`,
            { ca, agent: false },
            res => (res.resume(), resolve({ status: res.statusCode!, ...(res.headers.location ? { location: res.headers.location } : {}) })),
          )
            .on('error', reject)
            .end();
        });
      expect(await authorize(`${first.url}${DEMO_REDIRECT_PATH}`)).toMatchObject({
        status: 302,
        location: expect.stringMatching(/^(https:\/\/localhost:\d+)?\/login\?/),
      });
      expect((await authorize(`https://elsewhere.example${DEMO_REDIRECT_PATH}`)).status).toBe(400);
    } finally {
      first.child.kill('SIGTERM');
    }
    const second = await startCli(['--https', '--data', data, '--demo']);
    try {
      expect(second.out).not.toContain('a new local certificate authority');
      expect(second.out).toContain(`local CA ${caFile}`);
      expect(readFileSync(caFile, 'utf8')).toBe(ca);
    } finally {
      second.child.kill('SIGTERM');
    }
  });

  it('with --in-memory: the CA lives under the user cache folder', async () => {
    const cache = tempDir();
    const { child, url, out } = await startCli(['--https', '--in-memory', '--demo'], { XDG_CACHE_HOME: cache });
    try {
      const caFile = join(cache, 'cognate-local', 'tls', 'ca.pem');
      expect(out).toContain(`a new local certificate authority was made: ${caFile}`);
      expect((await fetchTls(`${url}/health`, readFileSync(caFile, 'utf8'))).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
