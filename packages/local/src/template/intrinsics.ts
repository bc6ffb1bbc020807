/**
 * CloudFormation's intrinsic functions, resolved before deployment as far as a local server can:
 * `Ref` and `Fn::GetAtt` (to parameters, pseudo parameters and resources), `Fn::Sub`, `Fn::Join`,
 * `Fn::Select`, `Fn::Split`, `Fn::FindInMap`, `Fn::Base64`, and the condition functions
 * (`Fn::If`, `Fn::Equals`, `Fn::Not`, `Fn::And`, `Fn::Or`, `Condition`) on values known here.
 * Anything else is a TemplateProblem naming the function and where it is.
 */

/** A mistake in (or a limit of reading) a template, at `path` (e.g. `Resources.Pool.Properties.Policies`). */
export class TemplateProblem extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'TemplateProblem';
  }
}

/** What a Ref or Fn::GetAtt to a name gives; `undefined` from `attribute` means it has no such attribute. */
export interface Target {
  ref(path: string): unknown;
  attribute(name: string, path: string): unknown;
}

export interface Scope {
  /** Parameters, pseudo parameters and resources by logical id. */
  target(name: string, path: string): Target | undefined;
  /** A named condition's value. */
  condition(name: string, path: string): boolean;
  mappings: Record<string, unknown>;
}

/** Returned where `Ref: AWS::NoValue` (or an `Fn::If` branch giving it) removes a property. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

export const SUPPORTED = ['Ref', 'Fn::GetAtt', 'Fn::Sub', 'Fn::Join', 'Fn::Select', 'Fn::Split', 'Fn::FindInMap', 'Fn::Base64', 'Fn::If', 'Condition'];
const CONDITION_FUNCTIONS = ['Fn::Equals', 'Fn::Not', 'Fn::And', 'Fn::Or', 'Condition'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The intrinsic function `value` calls (`{ "Fn::X": ... }` or `{ "Ref": ... }`), if it is one. */
function intrinsic(value: unknown): [string, unknown] | undefined {
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const name = keys[0]!;
  return name === 'Ref' || name === 'Condition' || name.startsWith('Fn::') ? [name, value[name]] : undefined;
}

function text(value: unknown, path: string, what: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new TemplateProblem(path, `${what} must be a string (got ${Array.isArray(value) ? 'an array' : typeof value})`);
}

/** `value` with every intrinsic function resolved. */
export function resolve(value: unknown, path: string, scope: Scope): unknown {
  const call = intrinsic(value);
  if (call) return resolveCall(call[0], call[1], path, scope);
  if (Array.isArray(value)) return value.map((v, i) => resolve(v, `${path}[${i}]`, scope)).filter(v => v !== NO_VALUE);
  if (isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = resolve(v, `${path}.${k}`, scope);
      if (r !== NO_VALUE) out[k] = r;
    }
    return out;
  }
  return value;
}

function resolveCall(name: string, arg: unknown, path: string, scope: Scope): unknown {
  const at = `${path}.${name}`;
  switch (name) {
    case 'Ref': {
      const ref = text(arg, at, 'Ref');
      if (ref === 'AWS::NoValue') return NO_VALUE;
      const target = scope.target(ref, at);
      if (!target) throw new TemplateProblem(at, `Ref to ${ref}, which is not a parameter, pseudo parameter or resource of this template`);
      return target.ref(at);
    }
    case 'Fn::GetAtt': {
      const dot = typeof arg === 'string' ? arg.indexOf('.') : -1;
      const parts = typeof arg === 'string' ? (dot > 0 ? [arg.slice(0, dot), arg.slice(dot + 1)] : [arg]) : arg;
      if (!Array.isArray(parts) || parts.length !== 2) throw new TemplateProblem(at, 'Fn::GetAtt takes [LogicalId, Attribute] (or "LogicalId.Attribute")');
      const id = text(parts[0], at, 'the logical id');
      const attribute = text(resolve(parts[1], at, scope), at, 'the attribute name');
      const target = scope.target(id, at);
      if (!target || id.startsWith('AWS::')) throw new TemplateProblem(at, `Fn::GetAtt to ${id}, which is not a resource of this template`);
      const result = target.attribute(attribute, at);
      if (result === undefined) throw new TemplateProblem(at, `Fn::GetAtt ${id}.${attribute}: ${id} has no attribute ${attribute} that cognate-local knows`);
      return result;
    }
    case 'Fn::Sub': {
      const [template, vars] = Array.isArray(arg) ? [arg[0], arg[1] ?? {}] : [arg, {}];
      const source = text(template, at, 'the Fn::Sub string');
      if (!isObject(vars)) throw new TemplateProblem(at, 'Fn::Sub variables must be an object');
      const resolvedVars = resolve(vars, `${at}[1]`, scope) as Record<string, unknown>;
      return source.replace(/\$\{(!?)([^}]*)\}/g, (whole, bang: string, inner: string) => {
        if (bang) return `\${${inner}}`;
        const name = inner.trim();
        if (name in resolvedVars) return text(resolvedVars[name], at, `the Fn::Sub variable ${name}`);
        const dot = name.indexOf('.');
        const value =
          dot > 0 && !name.startsWith('AWS::')
            ? resolveCall('Fn::GetAtt', [name.slice(0, dot), name.slice(dot + 1)], path, scope)
            : resolveCall('Ref', name, path, scope);
        return text(value, at, whole);
      });
    }
    case 'Fn::Join': {
      if (!Array.isArray(arg) || arg.length !== 2) throw new TemplateProblem(at, 'Fn::Join takes [delimiter, [values]]');
      const delimiter = text(arg[0], at, 'the Fn::Join delimiter');
      const list = resolve(arg[1], `${at}[1]`, scope);
      if (!Array.isArray(list)) throw new TemplateProblem(at, 'Fn::Join needs a list of values');
      return list.map(v => text(v, at, 'each Fn::Join value')).join(delimiter);
    }
    case 'Fn::Select': {
      if (!Array.isArray(arg) || arg.length !== 2) throw new TemplateProblem(at, 'Fn::Select takes [index, [values]]');
      const index = Number(resolve(arg[0], at, scope));
      const list = resolve(arg[1], `${at}[1]`, scope);
      if (!Array.isArray(list) || !Number.isInteger(index) || index < 0 || index >= list.length) throw new TemplateProblem(at, 'Fn::Select index out of range');
      return list[index];
    }
    case 'Fn::Split': {
      if (!Array.isArray(arg) || arg.length !== 2) throw new TemplateProblem(at, 'Fn::Split takes [delimiter, string]');
      return text(resolve(arg[1], at, scope), at, 'the Fn::Split string').split(text(arg[0], at, 'the Fn::Split delimiter'));
    }
    case 'Fn::FindInMap': {
      if (!Array.isArray(arg) || arg.length < 3) throw new TemplateProblem(at, 'Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey]');
      const [map, top, second] = arg.slice(0, 3).map(k => text(resolve(k, at, scope), at, 'a Fn::FindInMap key'));
      const found = (scope.mappings[map!] as Record<string, Record<string, unknown>> | undefined)?.[top!]?.[second!];
      if (found === undefined) throw new TemplateProblem(at, `Fn::FindInMap: Mappings.${map}.${top}.${second} does not exist`);
      return found;
    }
    case 'Fn::Base64':
      return Buffer.from(text(resolve(arg, at, scope), at, 'the Fn::Base64 value')).toString('base64');
    case 'Fn::If': {
      if (!Array.isArray(arg) || arg.length !== 3) throw new TemplateProblem(at, 'Fn::If takes [ConditionName, valueIfTrue, valueIfFalse]');
      const condition = scope.condition(text(arg[0], at, 'the condition name'), at);
      return resolve(arg[condition ? 1 : 2], `${at}[${condition ? 1 : 2}]`, scope);
    }
    default:
      throw new TemplateProblem(
        at,
        `${name} is not supported by cognate-local (it resolves ${SUPPORTED.join(', ')}${CONDITION_FUNCTIONS.includes(name) ? `; ${name} only in Conditions` : ''})`,
      );
  }
}

/** A condition's value: Fn::Equals, Fn::Not, Fn::And, Fn::Or and Condition, on resolved values. */
export function evaluateCondition(value: unknown, path: string, scope: Scope): boolean {
  if (typeof value === 'boolean') return value;
  const call = intrinsic(value);
  if (!call) throw new TemplateProblem(path, 'a condition must be Fn::Equals, Fn::Not, Fn::And, Fn::Or or Condition');
  const [name, arg] = call;
  const at = `${path}.${name}`;
  const list = (n?: number): unknown[] => {
    if (!Array.isArray(arg) || (n !== undefined && arg.length !== n)) throw new TemplateProblem(at, `${name} takes a list${n ? ` of ${n}` : ''}`);
    return arg;
  };
  switch (name) {
    case 'Fn::Equals': {
      const [a, b] = list(2).map((v, i) => resolve(v, `${at}[${i}]`, scope));
      return JSON.stringify(a) === JSON.stringify(b) || (typeof a !== 'object' && typeof b !== 'object' && String(a) === String(b));
    }
    case 'Fn::Not':
      return !evaluateCondition(list(1)[0], `${at}[0]`, scope);
    case 'Fn::And':
      return list().every((c, i) => evaluateCondition(c, `${at}[${i}]`, scope));
    case 'Fn::Or':
      return list().some((c, i) => evaluateCondition(c, `${at}[${i}]`, scope));
    case 'Condition':
      return scope.condition(text(arg, at, 'the condition name'), at);
    default:
      throw new TemplateProblem(at, `${name} is not supported in a condition (cognate-local evaluates ${CONDITION_FUNCTIONS.join(', ')})`);
  }
}
