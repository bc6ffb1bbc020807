/**
 * DescribeTermsByClient: the terms document named TermsName (terms-of-use, privacy-policy) of one
 * app client, as CreateTerms stored it (operations/terms.ts): what a sign-up page asks for.
 */
import type { Json, Operation } from '../context.js';
import { errors } from '../errors.js';
import { getClient, getPool } from '../services/pools.js';
import { reqString, CLIENT_ID_RULE, POOL_ID_RULE } from '../validate.js';

export const describeTermsByClient: Operation = (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const client = getClient(ctx, reqString(input, 'ClientId', CLIENT_ID_RULE), pool.Id);
  const name = reqString(input, 'TermsName', { min: 1, max: 128, pattern: /^(terms-of-use|privacy-policy)/, patternText: '^(terms-of-use|privacy-policy)' });
  const terms = ctx.store
    .list<Json & { ClientId: string; TermsName: string; seq?: number }>('poolSetting', `${pool.Id}/terms/`)
    .find(t => t.ClientId === client.ClientId && t.TermsName === name);
  if (!terms) throw errors.resourceNotFound(`App client ${client.ClientId} has no terms named ${name}.`);
  const { seq: _seq, ...wire } = terms;
  return { Terms: wire };
};
