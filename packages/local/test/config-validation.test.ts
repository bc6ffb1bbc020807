/**
 * The config check shared by `--config FILE` and `startServer({ config })`: unknown keys (with a
 * did-you-mean), wrong types, by path; and the README's config reference, made from the same shapes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { DEMO_CONFIG, type LocalConfig } from '../src/index.js';
import { ConfigError, configReference, didYouMean, parseConfigJson, validateConfig } from '../src/config-validate.js';
import { start } from './helpers.js';

const problems = (value: unknown): string[] => {
  try {
    validateConfig(value);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
};

it('startServer({ config }) refuses a misspelt key or a wrong type with the same message as the CLI', async () => {
  const bad = {
    userPools: [{ PoolName: 'p', MfaConfigration: 'OFF', users: [{ Username: 'a', Enabled: 'yes' }] }],
    identityPools: {},
  } as unknown as LocalConfig;
  const expected = [
    'userPools[0].MfaConfigration is not a known key; did you mean "MfaConfiguration"?',
    'userPools[0].users[0].Enabled must be true or false (got string)',
    'identityPools must be an array (got object)',
  ];
  expect(problems(bad)).toEqual(expected);
  await expect(start({ config: bad })).rejects.toThrow(expected.join('\n'));
  const server = await start({ config: { userPools: [{ PoolName: 'ok' }] } });
  await expect(server.local.seed({ userPools: [{ PoolName: 'x', clients: [{ ClientNam: 'web' }] }] })).rejects.toThrow(
    'userPools[0].clients[0].ClientNam is not a known key; did you mean "ClientName"?',
  );
  await server.close();
});

it('accepts the demo config, every documented key and any claim of a mock provider user', () => {
  expect(problems(DEMO_CONFIG)).toEqual([]);
  expect(
    problems({
      region: 'us-east-1',
      userPools: [
        {
          Id: 'us-east-1_X',
          PoolName: 'p',
          Domain: 'd',
          MfaConfiguration: 'OFF',
          Policies: {},
          LambdaConfig: {},
          clients: [{ ClientId: 'c', ClientName: 'w', GenerateSecret: true }],
          users: [
            {
              Username: 'u',
              Password: 'Passw0rd!',
              Attributes: [{ Name: 'email', Value: 'u@example.com' }],
              Status: 'UNCONFIRMED',
              Enabled: false,
              Groups: ['g'],
            },
          ],
          groups: [{ GroupName: 'g', Precedence: 1 }],
          resourceServers: [{ Identifier: 'api', Name: 'API', Scopes: [] }],
          identityProviders: [{ ProviderName: 'Google', ProviderType: 'Google', ProviderDetails: {}, AttributeMapping: {} }],
        },
      ],
      identityPools: [
        {
          IdentityPoolName: 'i',
          IdentityPoolId: 'us-east-1:1',
          AllowUnauthenticatedIdentities: true,
          userPools: 'all',
          Roles: { authenticated: 'arn' },
          AllowClassicFlow: false,
        },
      ],
      mockIdentityProviderUsers: [{ provider: 'Google', sub: 's', email: 'e@example.com', name: 'N', given_name: 'G' }],
      cors: { allowedOrigins: ['http://localhost:3000'] },
      allowedHosts: ['devbox.lan'],
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    }),
  ).toEqual([]);
});

it('names every problem by path: not an object, missing required keys, enum values, nested wrong types', () => {
  expect(problems([])).toEqual(['the config must be an object (got array)']);
  expect(problems({ userPools: [{}], credentials: {}, cors: { allowedOrigins: 'http://x' } })).toEqual([
    'userPools[0].PoolName is required',
    'credentials.accessKeyId is required',
    'credentials.secretAccessKey is required',
    'cors.allowedOrigins must be an array of strings (got string)',
  ]);
  expect(problems({ userPools: [{ PoolName: 'p', users: [{ Username: 'u', Status: 'confirmed', Attributes: { age: 3 } }] }] })).toEqual([
    'userPools[0].users[0].Status must be one of CONFIRMED, UNCONFIRMED, FORCE_CHANGE_PASSWORD, RESET_REQUIRED, ARCHIVED, COMPROMISED, EXTERNAL_PROVIDER, UNKNOWN (got string)',
    'userPools[0].users[0].Attributes must be an object of strings ({ "email": "a@example.com" }) or an array of { "Name", "Value" } (got object)',
  ]);
  expect(problems({ mockIdentityProviderUsers: [{ email: 'e' }, { sub: 's', age: 4 }] })).toEqual([
    'mockIdentityProviderUsers[0].sub is required',
    'mockIdentityProviderUsers[1].age must be a string (got number): other keys are claims',
  ]);
  // Far from every known key: no guess, the known keys are listed instead.
  expect(problems({ zzzzzzzz: 1 })[0]).toMatch(/^zzzzzzzz is not a known key \(known: region, userPools, /);
  expect(didYouMean('userpools', ['userPools', 'identityPools'])).toBe('userPools');
  expect(didYouMean('x', ['userPools'])).toBeUndefined();
});

it('a JSON syntax error names its line and column', () => {
  const error = (text: string) => {
    try {
      parseConfigJson(text);
    } catch (e) {
      return (e as ConfigError).problems[0];
    }
    throw new Error('parsed');
  };
  expect(error('{\n  "a": 1,\n}')).toBe('3:1: invalid JSON: a trailing comma before }');
  expect(error('{\n  "a": [1, 2\n')).toBe("3:1: invalid JSON: expected ',' or ']' after a value, found the end of the text (a missing } or ]?)");
  expect(error('{ "a": tru }')).toBe('1:8: invalid JSON: expected a value, found "t"');
  expect(error("{ 'a': 1 }")).toBe('1:3: invalid JSON: expected a key in double quotes, found "\'"');
  expect(error('{ "a": 1 "b": 2 }')).toBe(`1:10: invalid JSON: expected ',' or '}' after a value, found "\\"" (a missing comma?)`);
  expect(error('{ "a": "x\ny" }')).toBe('1:10: invalid JSON: a line break or control character inside a string (write it as \\n)');
  expect(error('{}\n]')).toBe('2:1: invalid JSON: unexpected "]" after the end of the JSON value');
  expect(error(' \n')).toBe('1:1: invalid JSON: the file is empty (a config that seeds nothing is {})');
  expect(parseConfigJson('\uFEFF{"region": "us-east-1"}')).toEqual({ region: 'us-east-1' });
});

it("the README's config reference is the one the validator's shapes make", () => {
  const readme = readFileSync(join(import.meta.dirname, '../../../README.md'), 'utf8');
  const section = /<!-- config-reference:start[^>]*-->\n([\s\S]*?)<!-- config-reference:end -->/.exec(readme)?.[1];
  // On a mismatch, paste configReference()'s output (from packages/local/src/config-validate.ts) between the markers.
  // Biome aligns the README's tables when it formats it: table cells are compared without their padding.
  const unpadded = (text: string | undefined) =>
    text?.replace(/^\|.*\|$/gm, row =>
      row
        .replace(/ *\| */g, ' | ')
        .replace(/ -{3,} /g, ' --- ')
        .trim(),
    );
  expect(unpadded(section)).toBe(unpadded(configReference()));
});
