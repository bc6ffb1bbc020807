// Whole sign-in latency against cognate-local on loopback: `signIn` (USER_SRP_AUTH, the default
// flow: InitiateAuth, the client SRP maths, RespondToAuthChallenge, token storage) then `signOut`
// (RevokeToken, storage cleared), sequential, cognate against aws-amplify in the same process.
// Both libraries are configured as in packages/cognate/test/differential.test.ts: the same pool
// through `userPoolEndpoint`, each with its own in-memory key-value storage and its own user.
// cognate-local runs in its own process (the published bin, in memory); the runs alternate between
// the two libraries so that machine noise hits both alike.
//
//   node bench/sections/sign-in.mjs [--runs 30] [--warmup 3] [--out file]
import { Amplify as AmplifyReal } from 'aws-amplify';
import * as amplifyAuth from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider as amplifyTokenProvider } from 'aws-amplify/auth/cognito';
import { Amplify as AmplifyCognate } from 'cognate-auth';
import * as cognateAuth from 'cognate-auth/auth/cognito';
import { callCognito as call, parseArgs, quantiles, startCognateLocal, writeResult } from './common.mjs';

const args = parseArgs();
const RUNS = Number(args.runs ?? (args.quick ? 5 : 30));
const WARMUP = Number(args.warmup ?? (args.quick ? 1 : 3));
const PASSWORD = 'Corr3ct-Horse!';

class MapStorage {
  map = new Map();
  async setItem(k, v) {
    this.map.set(k, v);
  }
  async getItem(k) {
    return this.map.get(k) ?? null;
  }
  async removeItem(k) {
    this.map.delete(k);
  }
  async clear() {
    this.map.clear();
  }
}

const { child, url } = await startCognateLocal();

try {
  const userPoolId = (await call(url, 'CreateUserPool', { PoolName: 'bench-sign-in' })).UserPool.Id;
  const userPoolClientId = (
    await call(url, 'CreateUserPoolClient', {
      UserPoolId: userPoolId,
      ClientName: 'web',
      ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      EnableTokenRevocation: true,
    })
  ).UserPoolClient.ClientId;
  const config = { Auth: { Cognito: { userPoolId, userPoolClientId, userPoolEndpoint: url } } };
  AmplifyReal.configure(config);
  amplifyTokenProvider.setKeyValueStorage(new MapStorage());
  AmplifyCognate.configure(config);
  cognateAuth.cognitoUserPoolsTokenProvider.setKeyValueStorage(new MapStorage());

  const libs = { cognate: { api: cognateAuth, user: 'bench-cognate' }, 'aws-amplify': { api: amplifyAuth, user: 'bench-amplify' } };
  for (const { user } of Object.values(libs)) {
    await call(url, 'AdminCreateUser', { UserPoolId: userPoolId, Username: user, MessageAction: 'SUPPRESS', TemporaryPassword: 'Temp-Passw0rd!' });
    await call(url, 'AdminSetUserPassword', { UserPoolId: userPoolId, Username: user, Password: PASSWORD, Permanent: true });
  }

  const times = Object.fromEntries(Object.keys(libs).map(k => [k, { total: [], signIn: [] }]));
  for (let i = 0; i < WARMUP + RUNS; i++) {
    for (const [name, { api, user }] of Object.entries(libs)) {
      const t0 = performance.now();
      const result = await api.signIn({ username: user, password: PASSWORD });
      const t1 = performance.now();
      if (!result.isSignedIn) throw new Error(`${name}: not signed in: ${JSON.stringify(result.nextStep)}`);
      const { tokens } = await api.fetchAuthSession();
      const t2 = performance.now();
      if (!tokens?.accessToken) throw new Error(`${name}: no tokens after signIn`);
      await api.signOut();
      const t3 = performance.now();
      if (i >= WARMUP) {
        times[name].signIn.push(t1 - t0);
        times[name].total.push(t1 - t0 + (t3 - t2));
      }
    }
  }
  writeResult(args, {
    runs: RUNS,
    warmup: WARMUP,
    flow: 'USER_SRP_AUTH',
    results: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, { total: quantiles(v.total), signIn: quantiles(v.signIn) }])),
  });
} finally {
  child.kill('SIGKILL');
}
