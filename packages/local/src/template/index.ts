/**
 * `configFromTemplate`: pools from infrastructure code. Takes a CloudFormation template (JSON or
 * YAML, hand-written or `cdk.out/*.template.json`) or an Amplify Gen 2 `amplify_outputs.json`, as
 * text or as a parsed object, and gives the seed config (`--config`'s format) that creates the same
 * pools, so every setting passes through the same operation handlers and their validation.
 * `cognate-local start --template FILE` is a thin call to it.
 *
 * YAML is parsed by the `yaml` package, loaded only here (the server's cold start never loads it).
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { ConfigError, parseConfigJson, validateConfig } from '../config-validate.js';
import { configFromAmplifyOutputs, isAmplifyOutputs } from './amplify-outputs.js';
import { configFromCloudFormation, type TemplateOptions, type TemplateResult } from './cloudformation.js';
import { TemplateProblem } from './intrinsics.js';

export type { SkippedResource, TemplateOptions, TemplateResult } from './cloudformation.js';

export interface ConfigFromTemplateOptions extends TemplateOptions {
  /** How `input` text is written; by default JSON when it starts with `{`, else YAML. */
  format?: 'json' | 'yaml';
}

/** CloudFormation's short-form tags: `!Ref X` is `{ Ref: X }`, `!GetAtt A.B` is `{ "Fn::GetAtt": [A, B] }`, `!Sub s` is `{ "Fn::Sub": s }`. */
const SHORT_FORMS = [
  'Ref',
  'Condition',
  'GetAtt',
  'Sub',
  'Join',
  'Select',
  'Split',
  'FindInMap',
  'Base64',
  'If',
  'Equals',
  'Not',
  'And',
  'Or',
  'GetAZs',
  'ImportValue',
  'Cidr',
  'Transform',
  'ToJsonString',
  'Length',
];

async function parseYaml(text: string): Promise<unknown> {
  const { parse } = await import('yaml');
  const fullName = (name: string) => (name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`);
  const customTags = SHORT_FORMS.flatMap(name =>
    (['scalar', 'seq', 'map'] as const).map(nodeClass => ({
      tag: `!${name}`,
      nodeClass: undefined,
      collection: nodeClass === 'scalar' ? undefined : nodeClass,
      resolve: (value: unknown) => {
        // `!GetAtt A.B` is the string form of `Fn::GetAtt: [A, B]`.
        if (name === 'GetAtt' && typeof value === 'string') {
          const dot = value.indexOf('.');
          return { 'Fn::GetAtt': dot > 0 ? [value.slice(0, dot), value.slice(dot + 1)] : [value] };
        }
        return { [fullName(name)]: toJs(value) };
      },
    })),
  );
  try {
    // CloudFormation's YAML is YAML 1.1-ish but its templates read the same under the core schema.
    return parse(text, { customTags: customTags as never, maxAliasCount: 100, prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    const { linePos, message } = error as { linePos?: Array<{ line: number; col: number }>; message: string };
    const at = linePos?.[0];
    throw new ConfigError([`${at ? `${at.line}:${at.col}: ` : ''}invalid YAML: ${message.split('\n')[0]}`]);
  }
}

/** A yaml collection node (given to a collection tag's resolver) as plain JavaScript. */
function toJs(value: unknown): unknown {
  const node = value as { toJSON?: () => unknown };
  return typeof node === 'object' && node !== null && typeof node.toJSON === 'function' ? node.toJSON() : value;
}

/**
 * The seed config a template or amplify_outputs.json describes, with the resources it skipped and
 * notes on settings read but not honoured. Throws a ConfigError naming every problem (each starting
 * with where it is, e.g. `Resources.Pool.Properties.Policies.Fn::ImportValue: ...`).
 */
export async function configFromTemplate(input: string | Record<string, unknown>, options: ConfigFromTemplateOptions = {}): Promise<TemplateResult> {
  let value: unknown = input;
  if (typeof input === 'string') {
    const text = input.replace(/^\uFEFF/, '');
    const format = options.format ?? (text.trimStart().startsWith('{') ? 'json' : 'yaml');
    value = format === 'json' ? parseConfigJson(text) : await parseYaml(text);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(['a template must be a CloudFormation template (with Resources) or an amplify_outputs.json (with auth.user_pool_id)']);
  }
  const object = value as Record<string, unknown>;
  let result: TemplateResult;
  try {
    if (isAmplifyOutputs(object)) result = configFromAmplifyOutputs(object);
    else if ('Resources' in object || 'AWSTemplateFormatVersion' in object) result = configFromCloudFormation(object, options);
    else throw new ConfigError(['not a CloudFormation template (no Resources) nor an amplify_outputs.json (no auth.user_pool_id)']);
  } catch (error) {
    if (error instanceof TemplateProblem) throw new ConfigError([error.message]);
    throw error;
  }
  validateConfig(result.config);
  return result;
}

/**
 * A template file by its path, as `--template` and `startCognateLocal({ template })` read it: the
 * format from its extension (else its first character), the stack name from its file name
 * (`cdk.out/MyStack.template.json` → `MyStack`), problems as a ConfigError.
 */
export async function configFromTemplateFile(file: string, options: ConfigFromTemplateOptions = {}): Promise<TemplateResult> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new ConfigError([code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a template file' : (error as Error).message]);
  }
  const ext = extname(file).toLowerCase();
  const format = ext === '.json' ? 'json' : ext === '.yaml' || ext === '.yml' ? 'yaml' : undefined;
  const stackName = basename(file).replace(/(\.template)?\.(json|ya?ml)$/i, '') || 'cognate-local';
  return configFromTemplate(text, { ...(format ? { format } : {}), stackName, ...options });
}
