/**
 * `cognate-auth/auth/server`: the server APIs of `aws-amplify/auth/server`. Each takes the `contextSpec`
 * that `runWithAmplifyServerContext` gives its operation and works on that request only.
 */
import { fetchAuthSessionOf } from '../context/session.js';
import { fetchUserAttributesOf } from '../context/session-attributes.js';
import { currentUserOf } from '../context/session-user.js';
import type { FetchUserAttributesOutput, GetCurrentUserOutput } from '../types/auth.js';
import type { AuthSession, FetchAuthSessionOptions } from '../types/session.js';
import { getServerAuthContext, type ContextSpec } from './context.js';

export async function fetchAuthSession(contextSpec: ContextSpec, options?: FetchAuthSessionOptions): Promise<AuthSession> {
  return fetchAuthSessionOf(getServerAuthContext(contextSpec), options);
}

export async function getCurrentUser(contextSpec: ContextSpec): Promise<GetCurrentUserOutput> {
  return currentUserOf(getServerAuthContext(contextSpec));
}

export async function fetchUserAttributes(contextSpec: ContextSpec): Promise<FetchUserAttributesOutput> {
  return fetchUserAttributesOf(getServerAuthContext(contextSpec));
}
