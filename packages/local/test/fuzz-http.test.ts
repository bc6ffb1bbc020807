/**
 * Hostile input for the routes that are not the AWS JSON API: the hosted UI, the OAuth endpoints,
 * JWKS and discovery, the console and the `/_local/*` helpers. Seeded requests with malformed
 * percent-escapes in the query, the form body and the cookies, broken Basic and Bearer headers,
 * oversized and deeply nested bodies, foreign `Origin` / `Sec-Fetch-Site` / `Host` headers and
 * form posts to the `/_local` writes. Every answer must be below 500, no cross-site or form request
 * may reset or change the state, and the server keeps serving. A failure replays exactly.
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningServer } from '../src/index.js';
import { start, seededRandom } from './helpers.js';

const POOL = 'us-east-1_FuzzHttp0001';
const WEB = 'fuzzhttpweb000000000000001';
const APP = 'http://localhost:5173/callback';

let server: RunningServer;

const pick = <T>(r: () => number, values: readonly T[]): T => values[Math.floor(r() * values.length)]!;

/** Values that break naive decoders: bad escapes, lone surrogates, NULs, huge and nested text. */
const NASTY = [
  '%',
  '%%',
  '%E0%A4%A',
  '%ZZ',
  '%C0%AF',
  '%ED%A0%80',
  '\u0000',
  '%00',
  'a'.repeat(9000),
  '\ud800',
  '<x-inj>',
  '"\'>',
  '{"a":' + '['.repeat(3000) + ']'.repeat(3000) + '}',
  'javascript:alert(1)',
  'http://evil.example/',
  '//evil.example',
  '../../etc/passwd',
] as const;

const PATHS = [
  '/oauth2/authorize',
  '/login',
  '/signup',
  '/confirm',
  '/forgotPassword',
  '/resetPassword',
  '/logout',
  '/oauth2/token',
  '/oauth2/revoke',
  '/oauth2/userInfo',
  '/oauth2/idpresponse',
  '/_local/messages',
  '/_local/clock',
  '/_local/faults',
  '/_local/reset',
  '/_local/console/overview',
  `/${POOL}/.well-known/jwks.json`,
  `/${POOL}/.well-known/openid-configuration`,
  '/',
  '/health',
] as const;

const PARAMS = [
  'client_id',
  'redirect_uri',
  'response_type',
  'scope',
  'state',
  'login_hint',
  'code_challenge',
  'identity_provider',
  'logout_uri',
  'userPoolId',
  'username',
];

/**
 * What HTTP can carry: bytes outside printable ASCII are percent-encoded (a lone surrogate as the
 * UTF-8 of U+FFFD), while a `%` stays as it is, so malformed escapes still reach the server.
 */
const wire = (text: string): string =>
  text.replace(/[^\x21-\x7e]/g, c => [...Buffer.from(c, 'utf8')].map(b => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));

interface Shot {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

function shot(r: () => number, port: number): Shot {
  const path = pick(r, PATHS);
  const query = new URLSearchParams({ client_id: WEB, redirect_uri: APP, response_type: 'code', scope: 'openid' });
  // Raw (unencoded) nasty values go straight into the query string, so bad escapes reach the server.
  let raw = query.toString();
  for (let i = 0; i < 1 + Math.floor(r() * 3); i++) raw += `&${pick(r, PARAMS)}=${pick(r, NASTY)}`;
  const headers: Record<string, string> = {};
  const mutations = Math.floor(r() * 4);
  for (let i = 0; i < mutations; i++) {
    switch (Math.floor(r() * 7)) {
      case 0:
        headers.cookie = `XSRF-TOKEN=${pick(r, NASTY)}; cognito=${pick(r, NASTY)}; ${pick(r, NASTY)}=1`;
        break;
      case 1:
        headers.authorization = pick(r, [
          'Basic %%%',
          'Basic ' + Buffer.from([0xff, 0xfe, 0x3a, 0x00]).toString('base64'),
          'Basic ' + pick(r, NASTY),
          'Bearer a.b.c',
          'Bearer ' + pick(r, NASTY),
        ]);
        break;
      case 2:
        headers.origin = pick(r, ['http://evil.example', `http://127.0.0.1:${port + 1}`, 'null']);
        break;
      case 3:
        headers['sec-fetch-site'] = pick(r, ['cross-site', 'same-site']);
        break;
      case 4:
        headers.host = pick(r, ['evil.example', `evil.example:${port}`, `127.0.0.1.evil.example:${port}`]);
        break;
      case 5:
        headers['content-type'] = pick(r, ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x', 'application/json']);
        break;
      default:
        headers['x-forwarded-host'] = 'evil.example';
    }
  }
  const method = r() < 0.5 ? 'GET' : 'POST';
  for (const [name, value] of Object.entries(headers)) headers[name] = wire(value).replace(/%20/g, ' ');
  if (method === 'GET') return { method, path: `${path}?${wire(raw)}`, headers };
  headers['content-type'] ??= 'application/x-www-form-urlencoded';
  // The one legitimate /_local write (same-origin JSON) would reset or reconfigure the server; the
  // fuzz sends only the hostile forms of it.
  const foreign = headers.origin || headers['sec-fetch-site'] || headers.host;
  if (path.startsWith('/_local/') && headers['content-type'] === 'application/json' && !foreign) headers['content-type'] = 'text/plain';
  const body = pick(r, [
    `grant_type=authorization_code&code=${pick(r, NASTY)}&client_id=${WEB}&redirect_uri=${APP}`,
    `grant_type=refresh_token&refresh_token=${pick(r, NASTY)}&client_id=${WEB}`,
    `username=${pick(r, NASTY)}&password=${pick(r, NASTY)}&_csrf=${pick(r, NASTY)}`,
    `token=${pick(r, NASTY)}&client_id=${WEB}`,
    pick(r, NASTY),
    '{"offsetSeconds":' + '['.repeat(2000) + ']'.repeat(2000) + '}',
    '{"offsetSeconds": 1e400}',
  ]);
  return { method, path: `${path}?${wire(raw)}`, headers, body };
}

/** A raw HTTP/1.1 request (node:http lets any Host header and unencoded path through). */
function send(port: number, s: Shot): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // A redirect may carry a long query back in its Location: read headers as large as a browser would.
    const req = httpRequest(
      { host: '127.0.0.1', port, maxHeaderSize: 256 * 1024, method: s.method, path: s.path, headers: { host: `127.0.0.1:${port}`, ...s.headers } },
      res => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', chunk => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(s.body);
  });
}

beforeAll(async () => {
  server = await start({
    config: {
      userPools: [
        {
          Id: POOL,
          PoolName: 'fuzz-http',
          Domain: 'fuzz-http',
          clients: [
            {
              ClientId: WEB,
              ClientName: 'web',
              AllowedOAuthFlowsUserPoolClient: true,
              AllowedOAuthFlows: ['code'],
              AllowedOAuthScopes: ['openid', 'email'],
              CallbackURLs: [APP],
              LogoutURLs: [APP],
              SupportedIdentityProviders: ['COGNITO'],
            },
          ],
          users: [{ Username: 'olive', Password: 'Passw0rd!', Attributes: { email: 'olive@example.com' } }],
        },
      ],
    },
  });
});
afterAll(() => server?.close());

it('answers every hostile request to the hosted UI, OAuth, console and /_local routes below 500, and no cross-site or form request changes the state', async () => {
  const port = server.port;
  const r = seededRandom(20261204);
  const problems: string[] = [];
  const statuses: Record<number, number> = {};
  const store = server.local.services.store;
  const snapshot = () => JSON.stringify([store.list('pool', ''), store.list('user', ''), store.list('client', '')]);
  const before = snapshot();
  const TRIES = 1200;
  for (let i = 0; i < TRIES; i++) {
    const s = shot(r, port);
    let answer: { status: number; body: string };
    try {
      answer = await send(port, s);
    } catch (error) {
      problems.push(`no answer to ${s.method} ${s.path.slice(0, 100)}: ${(error as Error).message}`);
      continue;
    }
    statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
    if (answer.status >= 500) problems.push(`${answer.status} from ${s.method} ${s.path.slice(0, 120)} ${JSON.stringify(s.headers).slice(0, 200)}`);
  }
  expect(problems).toEqual([]);
  // Nothing here may wipe or change the pool, its client or its user: a form or cross-site
  // /_local/reset that got through would.
  expect(snapshot()).toBe(before);
  // The server still serves: a real sign-in page renders.
  const page = await send(port, {
    method: 'GET',
    path: `/login?client_id=${WEB}&redirect_uri=${encodeURIComponent(APP)}&response_type=code&scope=openid`,
    headers: {},
  });
  expect(page.status).toBe(200);
  expect(page.body).toContain('name="password"');
  console.log(`fuzz-http: ${TRIES} requests, statuses ${JSON.stringify(statuses)}`);
}, 180_000);
