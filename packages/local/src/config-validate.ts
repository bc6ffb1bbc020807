/**
 * The one check of a seed config (`--config FILE`, or `startServer({ config })`): every key is
 * known and every value of the config's own keys has the right type. Problems are reported by path
 * (`userPools[0].clients[1].ClientNme`), with a did-you-mean for a misspelt key. Members that are
 * passed on to a Cognito operation (e.g. a pool's `MfaConfiguration`) are checked by name here and
 * by value when seeding, with the operation's own validation.
 */

/** A problem found in a config; `message` lists them one a line, each starting with its path. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

type Check = (value: unknown, path: string, out: string[]) => void;

/** One documented key of an object in the config: its type, default and an example (for the README). */
export interface KeyDoc {
  type: string;
  default?: string;
  example: string;
  description: string;
}

interface Shape {
  /** Keys the config itself defines, with their checks and documentation. */
  keys: Record<string, { check: Check; doc: KeyDoc; required?: boolean }>;
  /** Keys passed on as they are to a Cognito operation's input (checked by name only). */
  passThrough?: readonly string[];
  /** What the pass-through keys are (shown in the README reference). */
  passThroughOf?: string;
}

const typeOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

function expect(kind: string, test: (v: unknown) => boolean): Check {
  return (value, path, out) => {
    if (!test(value)) out.push(`${path} must be ${kind} (got ${typeOf(value)})`);
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = expect('a string', v => typeof v === 'string');
const nonEmpty = expect('a non-empty string', v => typeof v === 'string' && v.length > 0);
const bool = expect('true or false', v => typeof v === 'boolean');
const strings = expect('an array of strings', v => Array.isArray(v) && v.every(x => typeof x === 'string'));
const stringMap = expect('an object of strings', v => isObject(v) && Object.values(v).every(x => typeof x === 'string'));
const anyObject = expect('an object', isObject);

function arrayOf(item: Check): Check {
  return (value, path, out) => {
    if (!Array.isArray(value)) return void out.push(`${path} must be an array (got ${typeOf(value)})`);
    value.forEach((v, i) => {
      item(v, `${path}[${i}]`, out);
    });
  };
}

function objectOf(shape: Shape): Check {
  return (value, path, out) => {
    if (!isObject(value)) return void out.push(`${path || 'the config'} must be an object (got ${typeOf(value)})`);
    const known = [...Object.keys(shape.keys), ...(shape.passThrough ?? [])];
    for (const [key, v] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      const own = shape.keys[key];
      if (own) {
        if (v !== undefined) own.check(v, at, out);
      } else if (!shape.passThrough?.includes(key)) {
        const guess = didYouMean(key, known);
        out.push(`${at} is not a known key${guess ? `; did you mean "${guess}"?` : ` (known: ${known.join(', ')})`}`);
      }
    }
    for (const [key, own] of Object.entries(shape.keys)) {
      if (own.required && value[key] === undefined) out.push(`${path ? `${path}.` : ''}${key} is required`);
    }
  };
}

/** Edit distance (insertions, deletions, substitutions). */
export function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** The known key closest to `key`, if it is close enough to be a slip (case ignored). */
export function didYouMean(key: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = levenshtein(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

const doc = (type: string, description: string, example: string, dflt?: string): KeyDoc => ({ type, description, example, ...(dflt ? { default: dflt } : {}) });

// Members of the Cognito operations a seed entry is passed to (their values are checked when seeding).
const CREATE_USER_POOL = [
  'PoolName',
  'Policies',
  'DeletionProtection',
  'LambdaConfig',
  'AutoVerifiedAttributes',
  'AliasAttributes',
  'UsernameAttributes',
  'SmsVerificationMessage',
  'EmailVerificationMessage',
  'EmailVerificationSubject',
  'VerificationMessageTemplate',
  'SmsAuthenticationMessage',
  'MfaConfiguration',
  'UserAttributeUpdateSettings',
  'DeviceConfiguration',
  'EmailConfiguration',
  'SmsConfiguration',
  'UserPoolTags',
  'AdminCreateUserConfig',
  'Schema',
  'UserPoolAddOns',
  'UsernameConfiguration',
  'AccountRecoverySetting',
  'UserPoolTier',
] as const;
const CREATE_USER_POOL_CLIENT = [
  'ClientId',
  'ClientName',
  'GenerateSecret',
  'RefreshTokenValidity',
  'AccessTokenValidity',
  'IdTokenValidity',
  'TokenValidityUnits',
  'ReadAttributes',
  'WriteAttributes',
  'ExplicitAuthFlows',
  'SupportedIdentityProviders',
  'CallbackURLs',
  'LogoutURLs',
  'DefaultRedirectURI',
  'AllowedOAuthFlows',
  'AllowedOAuthScopes',
  'AllowedOAuthFlowsUserPoolClient',
  'AnalyticsConfiguration',
  'PreventUserExistenceErrors',
  'EnableTokenRevocation',
  'EnablePropagateAdditionalUserContextData',
  'AuthSessionValidity',
  'RefreshTokenRotation',
] as const;
const CREATE_GROUP = ['GroupName', 'Description', 'RoleArn', 'Precedence'] as const;
const CREATE_RESOURCE_SERVER = ['Identifier', 'Name', 'Scopes'] as const;
const CREATE_IDENTITY_PROVIDER = ['ProviderName', 'ProviderType', 'ProviderDetails', 'AttributeMapping', 'IdpIdentifiers'] as const;
const CREATE_IDENTITY_POOL = [
  'AllowClassicFlow',
  'SupportedLoginProviders',
  'DeveloperProviderName',
  'OpenIdConnectProviderARNs',
  'SamlProviderARNs',
  'IdentityPoolTags',
] as const;

const USER_STATUSES = ['CONFIRMED', 'UNCONFIRMED', 'FORCE_CHANGE_PASSWORD', 'RESET_REQUIRED', 'ARCHIVED', 'COMPROMISED', 'EXTERNAL_PROVIDER', 'UNKNOWN'];

const attributes: Check = (value, path, out) => {
  if (Array.isArray(value)) {
    value.forEach((a, i) => {
      objectOf({
        keys: { Name: { check: str, doc: doc('string', '', ''), required: true }, Value: { check: str, doc: doc('string', '', ''), required: true } },
      })(a, `${path}[${i}]`, out);
    });
  } else if (!isObject(value) || !Object.values(value).every(x => typeof x === 'string')) {
    out.push(`${path} must be an object of strings ({ "email": "a@example.com" }) or an array of { "Name", "Value" } (got ${typeOf(value)})`);
  }
};

/** Shapes by name, for the README reference (`configReference()`) and the checks. */
export const SHAPES: Record<string, Shape> = {};

SHAPES['userPools[]'] = {
  keys: {
    Id: {
      check: str,
      doc: doc('string', 'A fixed pool id, so ids (and amplify_outputs.json) stay the same across restarts; generated when absent.', '"us-east-1_Example01"'),
    },
    PoolName: { check: nonEmpty, doc: doc('string', 'The pool name (CreateUserPool `PoolName`).', '"example"'), required: true },
    Domain: { check: nonEmpty, doc: doc('string', 'A hosted-UI domain prefix (CreateUserPoolDomain).', '"example"') },
    mfaConfig: {
      check: anyObject,
      doc: doc(
        'object',
        'SetUserPoolMfaConfig inputs without `UserPoolId` (which second factors are offered), applied when the pool is created.',
        '{ "SoftwareTokenMfaConfiguration": { "Enabled": true } }',
      ),
    },
    clients: {
      check: arrayOf(objectOf({ keys: {}, passThrough: [...CREATE_USER_POOL_CLIENT, 'ClientSecret'] })),
      doc: doc(
        'array of objects',
        'App clients: CreateUserPoolClient inputs without `UserPoolId`; `ClientId` fixes the id.',
        '[{ "ClientId": "exampleclient0000000000001", "ClientName": "web" }]',
        '[]',
      ),
    },
    users: {
      check: arrayOf((v, p, o) => SHAPE_CHECKS['users[]']!(v, p, o)),
      doc: doc('array of objects', 'Users to create (see `userPools[].users[]`).', '[{ "Username": "alice", "Password": "Passw0rd!" }]', '[]'),
    },
    groups: {
      check: arrayOf(objectOf({ keys: {}, passThrough: CREATE_GROUP })),
      doc: doc(
        'array of objects',
        'CreateGroup inputs without `UserPoolId`; users join them with their `Groups`.',
        '[{ "GroupName": "admins", "Precedence": 0 }]',
        '[]',
      ),
    },
    resourceServers: {
      check: arrayOf(objectOf({ keys: {}, passThrough: CREATE_RESOURCE_SERVER })),
      doc: doc(
        'array of objects',
        'CreateResourceServer inputs without `UserPoolId`.',
        '[{ "Identifier": "api", "Name": "API", "Scopes": [{ "ScopeName": "read", "ScopeDescription": "Read" }] }]',
        '[]',
      ),
    },
    identityProviders: {
      check: arrayOf(objectOf({ keys: {}, passThrough: CREATE_IDENTITY_PROVIDER })),
      doc: doc(
        'array of objects',
        'CreateIdentityProvider inputs without `UserPoolId`; served by the built-in mock provider.',
        '[{ "ProviderName": "Google", "ProviderType": "Google", "ProviderDetails": { "client_id": "x", "client_secret": "y", "authorize_scopes": "openid email" } }]',
        '[]',
      ),
    },
  },
  passThrough: CREATE_USER_POOL.filter(k => k !== 'PoolName'),
  passThroughOf: 'CreateUserPool',
};

SHAPES['users[]'] = {
  keys: {
    Username: {
      check: nonEmpty,
      doc: doc('string', 'The user name (or the email / phone number of a pool with `UsernameAttributes`).', '"alice"'),
      required: true,
    },
    Password: {
      check: str,
      doc: doc('string', 'A permanent password (a temporary one with `Status` FORCE_CHANGE_PASSWORD); none when absent.', '"Passw0rd!"'),
    },
    Attributes: {
      check: attributes,
      doc: doc(
        'object of strings, or array of { Name, Value }',
        'User attributes; `email` / `phone_number` are marked verified for a CONFIRMED user.',
        '{ "email": "alice@example.com" }',
      ),
    },
    Status: {
      check: expect(`one of ${USER_STATUSES.join(', ')}`, v => typeof v === 'string' && USER_STATUSES.includes(v)),
      doc: doc('string', 'The user status.', '"FORCE_CHANGE_PASSWORD"', '"CONFIRMED"'),
    },
    Enabled: { check: bool, doc: doc('boolean', 'Whether the user may sign in.', 'false', 'true') },
    Groups: { check: strings, doc: doc('array of strings', 'Groups of this pool (`groups`) the user is added to.', '["admins"]', '[]') },
    Invite: {
      check: bool,
      doc: doc(
        'boolean',
        'Create the user as AdminCreateUser does without `MessageAction`: FORCE_CHANGE_PASSWORD, its temporary password delivered to `/_local/messages` (no `Password`).',
        'true',
        'false',
      ),
    },
    DesiredDeliveryMediums: {
      check: strings,
      doc: doc('array of strings', "Where an `Invite` is delivered (AdminCreateUser's `DesiredDeliveryMediums`).", '["EMAIL"]', '["EMAIL"]'),
    },
  },
};

SHAPES['identityPools[]'] = {
  keys: {
    IdentityPoolId: {
      check: str,
      doc: doc('string', 'A fixed id (`<region>:<uuid>`); generated when absent.', '"us-east-1:00000000-0000-4000-8000-000000000001"'),
    },
    IdentityPoolName: { check: nonEmpty, doc: doc('string', 'The identity pool name.', '"example"'), required: true },
    AllowUnauthenticatedIdentities: { check: bool, doc: doc('boolean', 'Guest access.', 'true', 'false') },
    CognitoIdentityProviders: {
      check: arrayOf(anyObject),
      doc: doc(
        'array of objects',
        'As in CreateIdentityPool; when absent, the app clients of `userPools` below are linked.',
        '[{ "ProviderName": "cognito-idp.us-east-1.amazonaws.com/us-east-1_Example01", "ClientId": "exampleclient0000000000001" }]',
      ),
    },
    userPools: {
      check: expect('"all" or an array of strings', v => v === 'all' || (Array.isArray(v) && v.every(x => typeof x === 'string'))),
      doc: doc('"all" or array of strings', 'Which seeded user pools to link when `CognitoIdentityProviders` is absent.', '["us-east-1_Example01"]', '"all"'),
    },
    Roles: {
      check: stringMap,
      doc: doc(
        'object of strings',
        'As in SetIdentityPoolRoles. Without the role a caller needs, GetCredentialsForIdentity refuses, as Cognito does.',
        '{ "authenticated": "arn:aws:iam::123456789012:role/auth" }',
      ),
    },
    RoleMappings: {
      check: anyObject,
      doc: doc(
        'object',
        'As in SetIdentityPoolRoles (keyed by provider).',
        '{ "cognito-idp.us-east-1.amazonaws.com/us-east-1_Example01:exampleclient0000000000001": { "Type": "Token", "AmbiguousRoleResolution": "AuthenticatedRole" } }',
      ),
    },
  },
  passThrough: CREATE_IDENTITY_POOL,
  passThroughOf: 'CreateIdentityPool',
};

SHAPES['mockIdentityProviderUsers[]'] = {
  keys: {
    sub: { check: nonEmpty, doc: doc('string', "The user's subject at the provider.", '"google-user-1"'), required: true },
    provider: { check: str, doc: doc('string', 'The identity provider (`ProviderName`) listing the user; every one when absent.', '"Google"') },
    email: { check: str, doc: doc('string', 'The email claim.', '"g@example.com"') },
    name: { check: str, doc: doc('string', 'The name claim.', '"G User"') },
  },
};

SHAPES['cors'] = {
  keys: {
    allowedOrigins: {
      check: strings,
      doc: doc('array of strings', 'Browser origins that may call admin operations and `/_local/*` (also `--cors-origin`).', '["http://localhost:3000"]', '[]'),
    },
  },
};

SHAPES['credentials'] = {
  keys: {
    accessKeyId: { check: nonEmpty, doc: doc('string', 'The access key id admin operations must be signed with.', '"local"'), required: true },
    secretAccessKey: { check: nonEmpty, doc: doc('string', 'Its secret.', '"local-secret"'), required: true },
  },
};

SHAPES['apis[]'] = {
  keys: {
    name: {
      check: expect('a name of letters, digits, - and _', v => typeof v === 'string' && /^[\w-]{1,128}$/.test(v)),
      doc: doc('string', 'Requests to `/_api/<name>/…` go to this API.', '"orders"'),
      required: true,
    },
    target: {
      check: expect('an http(s) URL', v => typeof v === 'string' && URL.canParse(v) && /^https?:$/.test(new URL(v).protocol)),
      doc: doc('string', 'Where authorised requests are forwarded (the path after the name is appended).', '"http://127.0.0.1:3000"'),
      required: true,
    },
    authorizer: {
      check: expect('"COGNITO_USER_POOLS", "AWS_IAM" or "NONE"', v => v === 'COGNITO_USER_POOLS' || v === 'AWS_IAM' || v === 'NONE'),
      doc: doc('string', "API Gateway's authorisation type: user-pool tokens, SigV4 with identity-pool credentials, or none.", '"AWS_IAM"'),
      required: true,
    },
    userPoolId: { check: nonEmpty, doc: doc('string', 'The user pool whose tokens `COGNITO_USER_POOLS` accepts (required for it).', '"us-east-1_Example01"') },
    scopes: {
      check: strings,
      doc: doc('array of strings', 'With `COGNITO_USER_POOLS`: only access tokens with one of these scopes pass; without, ID tokens.', '["orders/read"]'),
    },
  },
};

/** apis entries: a name used once, and a user pool for the Cognito authorizer. */
const api: Check = (value, path, out) => {
  SHAPE_CHECKS['apis[]']!(value, path, out);
  if (isObject(value) && value.authorizer === 'COGNITO_USER_POOLS' && value.userPoolId === undefined)
    out.push(`${path}.userPoolId is required with authorizer COGNITO_USER_POOLS`);
};

/** mockIdentityProviderUsers entries carry any other claims too, as strings. */
const mockUser: Check = (value, path, out) => {
  if (!isObject(value)) return void out.push(`${path} must be an object (got ${typeOf(value)})`);
  const own = SHAPES['mockIdentityProviderUsers[]']!.keys;
  for (const [key, v] of Object.entries(value))
    if (!own[key] && typeof v !== 'string') out.push(`${path}.${key} must be a string (got ${typeOf(v)}): other keys are claims`);
  for (const [key, k] of Object.entries(own)) {
    if (value[key] !== undefined) k.check(value[key], `${path}.${key}`, out);
    else if (k.required) out.push(`${path}.${key} is required`);
  }
};

SHAPES[''] = {
  keys: {
    region: { check: nonEmpty, doc: doc('string', 'The region in generated ids and ARNs (`--region` wins over it).', '"eu-west-1"', '"us-east-1"') },
    userPools: {
      check: arrayOf((v, p, o) => SHAPE_CHECKS['userPools[]']!(v, p, o)),
      doc: doc(
        'array of objects',
        'User pools to create, with their app clients, users and groups (see `userPools[]`).',
        '[{ "Id": "us-east-1_Example01", "PoolName": "example" }]',
        '[]',
      ),
    },
    identityPools: {
      check: arrayOf((v, p, o) => SHAPE_CHECKS['identityPools[]']!(v, p, o)),
      doc: doc(
        'array of objects',
        'Identity pools (see `identityPools[]`).',
        '[{ "IdentityPoolName": "example", "AllowUnauthenticatedIdentities": true, "Roles": { "authenticated": "arn:aws:iam::123456789012:role/auth", "unauthenticated": "arn:aws:iam::123456789012:role/guest" } }]',
        '[]',
      ),
    },
    mockIdentityProviderUsers: {
      check: arrayOf(mockUser),
      doc: doc(
        'array of objects',
        'Users the built-in mock identity provider lists on its sign-in page (other keys are claims).',
        '[{ "provider": "Google", "sub": "google-user-1", "email": "g@example.com" }]',
        '[]',
      ),
    },
    apis: {
      check: (v, p, o) => {
        arrayOf(api)(v, p, o);
        const names = Array.isArray(v) ? v.map(a => (isObject(a) ? a.name : undefined)).filter(n => typeof n === 'string') : [];
        for (const name of new Set(names.filter((n, i) => names.indexOf(n) !== i))) o.push(`${p} names ${JSON.stringify(name)} more than once`);
      },
      doc: doc(
        'array of objects',
        'APIs behind the local API Gateway at `/_api/<name>/…` (see `apis[]`).',
        '[{ "name": "orders", "target": "http://127.0.0.1:3000", "authorizer": "AWS_IAM" }]',
        '[]',
      ),
    },
    cors: {
      check: (v, p, o) => SHAPE_CHECKS['cors']!(v, p, o),
      doc: doc('object', 'Browser access (see `cors`).', '{ "allowedOrigins": ["http://localhost:3000"] }'),
    },
    allowedHosts: {
      check: strings,
      doc: doc('array of strings', 'More names the Host header may carry, `name` or `name:port` (also `--allowed-host`).', '["devbox.lan"]', '[]'),
    },
    credentials: {
      check: (v, p, o) => SHAPE_CHECKS['credentials']!(v, p, o),
      doc: doc(
        'object',
        "With these, admin operations' SigV4 signatures are verified; without, only their shape is checked.",
        '{ "accessKeyId": "local", "secretAccessKey": "local-secret" }',
      ),
    },
  },
};

const SHAPE_CHECKS: Record<string, Check> = Object.fromEntries(Object.entries(SHAPES).map(([name, shape]) => [name, objectOf(shape)]));

/** Checks a parsed config; throws a ConfigError naming every problem. */
export function validateConfig<T>(value: T): T {
  const out: string[] = [];
  SHAPE_CHECKS['']!(value, '', out);
  if (out.length) throw new ConfigError(out);
  return value;
}

/**
 * Where the first JSON syntax error in `text` is, and what it is: V8's own messages give no position
 * for some errors and change between Node versions, so the text is scanned again (only on failure).
 */
function locateJsonError(text: string): { at: number; reason: string } | undefined {
  let i = 0;
  const stop = (reason: string): never => {
    throw { at: i, reason: i >= text.length ? `${reason.replace(/, found .*$/, '')}, found the end of the text (a missing } or ]?)` : reason };
  };
  const found = () => JSON.stringify(text[i]);
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= text.length) stop('a string without its closing quote');
      const c = text[i]!;
      if (c === '"') return void i++;
      if (c < ' ') stop('a line break or control character inside a string (write it as \\n)');
      if (c === '\\') {
        i++;
        if (text[i] === 'u' ? !/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5)) : !'"\\/bfnrt'.includes(text[i] ?? 'x')) stop('a bad escape in a string');
        i += text[i] === 'u' ? 5 : 1;
      } else i++;
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] === '}') stop('a trailing comma before }');
        if (text[i] !== '"') stop(`expected a key in double quotes, found ${found()}`);
        string();
        ws();
        if (text[i] !== ':') stop(`expected ':' after the key, found ${found()}`);
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else stop(`expected ',' or '}' after a value, found ${found()} (a missing comma?)`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        ws();
        if (text[i] === ']') stop('a trailing comma before ]');
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else stop(`expected ',' or ']' after a value, found ${found()} (a missing comma?)`);
      }
    }
    if (c === '"') {
      string();
      return;
    }
    const literal = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
    literal.lastIndex = i;
    const match = literal.exec(text);
    if (match && !/^[\w.]/.test(text[i + match[0].length] ?? ' ')) {
      i += match[0].length;
      return;
    }
    stop(i >= text.length ? 'expected a value' : c === "'" ? 'a single quote: JSON strings and keys take double quotes' : `expected a value, found ${found()}`);
  };
  if (!text.trim()) return { at: 0, reason: 'the file is empty (a config that seeds nothing is {})' };
  try {
    value();
    ws();
    if (i < text.length) stop(`unexpected ${found()} after the end of the JSON value`);
  } catch (error) {
    return error as { at: number; reason: string };
  }
  return undefined;
}

/** Parses config JSON (a leading byte order mark is ignored); a syntax error names its line and column. */
export function parseConfigJson(text: string): unknown {
  const json = text.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(json);
  } catch (error) {
    const located = locateJsonError(json);
    const v8 = /at position (\d+)/.exec((error as Error).message);
    const position = located?.at ?? (v8 ? Number(v8[1]) : json.length);
    const reason = located?.reason ?? (error as Error).message.split('\n')[0]!;
    const before = json.slice(0, position).split('\n');
    throw new ConfigError([`${before.length}:${before.at(-1)!.length + 1}: invalid JSON: ${reason}`]);
  }
}

/** Where each shape sits in the file, for the reference's headings. */
const SHAPE_TITLES: Array<[string, string]> = [
  ['', 'Top level'],
  ['userPools[]', '`userPools[]`: a user pool'],
  ['users[]', '`userPools[].users[]`: a user'],
  ['identityPools[]', '`identityPools[]`: an identity pool'],
  ['mockIdentityProviderUsers[]', '`mockIdentityProviderUsers[]`: a user of the mock identity provider'],
  ['apis[]', '`apis[]`: an API behind the local API Gateway'],
  ['cors', '`cors`'],
  ['credentials', '`credentials`'],
];

/**
 * The README's config reference (between its `config-reference` markers), made from the shapes
 * the validator checks, so the two cannot drift: test/config-validation.test.ts compares them.
 */
export function configReference(): string {
  const out: string[] = [];
  for (const [name, title] of SHAPE_TITLES) {
    const shape = SHAPES[name]!;
    out.push(`#### ${title}`, '', '| Key | Type | Default | Example | |', '| --- | --- | --- | --- | --- |');
    for (const [key, { doc: d, required }] of Object.entries(shape.keys)) {
      out.push(
        `| \`${key}\` | ${d.type} | ${required ? 'required' : d.default !== undefined ? `\`${d.default}\`` : '—'} | \`${d.example}\` | ${d.description} |`,
      );
    }
    if (shape.passThrough) out.push('', `Also any \`${shape.passThroughOf}\` member: ${shape.passThrough.map(k => `\`${k}\``).join(', ')}.`);
    out.push('');
  }
  const nested: Array<[string, readonly string[]]> = [
    [
      '`userPools[].clients[]` (`CreateUserPoolClient`, without `UserPoolId`; `ClientId` fixes the id, `ClientSecret` the secret of a `GenerateSecret` client)',
      CREATE_USER_POOL_CLIENT,
    ],
    ['`userPools[].groups[]` (`CreateGroup`, without `UserPoolId`)', CREATE_GROUP],
    ['`userPools[].resourceServers[]` (`CreateResourceServer`, without `UserPoolId`)', CREATE_RESOURCE_SERVER],
    ['`userPools[].identityProviders[]` (`CreateIdentityProvider`, without `UserPoolId`)', CREATE_IDENTITY_PROVIDER],
  ];
  for (const [title, keys] of nested) out.push(`- ${title}: ${keys.map(k => `\`${k}\``).join(', ')}.`);
  return out.join('\n') + '\n';
}
