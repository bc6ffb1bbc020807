/**
 * HTML escaped by construction. `html\`…\`` escapes every interpolated value unless it is already
 * `SafeHtml` (another `html` result, or text named as markup with `raw()`); arrays are rendered
 * item by item and joined; `null`, `undefined` and `false` render as nothing. Escaping all five of
 * `& < > " '` makes a value safe in element text and in quoted attribute values alike; the
 * templates always quote their attributes.
 *
 * `js\`…\`` is the same idea for the inside of a `<script>` element: interpolated values become
 * JSON literals with `<`, `>`, `&`, U+2028 and U+2029 written as `\u` escapes, so no data can end
 * the script element or open a comment.
 */

/** Markup that may be written to a page as it is. Only `html`, `raw` and `attrs` make one. */
export class SafeHtml {
  readonly #text: string;
  constructor(text: string) {
    this.#text = text;
  }
  toString(): string {
    return this.#text;
  }
}

export type Interpolation = SafeHtml | string | number | boolean | null | undefined | readonly Interpolation[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => ENTITIES[c]!);
}

/** Names `text` as markup: for constant markup, never for data. */
export function raw(text: string): SafeHtml {
  return new SafeHtml(text);
}

export function isSafeHtml(value: unknown): value is SafeHtml {
  return value instanceof SafeHtml;
}

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.toString();
  if (Array.isArray(value)) return value.map(render).join('');
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number' || value === true) return escapeHtml(String(value));
  // Anything else (a plain object sneaking past the types) is a bug, not something to print.
  throw new TypeError(`html: cannot interpolate a value of type ${typeof value}`);
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

const ATTRIBUTE_NAME = /^[a-z][a-z0-9-]*$/;

/**
 * Attributes from a record: `name="value"` (escaped), a bare `name` for `true`, nothing for
 * `false`/`undefined`. Names come from code and must be plain lower-case names.
 */
export function attrs(record: Record<string, string | number | boolean | undefined>): SafeHtml {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(record)) {
    if (!ATTRIBUTE_NAME.test(name)) throw new TypeError(`html: not an attribute name: ${name}`);
    if (value === undefined || value === false) continue;
    parts.push(value === true ? name : `${name}="${escapeHtml(String(value))}"`);
  }
  return new SafeHtml(parts.join(' '));
}

/** Script source that may be written inside a `<script>` element. Only `js` makes one. */
export class SafeScript {
  readonly #text: string;
  constructor(text: string) {
    this.#text = text;
  }
  toString(): string {
    return this.#text;
  }
}

const SCRIPT_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** A JSON literal safe inside a `<script>` element. */
export function scriptJson(value: unknown): string {
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('js: cannot embed undefined');
  return json.replace(/[<>&\u2028\u2029]/g, c => SCRIPT_ESCAPES[c]!);
}

/** Script source whose interpolations are embedded as JSON literals (see `scriptJson`). */
export function js(strings: TemplateStringsArray, ...values: unknown[]): SafeScript {
  for (const part of strings) {
    // The constant parts are the author's code: they must not end the element themselves.
    if (/<\/script|<!--/i.test(part)) throw new TypeError('js: the script text contains </script or <!--');
  }
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += scriptJson(values[i]) + strings[i + 1]!;
  return new SafeScript(out);
}

/** A `<script>` element around `code`; `type` as given (e.g. `module`). */
export function script(code: SafeScript, type?: string): SafeHtml {
  return html`<script${type ? html` type="${type}"` : ''}>${raw(code.toString())}</script>`;
}
