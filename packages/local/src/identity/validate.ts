/**
 * Input checks for the identity pools API, worded as Cognito Identity words them. Unlike user
 * pools (InvalidParameterException), Cognito Identity answers model-constraint violations with
 * `ValidationException` ("1 validation error detected: Value 'x' at 'identityPoolId' failed to
 * satisfy constraint: ..."), and a JSON value of the wrong type with `SerializationException`.
 * Member names are lowerCamelCase; token values are never echoed.
 */
import { CognitoError } from '../errors.js';

type Json = Record<string, unknown>;

export interface Rule {
  min?: number;
  max?: number;
  pattern?: RegExp;
  patternText?: string;
  values?: readonly string[];
  /** Echo the rejected value in the message (ids and names; never tokens). */
  show?: boolean;
}

function camel(path: string): string {
  return path
    .split('.')
    .map(p => p.charAt(0).toLowerCase() + p.slice(1))
    .join('.');
}

export function validationError(path: string, constraint: string, shown?: string): CognitoError {
  return new CognitoError(
    'ValidationException',
    `1 validation error detected: Value ${shown === undefined ? '' : `${shown} `}at '${camel(path)}' failed to satisfy constraint: ${constraint}`,
  );
}

function serialization(expected: string, value: unknown): CognitoError {
  const found = Array.isArray(value)
    ? 'Start of list'
    : typeof value === 'object'
      ? 'Start of structure or map'
      : typeof value === 'string'
        ? 'STRING_VALUE'
        : typeof value === 'boolean'
          ? 'BOOLEAN_VALUE'
          : 'NUMBER_VALUE';
  return new CognitoError('SerializationException', `${found} can not be converted to ${expected}`);
}

function quote(value: string, rule: Rule): string | undefined {
  return rule.show ? `'${value.length > 256 ? value.slice(0, 256) + '…' : value}'` : undefined;
}

function checkString(value: string, path: string, rule: Rule): string {
  if (rule.min !== undefined && value.length < rule.min)
    throw validationError(path, `Member must have length greater than or equal to ${rule.min}`, quote(value, rule));
  if (rule.max !== undefined && value.length > rule.max)
    throw validationError(path, `Member must have length less than or equal to ${rule.max}`, quote(value, rule));
  if (rule.pattern && !rule.pattern.test(value)) {
    throw validationError(path, `Member must satisfy regular expression pattern: ${rule.patternText ?? rule.pattern.source}`, quote(value, rule));
  }
  if (rule.values && !rule.values.includes(value))
    throw validationError(path, `Member must satisfy enum value set: [${rule.values.join(', ')}]`, quote(value, rule));
  return value;
}

const missing = (value: unknown) => value === undefined || value === null;

export function optStr(input: Json, name: string, rule: Rule = {}, path = name): string | undefined {
  const value = input[name];
  if (missing(value)) return undefined;
  if (typeof value !== 'string') throw serialization('String', value);
  return checkString(value, path, rule);
}

export function reqStr(input: Json, name: string, rule: Rule = {}, path = name): string {
  const value = optStr(input, name, rule, path);
  if (value === undefined) throw validationError(path, 'Member must not be null', 'null');
  return value;
}

export function optBool(input: Json, name: string): boolean | undefined {
  const value = input[name];
  if (missing(value)) return undefined;
  if (typeof value !== 'boolean') throw serialization('Boolean', value);
  return value;
}

export function reqBool(input: Json, name: string, path = name): boolean {
  const value = optBool(input, name);
  if (value === undefined) throw validationError(path, 'Member must not be null', 'null');
  return value;
}

export function optInt(input: Json, name: string, min: number, max: number): number | undefined {
  const value = input[name];
  if (missing(value)) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw serialization('Integer', value);
  if (value < min) throw validationError(name, `Member must have value greater than or equal to ${min}`, `'${value}'`);
  if (value > max) throw validationError(name, `Member must have value less than or equal to ${max}`, `'${value}'`);
  return value;
}

export function reqInt(input: Json, name: string, min: number, max: number): number {
  const value = optInt(input, name, min, max);
  if (value === undefined) throw validationError(name, 'Member must not be null', 'null');
  return value;
}

export function optList(input: Json, name: string, min = 0, max = Infinity): unknown[] | undefined {
  const value = input[name];
  if (missing(value)) return undefined;
  if (!Array.isArray(value)) throw serialization('List', value);
  if (value.length < min) throw validationError(name, `Member must have length greater than or equal to ${min}`);
  if (value.length > max) throw validationError(name, `Member must have length less than or equal to ${max}`);
  return value;
}

export function optStrList(input: Json, name: string, item: Rule, max = Infinity, min = 0): string[] | undefined {
  const list = optList(input, name, min, max);
  if (!list) return undefined;
  return list.map(v => {
    if (typeof v !== 'string') throw serialization('String', v);
    return checkString(v, name, { ...item, show: item.show ?? true });
  });
}

export function optStruct(value: unknown, _path: string): Json | undefined {
  if (missing(value)) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw serialization('Structure', value);
  return value as Json;
}

/** A `map<string,string>` as a null-prototype object, so keys like `__proto__` stay plain data. */
export function optStrMap(input: Json, name: string, opts: { maxEntries?: number; key?: Rule; value?: Rule } = {}): Record<string, string> | undefined {
  const value = input[name];
  if (missing(value)) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw serialization('Map', value);
  const keys = Object.keys(value as object);
  if (opts.maxEntries !== undefined && keys.length > opts.maxEntries)
    throw validationError(name, `Member must have length less than or equal to ${opts.maxEntries}`);
  const out: Record<string, string> = Object.create(null);
  for (const key of keys) {
    const v = (value as Json)[key];
    if (typeof v !== 'string') throw serialization('String', v);
    if (opts.key) checkString(key, name, opts.key);
    if (opts.value) checkString(v, name, opts.value);
    out[key] = v;
  }
  return out;
}

export const IDENTITY_POOL_ID: Rule = { min: 1, max: 55, pattern: /^[\w-]+:[0-9a-f-]+$/, patternText: '[\\w-]+:[0-9a-f-]+', show: true };
export const IDENTITY_ID: Rule = IDENTITY_POOL_ID;
export const IDENTITY_POOL_NAME: Rule = { min: 1, max: 128, pattern: /^[\w\s+=,.@-]+$/, patternText: '[\\w\\s+=,.@-]+', show: true };
export const PROVIDER_NAME: Rule = { min: 1, max: 128, pattern: /^[\w._:/-]+$/, patternText: '[\\w._:/-]+', show: true };
export const CLIENT_ID: Rule = { min: 1, max: 128, pattern: /^[\w_]+$/, patternText: '[\\w_]+', show: true };
export const DEVELOPER_PROVIDER: Rule = { min: 1, max: 128, pattern: /^[\w._-]+$/, patternText: '[\\w._-]+', show: true };
export const ARN: Rule = { min: 20, max: 2048, show: true };
export const NEXT_TOKEN: Rule = { min: 1, max: 65535, pattern: /^\S+$/, patternText: '[\\S]+' };
export const ACCOUNT_ID: Rule = { min: 1, max: 15, pattern: /^\d+$/, patternText: '\\d+', show: true };
/** `Logins`: up to 10 providers, each token at most 50,000 characters. */
export const LOGINS = { maxEntries: 10, key: { min: 1, max: 128 }, value: { min: 1, max: 50000 } };
