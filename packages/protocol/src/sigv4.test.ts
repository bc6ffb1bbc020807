/**
 * SigV4 against AWS's published test suite ("aws-sig-v4-test-suite", the vectors of the Signature
 * Version 4 docs: credentials AKIDEXAMPLE, 2015-08-30T12:36:00Z, us-east-1, service `service`) and
 * against the AWS SDK's own signer (`@smithy/signature-v4`) on the same requests.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { canonicalRequest, EMPTY_SHA256, signature, signRequest } from './sigv4.js';

const SUITE_CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const SUITE_SCOPE = { region: 'us-east-1', service: 'service' };
const SUITE_HOST = { host: 'example.amazonaws.com', 'x-amz-date': '20150830T123600Z' };
const STS_TOKEN =
  'AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==';

/** name, request, and the suite's expected SignedHeaders and Signature. */
const VECTORS = [
  {
    name: 'get-vanilla',
    request: { method: 'GET', path: '/', headers: SUITE_HOST },
    signedHeaders: 'host;x-amz-date',
    signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
  },
  {
    name: 'post-vanilla',
    request: { method: 'POST', path: '/', headers: SUITE_HOST },
    signedHeaders: 'host;x-amz-date',
    signature: '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b',
  },
  {
    name: 'get-vanilla-query-order-key-case',
    request: { method: 'GET', path: '/', query: 'Param2=value2&Param1=value1', headers: SUITE_HOST },
    signedHeaders: 'host;x-amz-date',
    signature: 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
  },
  {
    name: 'get-utf8',
    request: { method: 'GET', path: '/ሴ', headers: SUITE_HOST },
    signedHeaders: 'host;x-amz-date',
    signature: '8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85',
  },
  {
    name: 'get-header-key-duplicate',
    request: { method: 'GET', path: '/', headers: { ...SUITE_HOST, 'My-Header1': ['value2', 'value2', 'value1'] } },
    signedHeaders: 'host;my-header1;x-amz-date',
    signature: 'c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea',
  },
  {
    name: 'post-sts-header-before',
    request: { method: 'POST', path: '/', headers: { ...SUITE_HOST, 'X-Amz-Security-Token': STS_TOKEN } },
    signedHeaders: 'host;x-amz-date;x-amz-security-token',
    signature: '85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead',
  },
];

describe('AWS SigV4 test suite', () => {
  for (const v of VECTORS) {
    it(v.name, async () => {
      const signed = await signature(v.request, SUITE_CREDENTIALS, SUITE_SCOPE);
      expect(signed.authorization).toBe(
        `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=${v.signedHeaders}, Signature=${v.signature}`,
      );
    });
  }

  it('get-vanilla-query-order-key: the canonical request, byte for byte', () => {
    const { canonicalRequest: text } = canonicalRequest({ method: 'GET', path: '/', query: 'Param1=value2&Param1=Value1', headers: SUITE_HOST }, EMPTY_SHA256);
    expect(text).toBe(
      'GET\n/\nParam1=Value1&Param1=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });
});

describe('the same requests through the AWS SDK signer', () => {
  const date = new Date('2026-01-02T03:04:05Z');
  const credentials = { accessKeyId: 'ASIAEXAMPLEEXAMPLE12', secretAccessKey: 'c2VjcmV0+/secret/KEY', sessionToken: 'IQoJb3JpZ2luX2VjE//session+token==' };

  /** Signs with smithy the request that signRequest sent, and captures its canonical request. */
  async function sdkSign(url: URL, method: string, headers: Record<string, string>, body: string | undefined) {
    let canonical = '';
    class Capturing extends SignatureV4 {
      override createCanonicalRequest(...args: Parameters<SignatureV4['createCanonicalRequest']>) {
        canonical = super.createCanonicalRequest(...args);
        return canonical;
      }
    }
    const signer = new Capturing({ credentials, region: 'eu-west-3', service: 'execute-api', sha256: Sha256, applyChecksum: false });
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of url.searchParams) {
      const prior = query[k];
      query[k] = prior === undefined ? v : [...(typeof prior === 'string' ? [prior] : prior), v];
    }
    const { authorization: _, ...rest } = headers;
    const signed = await signer.sign(
      { method, protocol: url.protocol, hostname: url.hostname, port: url.port ? Number(url.port) : undefined, path: url.pathname, query, headers: rest, body },
      { signingDate: date },
    );
    return { authorization: signed.headers.authorization, canonical };
  }

  const cases: { name: string; method: string; url: string; headers: Record<string, string>; body?: string }[] = [
    {
      name: 'a query string, repeated keys, reserved characters',
      method: 'GET',
      url: 'https://abc.execute-api.eu-west-3.amazonaws.com/prod/items?b=2&a=x y&a=1&c=%2F%3D*',
      headers: {},
    },
    {
      name: 'unicode path segments',
      method: 'GET',
      url: 'https://abc.execute-api.eu-west-3.amazonaws.com/prod/ሴ/ünï côdé/a+b',
      headers: { Accept: 'application/json' },
    },
    {
      name: 'a JSON body and custom headers',
      method: 'POST',
      url: 'http://127.0.0.1:4321/prod/items',
      headers: { 'Content-Type': 'application/json', 'X-Custom': '  a   b  ' },
      body: '{"ok":true,"n":"ü"}',
    },
    { name: 'repeated headers (comma-joined)', method: 'PUT', url: 'https://api.example.com/x', headers: { 'x-multi': 'one, two,three' }, body: 'plain' },
    { name: 'an empty body', method: 'DELETE', url: 'https://api.example.com/x/', headers: {}, body: '' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const url = new URL(c.url);
      const headers = await signRequest({ method: c.method, url, headers: c.headers, body: c.body }, credentials, {
        region: 'eu-west-3',
        service: 'execute-api',
        date,
      });
      expect(headers['x-amz-security-token']).toBe(credentials.sessionToken);
      expect(headers['x-amz-date']).toBe('20260102T030405Z');
      const ours = await signature(
        {
          method: c.method,
          path: url.pathname,
          query: url.searchParams,
          headers: Object.fromEntries(Object.entries(headers).filter(([k]) => k !== 'authorization')),
          body: c.body,
        },
        credentials,
        { region: 'eu-west-3', service: 'execute-api' },
      );
      const sdk = await sdkSign(url, c.method, headers, c.body);
      expect(ours.canonicalRequest).toBe(sdk.canonical);
      expect(headers.authorization).toBe(sdk.authorization);
    });
  }

  it('a tampered body or header no longer verifies', async () => {
    const url = new URL('https://api.example.com/x');
    const headers = await signRequest({ method: 'POST', url, headers: { 'content-type': 'application/json' }, body: '{"a":1}' }, credentials, {
      region: 'eu-west-3',
      service: 'execute-api',
      date,
    });
    const sdk = await sdkSign(url, 'POST', headers, '{"a":2}');
    expect(headers.authorization).not.toBe(sdk.authorization);
  });
});
