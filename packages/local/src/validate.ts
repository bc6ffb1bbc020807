/**
 * Input validation with Cognito's wording: `1 validation error detected: Value at 'clientId' failed
 * to satisfy constraint: Member must not be null`. Member names are reported in lowerCamelCase, as
 * Cognito does. Every check throws `InvalidParameterException`; nothing is coerced.
 */
import { CognitoError } from './errors.js';

type Json = Record<string, unknown>;

function camel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function fail(name: string, constraint: string, shown = ''): never {
  throw new CognitoError(
    'InvalidParameterException',
    `1 validation error detected: Value ${shown}at '${camel(name)}' failed to satisfy constraint: ${constraint}`,
  );
}

/** A required member that must be one of `values` (a wire-name table), narrowed to their union. */
export function reqEnum<T extends string>(input: Json, name: string, values: readonly T[]): T {
  return reqString(input, name, { values }) as T;
}

/** `value`, or the validation error Cognito gives for a required member that is missing (`name` as on the wire). */
export function notNull<T>(value: T | undefined, name: string): T {
  if (value === undefined) fail(name, 'Member must not be null', 'null ');
  return value;
}

export interface StringRule {
  min?: number;
  max?: number;
  pattern?: RegExp;
  patternText?: string;
  values?: readonly string[];
}

export function optString(input: Json, name: string, rule: StringRule = {}): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail(name, 'Member must be a string');
  if (rule.min !== undefined && value.length < rule.min) {
    fail(name, `Member must have length greater than or equal to ${rule.min}`);
  }
  if (rule.max !== undefined && value.length > rule.max) {
    fail(name, `Member must have length less than or equal to ${rule.max}`);
  }
  if (rule.pattern && !rule.pattern.test(value)) {
    fail(name, `Member must satisfy regular expression pattern: ${rule.patternText ?? rule.pattern.source}`);
  }
  if (rule.values && !rule.values.includes(value)) {
    fail(name, `Member must satisfy enum value set: [${rule.values.join(', ')}]`);
  }
  return value;
}

export function reqString(input: Json, name: string, rule: StringRule = {}): string {
  const value = optString(input, name, rule);
  if (value === undefined) fail(name, 'Member must not be null', 'null ');
  return value;
}

export function optBool(input: Json, name: string): boolean | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') fail(name, 'Member must be a boolean');
  return value;
}

export function optInt(input: Json, name: string, min?: number, max?: number): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(name, 'Member must be an integer');
  if (min !== undefined && value < min) fail(name, `Member must have value greater than or equal to ${min}`, `'${value}' `);
  if (max !== undefined && value > max) fail(name, `Member must have value less than or equal to ${max}`, `'${value}' `);
  return value;
}

export function optObject(input: Json, name: string): Json | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) fail(name, 'Member must be a structure');
  return value as Json;
}

export function optArray(input: Json, name: string, max?: number): unknown[] | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) fail(name, 'Member must be a list');
  if (max !== undefined && value.length > max) fail(name, `Member must have length less than or equal to ${max}`);
  return value;
}

export function optStringList(input: Json, name: string, values?: readonly string[]): string[] | undefined {
  const list = optArray(input, name, 1000);
  if (!list) return undefined;
  for (const item of list) {
    if (typeof item !== 'string') fail(name, 'Member must be a list of strings');
    if (values && !values.includes(item)) fail(name, `Member must satisfy constraint: [Member must satisfy enum value set: [${values.join(', ')}]]`);
  }
  return list as string[];
}

/** A `map<string,string>` such as ClientMetadata or AuthParameters, as a null-prototype object. */
export function optStringMap(input: Json, name: string): Record<string, string> | undefined {
  const value = optObject(input, name);
  if (!value) return undefined;
  const out: Record<string, string> = Object.create(null);
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (typeof v !== 'string') fail(name, 'Member must be a map of strings');
    out[key] = v;
  }
  return out;
}

/** `[{Name, Value}]` attribute lists, as in SignUp.UserAttributes. */
export function optAttributeList(input: Json, name: string): Array<{ Name: string; Value: string }> | undefined {
  const list = optArray(input, name, 100);
  if (!list) return undefined;
  return list.map(item => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) fail(name, 'Member must be a list of AttributeType');
    const entry = item as Json;
    const attrName = reqString(entry, 'Name', { min: 1, max: 32 });
    const attrValue = optString(entry, 'Value', { max: 2048 }) ?? '';
    return { Name: attrName, Value: attrValue };
  });
}

export const USERNAME_RULE: StringRule = { min: 1, max: 128, pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, patternText: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+' };
export const CLIENT_ID_RULE: StringRule = { min: 1, max: 128, pattern: /^[\w+]+$/, patternText: '[\\w+]+' };
export const POOL_ID_RULE: StringRule = { min: 1, max: 55, pattern: /^[\w-]+_[0-9a-zA-Z]+$/, patternText: '[\\w-]+_[0-9a-zA-Z]+' };
export const PASSWORD_RULE: StringRule = { min: 1, max: 256, pattern: /^[\S]+.*[\S]+$|^\S$/su, patternText: '^[\\S]+.*[\\S]+$' };
export const CODE_RULE: StringRule = { min: 1, max: 2048, pattern: /^[\S]+$/, patternText: '[\\S]+' };
/** Cognito's ArnType: an IAM role, log group or stream ARN. */
export const ARN_RULE: StringRule = {
  min: 20,
  max: 2048,
  pattern: /^arn:[\w+=/,.@-]+:[\w+=/,.@-]+:([\w+=/,.@-]*)?:[0-9]+:[\w+=/,.@-]+(:[\w+=/,.@-]+)?(:[\w+=/,.@-]+)?$/,
  patternText: 'arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?',
};
export const TOKEN_RULE: StringRule = { min: 1, max: 100000, pattern: /^[A-Za-z0-9\-_=.]+$/, patternText: '[A-Za-z0-9-_=.]+' };
