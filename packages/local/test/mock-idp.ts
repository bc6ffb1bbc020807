/**
 * A federated sign-in on the hosted UI through cognate-local's mock identity provider, driven with
 * form posts (no browser): shared by the tests of linking, disabling and mapping external identities.
 */
import { expect } from 'vitest';
import { BrowserAgent } from './browser-agent.js';
import { decodePayload } from './helpers.js';

export interface MockIdpSignIn {
  clientId: string;
  redirectUri: string;
  /** The `scope` asked for at /oauth2/authorize. */
  scope: string;
  /** The pool's identity provider whose mock user signs in. */
  provider: string;
  /** The mock user's `sub`. */
  sub: string;
}

/** /oauth2/authorize to the mock provider, its user `sub` chosen, and back: the authorization code the app's redirect URI gets. */
export async function mockIdpCode(url: string, { clientId, redirectUri, scope, provider, sub }: MockIdpSignIn): Promise<string | null> {
  const agent = new BrowserAgent();
  const q = new URLSearchParams({ client_id: clientId, redirect_uri: redirectUri, response_type: 'code', scope, identity_provider: provider });
  const toIdp = await agent.get(`${url}/oauth2/authorize?${q}`);
  const idpUrl = new URL(toIdp.headers.get('location')!, url).href;
  const chosen = await agent.submit(idpUrl, await (await agent.get(idpUrl)).text(), { sub });
  const back = await agent.get(new URL(chosen.headers.get('location')!, url).href);
  return new URL(back.headers.get('location')!).searchParams.get('code');
}

/** The authorization code exchanged at /oauth2/token by the public client, which must answer 200: the ID token's claims. */
export async function idTokenClaimsForCode(url: string, clientId: string, code: string, redirectUri: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: redirectUri }),
  });
  expect(res.status).toBe(200);
  return decodePayload(((await res.json()) as { id_token: string }).id_token);
}
