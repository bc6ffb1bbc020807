/**
 * One way to page every List* operation, as Cognito does: a page size checked against the
 * operation's documented range (out of range is InvalidParameterException in Cognito's wording),
 * and an opaque token that names where the last page ended and the listing it belongs to. A token
 * that was not issued for this listing is refused ("Paging marker … is invalid for request").
 */
import { CognitoError } from './errors.js';
import { optInt, optString } from './validate.js';

type Json = Record<string, unknown>;

export interface PagingSpec {
  /** The page-size member: `Limit` (ListUsers, groups, devices) or `MaxResults`. */
  limit: 'Limit' | 'MaxResults';
  min: number;
  max: number;
  /** Used when the member is absent or 0 (where 0 is allowed). */
  fallback: number;
  /** ListUserPools and the identity pool lists require the page size. */
  required?: boolean;
  /** The token member, in the request and the response. */
  token: 'NextToken' | 'PaginationToken';
}

export interface PageRequest {
  limit: number;
  token?: string;
}

/** The page size and token of a request, validated (user-pool wording; identity pools read theirs with their own validators). */
export function readPaging(input: Json, spec: PagingSpec): PageRequest {
  const given = optInt(input, spec.limit, spec.min, spec.max);
  if (given === undefined && spec.required) {
    throw new CognitoError(
      'InvalidParameterException',
      `1 validation error detected: Value null at '${spec.limit.charAt(0).toLowerCase()}${spec.limit.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  }
  const token = optString(input, spec.token, { min: 1, max: 131072, pattern: /^\S+$/, patternText: '[\\S]+' });
  return { limit: given || spec.fallback, ...(token !== undefined ? { token } : {}) };
}

export function encode(scope: string, key: string): string {
  return Buffer.from(JSON.stringify([scope, key]), 'utf8').toString('base64url');
}

export function decode(scope: string, token: string): string {
  let parsed: unknown;
  try {
    parsed = /^[A-Za-z0-9_-]+$/.test(token) ? JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || parsed[0] !== scope || typeof parsed[1] !== 'string') {
    const shown = token.length > 200 ? `${token.slice(0, 200)}…` : token;
    throw new CognitoError('InvalidParameterException', `Paging marker ${shown} is invalid for request.`);
  }
  return parsed[1];
}

/**
 * One page of `items` in `key` order, after the item the token names. `scope` names the listing
 * (operation and parent, e.g. `ListUsers/us-east-1_abc`), so a token only continues the listing that issued it.
 */
export function pageOf<T>(items: readonly T[], key: (item: T) => string, request: PageRequest, scope: string): { items: T[]; next?: string } {
  let sorted = items;
  for (let i = 1; i < items.length; i++) {
    if (key(items[i - 1]!) > key(items[i]!)) {
      sorted = [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
      break;
    }
  }
  let start = 0;
  if (request.token !== undefined) {
    const after = decode(scope, request.token);
    start = sorted.findIndex(item => key(item) > after);
    if (start < 0) start = sorted.length;
  }
  const page = sorted.slice(start, start + request.limit);
  const more = start + request.limit < sorted.length && page.length > 0;
  return more ? { items: page, next: encode(scope, key(page[page.length - 1]!)) } : { items: page };
}
