/**
 * SetLogDeliveryConfiguration / GetLogDeliveryConfiguration: stored and returned with Cognito's
 * rules. `userNotification` logs are ERROR level to a CloudWatch Logs group; `userAuthEvents` logs
 * are INFO level to one of CloudWatch Logs, S3 or Data Firehose; each source at most once. Nothing is
 * delivered anywhere: cognate-local has no CloudWatch, S3 or Firehose.
 *
 * Store: `poolSetting` `<poolId>/logDelivery` → LogDeliveryConfigurationType.
 */
import type { Json, Operation } from '../context.js';
import { errors } from '../errors.js';
import { getPool } from '../services/pools.js';
import { ARN_RULE, optArray, optObject, optString, reqString, POOL_ID_RULE, type StringRule } from '../validate.js';

const S3_ARN: StringRule = {
  min: 3,
  max: 1024,
  pattern: /^arn:[\w+=/,.@-]+:[\w+=/,.@-]+:::[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?$/,
  patternText: 'arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:::[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?',
};

const DESTINATIONS = [
  ['CloudWatchLogsConfiguration', 'LogGroupArn', ARN_RULE],
  ['S3Configuration', 'BucketArn', S3_ARN],
  ['FirehoseConfiguration', 'StreamArn', ARN_RULE],
] as const;

const key = (poolId: string) => `${poolId}/logDelivery`;

function logConfiguration(raw: unknown): Json {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw errors.invalidParameter('LogConfigurations must be a list of LogConfigurationType.');
  const item = raw as Json;
  const EventSource = reqString(item, 'EventSource', { values: ['userNotification', 'userAuthEvents'] });
  const LogLevel = reqString(item, 'LogLevel', { values: ['ERROR', 'INFO'] });
  const out: Json = { LogLevel, EventSource };
  const given: string[] = [];
  for (const [field, arnField, rule] of DESTINATIONS) {
    const config = optObject(item, field);
    if (!config) continue;
    const arn = optString(config, arnField, rule);
    out[field] = arn === undefined ? {} : { [arnField]: arn };
    given.push(field);
  }
  if (given.length !== 1) throw errors.invalidParameter(`A log configuration for ${EventSource} must have exactly one destination.`);
  if (EventSource === 'userNotification' && (LogLevel !== 'ERROR' || given[0] !== 'CloudWatchLogsConfiguration')) {
    throw errors.invalidParameter('userNotification logs are delivered at LogLevel ERROR to a CloudWatchLogsConfiguration.');
  }
  if (EventSource === 'userAuthEvents' && LogLevel !== 'INFO') throw errors.invalidParameter('userAuthEvents logs are delivered at LogLevel INFO.');
  return out;
}

export const setLogDeliveryConfiguration: Operation = (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const list = optArray(input, 'LogConfigurations', 2);
  if (!list)
    throw errors.invalidParameter("1 validation error detected: Value null at 'logConfigurations' failed to satisfy constraint: Member must not be null");
  const LogConfigurations = list.map(logConfiguration);
  const sources = LogConfigurations.map(c => c.EventSource);
  if (new Set(sources).size !== sources.length) throw errors.invalidParameter('Each EventSource may have only one log configuration.');
  const configuration = { UserPoolId: pool.Id, LogConfigurations };
  ctx.store.put('poolSetting', key(pool.Id), configuration);
  return { LogDeliveryConfiguration: configuration };
};

export const getLogDeliveryConfiguration: Operation = (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  return { LogDeliveryConfiguration: ctx.store.get<Json>('poolSetting', key(pool.Id)) ?? { UserPoolId: pool.Id, LogConfigurations: [] } };
};
