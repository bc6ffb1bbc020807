/**
 * SetRiskConfiguration and DescribeRiskConfiguration: threat-protection settings for a pool, or for
 * one of its app clients (which then replace the pool's). Stored and returned as given; what a
 * local server can act on (blocked IP ranges, skipped ranges, blocking breached passwords) is
 * honoured by services/risk.ts.
 */
import type { Json, Operation } from '../context.js';
import { errors } from '../errors.js';
import { getClient, getPool } from '../services/pools.js';
import { effectiveRisk, parseCidr, riskKey, type RiskConfigurationRecord } from '../services/risk.js';
import { optArray, optBool, optObject, optString, optStringList, reqString, CLIENT_ID_RULE, POOL_ID_RULE } from '../validate.js';

const ACTIONS = ['BLOCK', 'MFA_IF_CONFIGURED', 'MFA_REQUIRED', 'NO_ACTION'];

function compromised(input: Json): RiskConfigurationRecord['CompromisedCredentialsRiskConfiguration'] {
  const config = optObject(input, 'CompromisedCredentialsRiskConfiguration');
  if (!config) return undefined;
  const filter = optStringList(config, 'EventFilter', ['SIGN_IN', 'PASSWORD_CHANGE', 'SIGN_UP']);
  const actions = optObject(config, 'Actions');
  if (!actions) throw errors.invalidParameter('CompromisedCredentialsRiskConfiguration.Actions is required.');
  const action = reqString(actions, 'EventAction', { values: ['BLOCK', 'NO_ACTION'] }) as 'BLOCK' | 'NO_ACTION';
  return { ...(filter ? { EventFilter: filter } : {}), Actions: { EventAction: action } };
}

function template(raw: Json | undefined, name: string): Json | undefined {
  const t = raw ? optObject(raw, name) : undefined;
  if (!t) return undefined;
  const subject = reqString(t, 'Subject', { min: 1, max: 140 });
  const html = optString(t, 'HtmlBody', { min: 6, max: 20000 });
  const text = optString(t, 'TextBody', { min: 6, max: 20000 });
  return { Subject: subject, ...(html ? { HtmlBody: html } : {}), ...(text ? { TextBody: text } : {}) };
}

function takeover(input: Json): Json | undefined {
  const config = optObject(input, 'AccountTakeoverRiskConfiguration');
  if (!config) return undefined;
  const out: Json = {};
  const notify = optObject(config, 'NotifyConfiguration');
  if (notify) {
    const n: Json = { SourceArn: reqString(notify, 'SourceArn', { min: 20, max: 2048 }) };
    for (const f of ['From', 'ReplyTo'] as const) {
      const v = optString(notify, f);
      if (v !== undefined) n[f] = v;
    }
    for (const t of ['BlockEmail', 'NoActionEmail', 'MfaEmail'] as const) {
      const v = template(notify, t);
      if (v) n[t] = v;
    }
    out.NotifyConfiguration = n;
  }
  const actions = optObject(config, 'Actions');
  if (!actions) throw errors.invalidParameter('AccountTakeoverRiskConfiguration.Actions is required.');
  const a: Json = {};
  for (const level of ['LowAction', 'MediumAction', 'HighAction'] as const) {
    const action = optObject(actions, level);
    if (!action) continue;
    const notifyFlag = optBool(action, 'Notify');
    if (notifyFlag === undefined) throw errors.invalidParameter(`AccountTakeoverRiskConfiguration.Actions.${level}.Notify is required.`);
    a[level] = { Notify: notifyFlag, EventAction: reqString(action, 'EventAction', { values: ACTIONS }) };
    if (notifyFlag && !notify) throw errors.invalidParameter('NotifyConfiguration is required when an action notifies users.');
  }
  out.Actions = a;
  return out;
}

function ranges(config: Json, name: string): string[] | undefined {
  const list = optArray(config, name, 200);
  if (!list) return undefined;
  return list.map(item => {
    if (typeof item !== 'string' || !parseCidr(item)) throw errors.invalidParameter(`${name} must be a list of CIDR blocks (for example 192.0.2.0/24).`);
    return item;
  });
}

function exceptions(input: Json): RiskConfigurationRecord['RiskExceptionConfiguration'] {
  const config = optObject(input, 'RiskExceptionConfiguration');
  if (!config) return undefined;
  const blocked = ranges(config, 'BlockedIPRangeList');
  const skipped = ranges(config, 'SkippedIPRangeList');
  return { ...(blocked ? { BlockedIPRangeList: blocked } : {}), ...(skipped ? { SkippedIPRangeList: skipped } : {}) };
}

export const setRiskConfiguration: Operation = (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const clientId = optString(input, 'ClientId', CLIENT_ID_RULE);
  if (clientId) getClient(ctx, clientId, pool.Id);
  const cc = compromised(input);
  const ato = takeover(input);
  const ex = exceptions(input);
  const record: RiskConfigurationRecord = {
    UserPoolId: pool.Id,
    ...(clientId ? { ClientId: clientId } : {}),
    ...(cc ? { CompromisedCredentialsRiskConfiguration: cc } : {}),
    ...(ato ? { AccountTakeoverRiskConfiguration: ato } : {}),
    ...(ex ? { RiskExceptionConfiguration: ex } : {}),
    LastModifiedDate: ctx.clock.now(),
  };
  ctx.store.put('risk', riskKey(pool.Id, clientId), record);
  return { RiskConfiguration: record };
};

export const describeRiskConfiguration: Operation = (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const clientId = optString(input, 'ClientId', CLIENT_ID_RULE);
  if (clientId) getClient(ctx, clientId, pool.Id);
  const record = effectiveRisk(ctx, pool.Id, clientId);
  return { RiskConfiguration: record ?? { UserPoolId: pool.Id, ...(clientId ? { ClientId: clientId } : {}) } };
};
