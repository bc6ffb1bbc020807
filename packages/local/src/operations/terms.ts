/**
 * Terms documents: CreateTerms, UpdateTerms, DeleteTerms, DescribeTerms and ListTerms. Stored and
 * returned as given (TermsSource LINK, Enforcement NONE, a map of language → URL); names are unique
 * per app client (TermsExistsException). The hosted pages do not show them.
 *
 * Store: `poolSetting` `<poolId>/terms/<termsId>` → TermsType.
 */
import { randomUUID } from 'node:crypto';
import type { Json, Operation, Services } from '../context.js';
import { CognitoError, errors } from '../errors.js';
import type { UserPool } from '../model.js';
import { getClient, getPool } from '../services/pools.js';
import { optInt, optString, optStringMap, reqString, CLIENT_ID_RULE, POOL_ID_RULE, type StringRule } from '../validate.js';

const TERMS_ID: StringRule = {
  pattern: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/,
  patternText: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[4][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$',
};
const TERMS_NAME: StringRule = { min: 1, max: 128, pattern: /^(terms-of-use|privacy-policy)/, patternText: '^(terms-of-use|privacy-policy)' };
const LANGUAGE =
  /^cognito:(default|english|french|spanish|german|bahasa-indonesia|japanese|korean|portuguese-brazil|chinese-\(simplified\)|chinese-\(traditional\))$/;
const LINK = /^https?:\/\/[^\s]+$/;
const NEXT_TOKEN: StringRule = { min: 1, pattern: /^[\S]+$/, patternText: '[\\S]+' };

interface Terms {
  TermsId: string;
  UserPoolId: string;
  ClientId: string;
  TermsName: string;
  TermsSource: 'LINK';
  Enforcement: 'NONE';
  Links: Record<string, string>;
  CreationDate: number;
  LastModifiedDate: number;
  /** Creation order in the pool (CreationDate has whole seconds): ListTerms is in this order. */
  seq?: number;
}

const key = (poolId: string, id: string) => `${poolId}/terms/${id}`;
const wire = ({ seq: _seq, ...terms }: Terms): Json => terms as unknown as Json;
const poolOf = (ctx: Services, input: Json): UserPool => getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
const exists = (name: string) => new CognitoError('TermsExistsException', `Terms named ${name} already exist for this app client.`);

function links(input: Json): Record<string, string> | undefined {
  const map = optStringMap(input, 'Links');
  if (!map) return undefined;
  const entries = Object.entries(map);
  if (!entries.length || entries.length > 12) throw errors.invalidParameter('Links must map between 1 and 12 languages to URLs.');
  for (const [language, url] of entries) {
    if (!LANGUAGE.test(language))
      throw errors.invalidParameter(`${language.slice(0, 64)} is not a supported language key (for example cognito:default, cognito:english).`);
    if (url.length > 1024 || !LINK.test(url)) throw errors.invalidParameter(`The link for ${language} is not an http(s) URL.`);
  }
  return { ...map };
}

function requireTerms(ctx: Services, pool: UserPool, id: string): Terms {
  const terms = ctx.store.get<Terms>('poolSetting', key(pool.Id, id));
  if (!terms) throw errors.resourceNotFound(`Terms ${id} do not exist.`);
  return terms;
}

function nameTaken(ctx: Services, pool: UserPool, clientId: string, name: string, except?: string): boolean {
  return ctx.store.list<Terms>('poolSetting', `${pool.Id}/terms/`).some(t => t.ClientId === clientId && t.TermsName === name && t.TermsId !== except);
}

export const createTerms: Operation = (input, ctx) => {
  const pool = poolOf(ctx, input);
  const client = getClient(ctx, reqString(input, 'ClientId', CLIENT_ID_RULE), pool.Id);
  const TermsName = reqString(input, 'TermsName', TERMS_NAME);
  reqString(input, 'TermsSource', { values: ['LINK'] });
  reqString(input, 'Enforcement', { values: ['NONE'] });
  const Links = links(input);
  if (!Links) throw errors.invalidParameter('Links are required when TermsSource is LINK.');
  return ctx.store.transaction(() => {
    if (nameTaken(ctx, pool, client.ClientId, TermsName)) throw exists(TermsName);
    const now = ctx.clock.now();
    const seq = (ctx.store.get<number>('poolSetting', `${pool.Id}/termsSeq`) ?? 0) + 1;
    ctx.store.put('poolSetting', `${pool.Id}/termsSeq`, seq);
    const terms: Terms = {
      TermsId: randomUUID(),
      UserPoolId: pool.Id,
      ClientId: client.ClientId,
      TermsName,
      TermsSource: 'LINK',
      Enforcement: 'NONE',
      Links,
      CreationDate: now,
      LastModifiedDate: now,
    };
    ctx.store.put('poolSetting', key(pool.Id, terms.TermsId), { ...terms, seq });
    return { Terms: terms as unknown as Json };
  });
};

export const updateTerms: Operation = (input, ctx) => {
  const pool = poolOf(ctx, input);
  const id = reqString(input, 'TermsId', TERMS_ID);
  const name = optString(input, 'TermsName', TERMS_NAME);
  optString(input, 'TermsSource', { values: ['LINK'] });
  optString(input, 'Enforcement', { values: ['NONE'] });
  const given = links(input);
  return ctx.store.transaction(() => {
    const current = requireTerms(ctx, pool, id);
    if (name !== undefined && nameTaken(ctx, pool, current.ClientId, name, id)) throw exists(name);
    const next: Terms = {
      ...current,
      ...(name !== undefined ? { TermsName: name } : {}),
      ...(given ? { Links: given } : {}),
      LastModifiedDate: ctx.clock.now(),
    };
    ctx.store.put('poolSetting', key(pool.Id, id), next);
    return { Terms: wire(next) };
  });
};

export const deleteTerms: Operation = (input, ctx) => {
  const pool = poolOf(ctx, input);
  const id = reqString(input, 'TermsId', TERMS_ID);
  requireTerms(ctx, pool, id);
  ctx.store.delete('poolSetting', key(pool.Id, id));
  return {};
};

export const describeTerms: Operation = (input, ctx) => {
  const pool = poolOf(ctx, input);
  return { Terms: wire(requireTerms(ctx, pool, reqString(input, 'TermsId', TERMS_ID))) };
};

export const listTerms: Operation = (input, ctx) => {
  const pool = poolOf(ctx, input);
  const max = optInt(input, 'MaxResults', 1, 60) ?? 60;
  const token = optString(input, 'NextToken', NEXT_TOKEN);
  const all = ctx.store.list<Terms>('poolSetting', `${pool.Id}/terms/`).sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
  let start = 0;
  if (token !== undefined) {
    start = all.findIndex(t => t.TermsId === token) + 1;
    if (start === 0) throw errors.invalidParameter('Invalid NextToken.');
  }
  const page = all.slice(start, start + max);
  return {
    Terms: page.map(t => ({
      TermsId: t.TermsId,
      TermsName: t.TermsName,
      Enforcement: t.Enforcement,
      CreationDate: t.CreationDate,
      LastModifiedDate: t.LastModifiedDate,
    })),
    ...(start + max < all.length ? { NextToken: page[page.length - 1]!.TermsId } : {}),
  };
};
