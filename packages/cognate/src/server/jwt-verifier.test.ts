import { generateKeyPairSync, createSign } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { CognitoJwtVerifier, UserPoolTokenVerifier, userPoolIssuer } from './jwt-verifier.js';
import { verifierFor } from './token-provider.js';

const ISS = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_test';
function keyPair(kid: string) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
function sign(key: ReturnType<typeof keyPair>, payload: object, header: object = {}) {
  const input = `${b64({ alg: 'RS256', kid: key.kid, ...header })}.${b64(payload)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key.privateKey).toString('base64url')}`;
}
const now = () => Math.floor(Date.now() / 1000);
const access = (extra: object = {}) => ({ iss: ISS, token_use: 'access', client_id: 'client', sub: 's', iat: now(), exp: now() + 60, ...extra });

function jwksServer(keys: () => object[]) {
  const calls: string[] = [];
  const fetchFn = (async (url: string) => {
    calls.push(String(url));
    return Response.json({ keys: keys() });
  }) as unknown as typeof fetch;
  return { calls, fetchFn };
}

describe('UserPoolTokenVerifier', () => {
  it('loopback names are one issuer (same scheme, port and path); any other host must match exactly', async () => {
    const k1 = keyPair('k1');
    const { calls, fetchFn } = jwksServer(() => [k1.jwk]);
    const configured = 'http://localhost:9229/us-east-1_test';
    const v = new UserPoolTokenVerifier({ issuer: configured, clientId: 'client', fetch: fetchFn });
    for (const iss of [configured, 'http://127.0.0.1:9229/us-east-1_test', 'http://[::1]:9229/us-east-1_test']) {
      expect(await v.verify(sign(k1, access({ iss })), 'access'), iss).toMatchObject({ valid: true });
    }
    // The keys come from the configured endpoint, whatever loopback name the token carries.
    expect(calls).toEqual([`${configured}/.well-known/jwks.json`]);
    for (const iss of [
      'http://127.0.0.1:9230/us-east-1_test', // another port
      'https://127.0.0.1:9229/us-east-1_test', // another scheme
      'http://127.0.0.1:9229/us-east-1_other', // another pool
      'http://127.0.0.1:9229/us-east-1_test/', // another path
      'http://127.0.0.2:9229/us-east-1_test', // not one of the three names
      'http://localhost.evil.example:9229/us-east-1_test',
      'http://user@127.0.0.1:9229/us-east-1_test',
      'http://127.0.0.1:9229/us-east-1_test?x',
      'http://LOCALHOST:9229/us-east-1_test',
    ]) {
      expect(await v.verify(sign(k1, access({ iss })), 'access'), iss).toMatchObject({ valid: false, reason: 'iss' });
    }
    // Real hosts get no such latitude, in either direction.
    const aws = new UserPoolTokenVerifier({ issuer: ISS, clientId: 'client', fetch: fetchFn });
    expect(await aws.verify(sign(k1, access({ iss: 'http://127.0.0.1:9229/us-east-1_test' })), 'access')).toMatchObject({ valid: false, reason: 'iss' });
    const lan = new UserPoolTokenVerifier({ issuer: 'http://devbox.lan:9229/us-east-1_test', clientId: 'client', fetch: fetchFn });
    expect(await lan.verify(sign(k1, access({ iss: 'http://localhost:9229/us-east-1_test' })), 'access')).toMatchObject({ valid: false, reason: 'iss' });
  });

  it('accepts a good token and an expired one (authentic, for refresh); checks claims', async () => {
    const k1 = keyPair('k1');
    const { calls, fetchFn } = jwksServer(() => [k1.jwk]);
    const v = new UserPoolTokenVerifier({ issuer: ISS, clientId: 'client', fetch: fetchFn });
    expect(await v.verify(sign(k1, access()), 'access')).toMatchObject({ valid: true });
    expect(await v.verify(sign(k1, access({ exp: now() - 600 })), 'access')).toMatchObject({ valid: true });
    expect(calls).toEqual([`${ISS}/.well-known/jwks.json`]);
    expect(await v.verify(sign(k1, access({ client_id: 'other' })), 'access')).toEqual({ valid: false, reason: 'client_id' });
    expect(await v.verify(sign(k1, access()), 'id')).toEqual({ valid: false, reason: 'token_use' });
    expect(await v.verify(sign(k1, { ...access(), token_use: 'id', aud: 'client' }), 'id')).toMatchObject({ valid: true });
    expect(await v.verify(sign(k1, { ...access(), token_use: 'id', aud: 'nope' }), 'id')).toEqual({ valid: false, reason: 'aud' });
    expect(await v.verify(sign(k1, access({ iss: 'https://evil.example/us-east-1_test' })), 'access')).toEqual({
      valid: false,
      reason: 'iss',
      detail: `the token's iss "https://evil.example/us-east-1_test" is not the configured issuer "${ISS}"`,
    });
    expect(await v.verify(sign(k1, access({ exp: undefined })), 'access')).toEqual({ valid: false, reason: 'exp' });
    expect(await v.verify(sign(k1, access(), { alg: 'none' }), 'access')).toEqual({ valid: false, reason: 'alg' });
    expect(await v.verify(sign(k1, access({ iat: now() + 3600, exp: now() + 7200 })), 'access')).toEqual({ valid: false, reason: 'iat' });
    expect(await v.verify(sign(k1, access({ iat: now() + 60 })), 'access')).toMatchObject({ valid: true }); // within clock skew
    const [h, p] = sign(k1, access()).split('.');
    expect(await v.verify(`${h}.${p}.`, 'access')).toEqual({ valid: false, reason: 'signature' });
  });

  it('refetches the JWKS for an unknown kid (key rotation), at most once per 10 s', async () => {
    const k1 = keyPair('k1');
    const k2 = keyPair('k2');
    let published = [k1.jwk];
    const { calls, fetchFn } = jwksServer(() => published);
    const v = new UserPoolTokenVerifier({ issuer: ISS, clientId: 'client', fetch: fetchFn });
    expect((await v.verify(sign(k1, access()), 'access')).valid).toBe(true);
    published = [k1.jwk, k2.jwk];
    // Within 10 s of the last fetch an unknown kid is refused without fetching.
    expect(await v.verify(sign(k2, access()), 'access')).toEqual({ valid: false, reason: 'kid' });
    expect(calls).toHaveLength(1);
    const again = new UserPoolTokenVerifier({ issuer: ISS, clientId: 'client', fetch: fetchFn });
    const results = await Promise.all([again.verify(sign(k2, access()), 'access'), again.verify(sign(k1, access()), 'access')]);
    expect(results.every(r => r.valid)).toBe(true);
    expect(calls).toHaveLength(2);
    // A kid nobody publishes: refused, and repeated attempts do not hammer the JWKS endpoint.
    const k3 = keyPair('k3');
    for (let i = 0; i < 5; i++) expect((await again.verify(sign(k3, access()), 'access')).valid).toBe(false);
    expect(calls).toHaveLength(2);
  });

  it('a JWKS that cannot be fetched is an error, not a sign-out', async () => {
    const v = new UserPoolTokenVerifier({
      issuer: ISS,
      clientId: 'client',
      fetch: (async () => new Response('no', { status: 503 })) as unknown as typeof fetch,
    });
    await expect(v.verify(sign(keyPair('k1'), access()), 'access')).rejects.toMatchObject({ name: 'JwksFetchException' });
  });

  it('the signature memo answers only for the same bytes and shares no claims object', async () => {
    const k1 = keyPair('k1');
    const v = new UserPoolTokenVerifier({ issuer: ISS, clientId: 'client', jwks: { keys: [k1.jwk] } });
    const token = sign(k1, access());
    const a = await v.verify(token, 'access');
    const b = await v.verify(token, 'access');
    expect(a).toEqual(b);
    expect(a.valid && b.valid && a.payload !== b.payload).toBe(true);
    // Same signature, other payload: not a memo hit.
    const [h, , sig] = token.split('.');
    expect(await v.verify(`${h}.${b64(access({ sub: 'other' }))}.${sig}`, 'access')).toEqual({ valid: false, reason: 'signature' });
    // The claims are re-checked on every hit (here: wanted as an id token).
    expect(await v.verify(token, 'id')).toEqual({ valid: false, reason: 'token_use' });
  });

  it('an injected JWKS needs no fetch', async () => {
    const k1 = keyPair('k1');
    const v = new UserPoolTokenVerifier({
      issuer: ISS,
      clientId: 'client',
      jwks: { keys: [k1.jwk] },
      fetch: (() => {
        throw new Error('no');
      }) as never,
    });
    expect((await v.verify(sign(k1, access()), 'access')).valid).toBe(true);
  });

  it('CognitoJwtVerifier, the name it was first published under, is the same class', () => {
    expect(CognitoJwtVerifier).toBe(UserPoolTokenVerifier);
  });

  it('issuers: cognate-local and AWS', () => {
    expect(userPoolIssuer('us-east-1_abc', 'http://127.0.0.1:9229/')).toBe('http://127.0.0.1:9229/us-east-1_abc');
    expect(userPoolIssuer('us-east-1_abc')).toBe('https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc');
  });
});

/** A real JWKS endpoint on loopback that counts its fetches; `down` answers 503. */
async function loopbackJwks() {
  const { createServer } = await import('node:http');
  const state = { keys: [] as object[], down: false, fetches: 0 };
  const server = createServer((req, res) => {
    state.fetches++;
    if (state.down || !req.url?.endsWith('/.well-known/jwks.json')) {
      res.writeHead(503).end('down');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: state.keys }));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const issuer = `http://127.0.0.1:${port}/us-east-1_loop`;
  return { state, issuer, close: () => new Promise<void>(resolve => server.close(() => resolve())) };
}
const claims = (issuer: string, extra: object = {}) => ({ ...access(), iss: issuer, ...extra });

describe('key state belongs to one verifier (security review 9)', () => {
  it('pinned keys are final: an unknown kid is refused without fetching, and the pinned keys stay', async () => {
    const jwks = await loopbackJwks();
    try {
      const pinned = keyPair('pinned');
      const published = keyPair('published');
      jwks.state.keys = [published.jwk];
      const v = new UserPoolTokenVerifier({ issuer: jwks.issuer, clientId: 'client', jwks: { keys: [pinned.jwk] } });
      expect(await v.verify(sign(pinned, claims(jwks.issuer)), 'access')).toMatchObject({ valid: true });
      expect(await v.verify(sign(published, claims(jwks.issuer)), 'access')).toEqual({ valid: false, reason: 'kid' });
      expect(await v.verify(sign(pinned, claims(jwks.issuer)), 'access')).toMatchObject({ valid: true });
      expect(jwks.state.fetches).toBe(0);
    } finally {
      await jwks.close();
    }
  });

  it('two verifiers of one issuer share no keys, whichever is made first', async () => {
    const jwks = await loopbackJwks();
    try {
      const pinned = keyPair('pinned');
      const published = keyPair('published');
      jwks.state.keys = [published.jwk];
      // A pinned verifier first, then one that fetches.
      const first = new UserPoolTokenVerifier({ issuer: jwks.issuer, clientId: 'client', jwks: { keys: [pinned.jwk] } });
      expect((await first.verify(sign(pinned, claims(jwks.issuer)), 'access')).valid).toBe(true);
      const second = new UserPoolTokenVerifier({ issuer: jwks.issuer, clientId: 'client' });
      expect(await second.verify(sign(pinned, claims(jwks.issuer)), 'access')).toEqual({ valid: false, reason: 'kid' });
      expect((await second.verify(sign(published, claims(jwks.issuer)), 'access')).valid).toBe(true);
      expect(jwks.state.fetches).toBe(1);
      // The other order: one that fetched first, then a pinned one (which must not see the fetched keys).
      const third = new UserPoolTokenVerifier({ issuer: jwks.issuer, clientId: 'client', jwks: { keys: [pinned.jwk] } });
      expect(await third.verify(sign(published, claims(jwks.issuer)), 'access')).toEqual({ valid: false, reason: 'kid' });
      expect((await third.verify(sign(pinned, claims(jwks.issuer)), 'access')).valid).toBe(true);
      expect(jwks.state.fetches).toBe(1);
    } finally {
      await jwks.close();
    }
  });

  it('a JWKS outage is fetched once per 10 s: later requests in the window get JwksFetchException without a fetch', async () => {
    const jwks = await loopbackJwks();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const k1 = keyPair('k1');
      jwks.state.keys = [k1.jwk];
      jwks.state.down = true;
      const v = new UserPoolTokenVerifier({ issuer: jwks.issuer, clientId: 'client' });
      const token = sign(k1, claims(jwks.issuer, { exp: now() + 3600 }));
      for (let i = 0; i < 5; i++) await expect(v.verify(token, 'access')).rejects.toMatchObject({ name: 'JwksFetchException' });
      // Concurrent requests in the window: no fetch either.
      const together = await Promise.allSettled(Array.from({ length: 5 }, () => v.verify(token, 'access')));
      expect(together.every(r => r.status === 'rejected' && (r.reason as Error).name === 'JwksFetchException')).toBe(true);
      expect(jwks.state.fetches).toBe(1);
      jwks.state.down = false;
      vi.setSystemTime(Date.now() + 9_000);
      await expect(v.verify(token, 'access')).rejects.toMatchObject({ name: 'JwksFetchException' });
      expect(jwks.state.fetches).toBe(1);
      vi.setSystemTime(Date.now() + 1_500);
      expect((await v.verify(token, 'access')).valid).toBe(true);
      expect(jwks.state.fetches).toBe(2);
    } finally {
      vi.useRealTimers();
      await jwks.close();
    }
  });

  it('an unknown kid refetches at most every 10 s (rotation is picked up after that)', async () => {
    const jwks = await loopbackJwks();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const k1 = keyPair('k1');
      const k2 = keyPair('k2');
      jwks.state.keys = [k1.jwk];
      const v = new UserPoolTokenVerifier({ issuer: jwks.issuer, clientId: 'client' });
      expect((await v.verify(sign(k1, claims(jwks.issuer, { exp: now() + 3600 })), 'access')).valid).toBe(true);
      jwks.state.keys = [k1.jwk, k2.jwk];
      const rotated = sign(k2, claims(jwks.issuer, { exp: now() + 3600 }));
      for (let i = 0; i < 5; i++) expect(await v.verify(rotated, 'access')).toEqual({ valid: false, reason: 'kid' });
      expect(jwks.state.fetches).toBe(1);
      vi.setSystemTime(Date.now() + 10_001);
      expect((await v.verify(rotated, 'access')).valid).toBe(true);
      expect(jwks.state.fetches).toBe(2);
    } finally {
      vi.useRealTimers();
      await jwks.close();
    }
  });
});

describe('strict JWS compact serialization (security review 9)', () => {
  const k1 = keyPair('k1');
  const STRICT = `${ISS}_strict`;
  const verifier = () => new UserPoolTokenVerifier({ issuer: STRICT, clientId: 'client', jwks: { keys: [k1.jwk] }, verifiedTokenCache: 0 });
  const toStd = (s: string) => s.replace(/-/g, '+').replace(/_/g, '/');
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const pad = (s: string) => s + '='.repeat((4 - (s.length % 4)) % 4);

  /** A valid token whose signature has both a `-` and a `_` and needs padding, so every variant differs. */
  function awkwardToken(): string {
    for (let i = 0; i < 1000; i++) {
      const token = sign(k1, access({ iss: STRICT, n: i, y: '??>>~~?' }), { x: '?>?~~\u00ff' });
      const [h, p, s] = token.split('.');
      if (/-/.test(s!) && /_/.test(s!) && s!.length % 4 !== 0 && /[-_]/.test(h! + p!) && p!.length % 4 !== 0) return token;
    }
    throw new Error('no such token');
  }

  it('accepts the canonical base64url token and refuses standard-base64, padded or otherwise non-canonical variants', async () => {
    const v = verifier();
    const token = awkwardToken();
    expect(await v.verify(token, 'access')).toMatchObject({ valid: true });
    const [h, p, s] = token.split('.') as [string, string, string];
    const variants = [
      `${h}.${p}.${toStd(s)}`, // standard alphabet signature
      `${h}.${p}.${pad(s)}`, // padded signature
      `${h}.${pad(p)}.${s}`, // padded payload
      `${toStd(h)}.${toStd(p)}.${s}`, // standard alphabet header / payload
      `${h}.${p}.${s} `, // trailing space
      // The same bytes with non-zero unused trailing bits (a 256-byte signature ends on 2 data bits + 4 unused).
      `${h}.${p}.${s.slice(0, -1)}${ALPHABET[ALPHABET.indexOf(s.at(-1)!) + 1]}`,
    ];
    for (const variant of variants.filter(t => t !== token)) {
      expect((await v.verify(variant, 'access')).valid, variant.slice(-12)).toBe(false);
    }
  });

  it('refuses a crit header (no extension is understood) and b64: false', async () => {
    const v = verifier();
    expect(await v.verify(sign(k1, access({ iss: STRICT }), { x: 1 }), 'access')).toMatchObject({ valid: true });
    expect(await v.verify(sign(k1, access({ iss: STRICT }), { crit: ['exp'] }), 'access')).toEqual({ valid: false, reason: 'crit' });
    expect(await v.verify(sign(k1, access({ iss: STRICT }), { crit: ['urn:example:unknown'], 'urn:example:unknown': 1 }), 'access')).toEqual({
      valid: false,
      reason: 'crit',
    });
    expect(await v.verify(sign(k1, access({ iss: STRICT }), { crit: [] }), 'access')).toEqual({ valid: false, reason: 'crit' });
    expect(await v.verify(sign(k1, access({ iss: STRICT }), { b64: false, crit: ['b64'] }), 'access')).toEqual({ valid: false, reason: 'crit' });
    expect(await v.verify(sign(k1, access({ iss: STRICT }), { b64: false }), 'access')).toEqual({ valid: false, reason: 'b64' });
  });
});

describe('verifierFor', () => {
  const pool = { userPoolId: 'us-east-1_test', userPoolClientId: 'client' };
  it('a runner gets a verifier of its own; per-request token providers share one only with identical keys and fetch', () => {
    const f1 = (() => {}) as unknown as typeof fetch;
    const f2 = (() => {}) as unknown as typeof fetch;
    const jwks = { keys: [] };
    expect(verifierFor(pool, {})).toBe(verifierFor(pool, {}));
    expect(verifierFor(pool, { fetch: f1 })).toBe(verifierFor(pool, { fetch: f1 }));
    expect(verifierFor(pool, { fetch: f1 })).not.toBe(verifierFor(pool, { fetch: f2 }));
    expect(verifierFor(pool, { fetch: f1 })).not.toBe(verifierFor(pool, {}));
    expect(verifierFor(pool, { verify: { jwks } })).toBe(verifierFor(pool, { verify: { jwks } }));
    expect(verifierFor(pool, { verify: { jwks } })).not.toBe(verifierFor(pool, { verify: { jwks: { keys: [] } } }));
    expect(verifierFor(pool, { verify: { jwksTimeout: 1000 } })).toBe(verifierFor(pool, { verify: { jwksTimeout: 1000 } }));
    expect(verifierFor(pool, { verify: { jwksTimeout: 1000 } })).not.toBe(verifierFor(pool, {}));
    expect(verifierFor(pool, {}, false)).not.toBe(verifierFor(pool, {}, false));
    expect(verifierFor(pool, {}, false)).not.toBe(verifierFor(pool, {}));
  });
});

/**
 * A hostile or broken JWKS endpoint on loopback (real node:http): `endless` streams a body that
 * never ends (until the client hangs up, or a cap that keeps an unbounded reader from eating the
 * machine), `silent` never answers, `stall` sends headers and a first chunk then nothing, `reset`
 * drops the connection after that first chunk; `good`
 * answers the key set. Counts bytes written and whether the client hung up.
 */
async function hostileJwks() {
  const { createServer } = await import('node:http');
  const state = { mode: 'endless' as 'endless' | 'silent' | 'stall' | 'reset' | 'good', keys: [] as object[], fetches: 0, sent: 0, hungUp: 0 };
  const CAP = 256 * 1024 * 1024;
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const open = new Set<import('node:http').ServerResponse>();
  const server = createServer((_req, res) => {
    state.fetches++;
    open.add(res);
    res.on('close', () => {
      open.delete(res);
      if (!res.writableFinished) state.hungUp++;
    });
    if (state.mode === 'good') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: state.keys }));
      return;
    }
    if (state.mode === 'silent') return;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"keys":[', () => {
      if (state.mode === 'reset') setTimeout(() => res.socket?.destroy(), 50);
    });
    if (state.mode === 'stall' || state.mode === 'reset') return;
    // As fast as the reader takes it (backpressure), until it hangs up or the cap is reached.
    const pump = () => {
      while (!res.destroyed && state.sent < CAP) {
        state.sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!res.destroyed) res.end(']}');
    };
    pump();
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const issuer = `http://127.0.0.1:${port}/us-east-1_hostile`;
  const close = () =>
    new Promise<void>(resolve => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { state, issuer, close };
}

describe('the JWKS fetch is bounded (security review follow-up)', () => {
  it('an endless body is cut off at 64 KiB: JwksFetchException, no token accepted, the connection closed', async () => {
    const jwks = await hostileJwks();
    try {
      const k1 = keyPair('k1');
      jwks.state.keys = [k1.jwk];
      const v = new UserPoolTokenVerifier({ issuer: jwks.issuer, clientId: 'client', jwksTimeout: 20_000 });
      await expect(v.verify(sign(k1, claims(jwks.issuer)), 'access')).rejects.toMatchObject({
        name: 'JwksFetchException',
        message: expect.stringMatching(/larger than 65536 bytes/),
      });
      await vi.waitFor(() => expect(jwks.state.hungUp).toBe(1));
      // What the server managed to write before the hang-up: the 64 KiB read plus the socket buffers, not the stream.
      expect(jwks.state.sent).toBeLessThan(32 * 1024 * 1024);
    } finally {
      await jwks.close();
    }
  });

  it('an endpoint that never answers, or stops half-way, fails after the timeout with a clear error', async () => {
    const jwks = await hostileJwks();
    try {
      const k1 = keyPair('k1');
      jwks.state.mode = 'silent';
      const token = sign(k1, claims(jwks.issuer));
      const silent = new UserPoolTokenVerifier({ issuer: jwks.issuer, clientId: 'client', jwksTimeout: 300 });
      await expect(silent.verify(token, 'access')).rejects.toMatchObject({
        name: 'JwksFetchException',
        message: expect.stringMatching(/did not answer within 300 ms/),
      });
      jwks.state.mode = 'stall';
      const stalled = new UserPoolTokenVerifier({ issuer: jwks.issuer, clientId: 'client', jwksTimeout: 300 });
      await expect(stalled.verify(token, 'access')).rejects.toMatchObject({
        name: 'JwksFetchException',
        message: expect.stringMatching(/did not answer within 300 ms/),
      });
      // Both connections are given up, not left open.
      await vi.waitFor(() => expect(jwks.state.hungUp).toBe(2));
      // A connection dropped half-way is the same kind of failure, not an unexpected exception.
      jwks.state.mode = 'reset';
      const reset = new UserPoolTokenVerifier({ issuer: jwks.issuer, clientId: 'client', jwksTimeout: 20_000 });
      await expect(reset.verify(token, 'access')).rejects.toMatchObject({ name: 'JwksFetchException' });
    } finally {
      await jwks.close();
    }
  });

  it('a custom fetch that ignores the abort signal still times out', async () => {
    const never = (() => new Promise<Response>(() => {})) as unknown as typeof fetch;
    const v = new UserPoolTokenVerifier({ issuer: ISS, clientId: 'client', fetch: never, jwksTimeout: 200 });
    await expect(v.verify(sign(keyPair('k1'), access()), 'access')).rejects.toMatchObject({
      name: 'JwksFetchException',
      message: expect.stringMatching(/did not answer within 200 ms/),
    });
  });

  it("a fetch whose body is a Node stream (node-fetch's Response) is read whole, still bounded", async () => {
    const { Readable } = await import('node:stream');
    const k1 = keyPair('k1');
    const nodeFetch = (text: string) =>
      (async () => ({ ok: true, status: 200, headers: new Headers(), body: Readable.from([text]), text: async () => text })) as unknown as typeof fetch;
    const good = new UserPoolTokenVerifier({ issuer: ISS, clientId: 'client', fetch: nodeFetch(JSON.stringify({ keys: [k1.jwk] })) });
    expect(await good.verify(sign(k1, access()), 'access')).toMatchObject({ valid: true });
    const huge = new UserPoolTokenVerifier({ issuer: ISS, clientId: 'client', fetch: nodeFetch(`{"keys":[${' '.repeat(100_000)}]}`) });
    await expect(huge.verify(sign(k1, access()), 'access')).rejects.toMatchObject({
      name: 'JwksFetchException',
      message: expect.stringMatching(/larger than/),
    });
  });

  it('after a failed fetch the next verification past the 10 s window fetches again and accepts the token', async () => {
    const jwks = await hostileJwks();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const k1 = keyPair('k1');
      jwks.state.keys = [k1.jwk];
      const v = new UserPoolTokenVerifier({ issuer: jwks.issuer, clientId: 'client', jwksTimeout: 20_000 });
      const token = sign(k1, claims(jwks.issuer, { exp: now() + 3600 }));
      await expect(v.verify(token, 'access')).rejects.toMatchObject({ name: 'JwksFetchException' });
      jwks.state.mode = 'good';
      await expect(v.verify(token, 'access')).rejects.toMatchObject({ name: 'JwksFetchException' });
      expect(jwks.state.fetches).toBe(1);
      vi.setSystemTime(Date.now() + 10_500);
      expect(await v.verify(token, 'access')).toMatchObject({ valid: true });
      expect(jwks.state.fetches).toBe(2);
    } finally {
      vi.useRealTimers();
      await jwks.close();
    }
  });
});
