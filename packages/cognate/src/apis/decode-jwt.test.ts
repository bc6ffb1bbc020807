import { expect, it } from 'vitest';
import { decodeJWT } from './decode-jwt.js';

it('decodes the payload (UTF-8) and keeps the token', () => {
  const payload = Buffer.from(JSON.stringify({ sub: 'x', name: 'Zoë' })).toString('base64url');
  const token = `e30.${payload}.sig`;
  const jwt = decodeJWT(token);
  expect(jwt.payload).toEqual({ sub: 'x', name: 'Zoë' });
  expect(jwt.toString()).toBe(token);
});

it("throws Amplify's plain errors", () => {
  expect(() => decodeJWT('a.b')).toThrow('Invalid token');
  expect(() => decodeJWT('a.!!.c')).toThrow('Invalid token payload');
});
