/**
 * SetUICustomization / GetUICustomization: the hosted UI (classic) branding, per app client or for
 * `ALL` clients (a client's own settings replace the `ALL` ones; they are not merged).
 *
 * As Cognito documents it: the pool needs a domain; CSS may use only the documented
 * `*-customizable` classes, and no HTML, `@` rules or JavaScript; the logo (`ImageFile`) is a PNG
 * or JPEG of at most 100 KB. The stored CSS is parsed into rules here, and the hosted pages
 * (`oauth/html.ts`) render it only from that parsed form (see `customCssRules`), so nothing a
 * caller wrote reaches the page unparsed.
 *
 * Store: `poolSetting` `<poolId>/ui/<clientId|ALL>` → StoredUICustomization. The logo is returned as
 * a `data:` URL in ImageUrl (cognate-local has no CDN to host it on).
 */
import type { Json, Operation, Services } from '../context.js';
import { errors } from '../errors.js';
import type { UserPool } from '../model.js';
import { getClient, getPool } from '../services/pools.js';
import { newUuid } from '../services/ids.js';
import { optString, reqString, POOL_ID_RULE, type StringRule } from '../validate.js';

const CLIENT_ID: StringRule = { min: 1, max: 128, pattern: /^[\w+]+$/, patternText: '[\\w+]+' };
const MAX_CSS = 131072;
const MAX_IMAGE_BYTES = 100 * 1024;

/** The class names (with their documented pseudo-classes) the CSS may style. */
export const CUSTOMIZABLE_CLASSES = [
  'background-customizable',
  'banner-customizable',
  'errorMessage-customizable',
  'idpButton-customizable',
  'idpButton-customizable:hover',
  'inputField-customizable',
  'inputField-customizable:focus',
  'label-customizable',
  'legalText-customizable',
  'logo-customizable',
  'submitButton-customizable',
  'submitButton-customizable:hover',
  'textDescription-customizable',
] as const;

export interface CssRule {
  /** One of CUSTOMIZABLE_CLASSES. */
  selector: (typeof CUSTOMIZABLE_CLASSES)[number];
  declarations: Array<{ property: string; value: string }>;
}

interface StoredUICustomization {
  UserPoolId: string;
  ClientId: string;
  CSS?: string;
  CSSVersion: string;
  ImageUrl?: string;
  CreationDate: number;
  LastModifiedDate: number;
  rules: CssRule[];
}

const key = (poolId: string, clientId: string) => `${poolId}/ui/${clientId}`;
const invalidCss = (why: string) => errors.invalidParameter(`Invalid CSS: ${why}`);

/** A value may hold words, numbers, units, colours and simple functions (rgb(), calc()); nothing that could leave a declaration or load anything. */
const SAFE_VALUE = /^[\w\s#.,%()+\-/!*]+$/;
const FORBIDDEN_VALUE = /(url|expression|image-set|element|javascript|vbscript)\s*[(:]|behavior|-moz-binding/i;

/** Whether a parsed declaration is still one parseCustomCss accepts (the hosted pages check again before rendering). */
export function isSafeDeclaration(property: string, value: string): boolean {
  return /^-?[a-z][a-z-]*$/.test(property) && SAFE_VALUE.test(value) && !FORBIDDEN_VALUE.test(value);
}

/**
 * Parses CSS into rules, or throws InvalidParameterException: only `.<class> { property: value; … }`
 * rules for the documented classes, comments allowed, no `@` rules, no HTML, no URLs or scripts.
 */
export function parseCustomCss(css: string): CssRule[] {
  if (/[<>]/.test(css)) throw invalidCss('HTML is not allowed.');
  if (/@/.test(css)) throw invalidCss('@import, @media, @supports, @page and other @ rules are not allowed.');
  if (/\\/.test(css)) throw invalidCss('escapes are not allowed.');
  const text = css.replace(/\/\*[\s\S]*?\*\//g, ' ');
  if (text.includes('/*')) throw invalidCss('a comment is not closed.');
  const rules: CssRule[] = [];
  const pattern = /([^{}]*)\{([^{}]*)\}/g;
  let end = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (text.slice(end, match.index).trim()) throw invalidCss('unexpected text outside a rule.');
    end = pattern.lastIndex;
    const selectors = match[1]!.split(',').map(s => s.trim());
    const declarations: CssRule['declarations'] = [];
    for (const part of match[2]!.split(';')) {
      if (!part.trim()) continue;
      const colon = part.indexOf(':');
      const property = colon < 0 ? '' : part.slice(0, colon).trim().toLowerCase();
      const value = colon < 0 ? '' : part.slice(colon + 1).trim();
      if (!/^-?[a-z][a-z-]*$/.test(property)) throw invalidCss(`"${part.trim().slice(0, 64)}" is not a property declaration.`);
      if (!value || !isSafeDeclaration(property, value)) throw invalidCss(`the value of ${property} is not allowed.`);
      declarations.push({ property, value });
    }
    for (const selector of selectors) {
      const name = selector.startsWith('.') ? selector.slice(1) : '';
      const known = CUSTOMIZABLE_CLASSES.find(c => c === name);
      if (!known)
        throw invalidCss(`${selector.slice(0, 64) || 'an empty selector'} is not one of the customizable classes (${CUSTOMIZABLE_CLASSES.join(', ')}).`);
      rules.push({ selector: known, declarations });
    }
  }
  if (text.slice(end).trim()) throw invalidCss('unexpected text outside a rule.');
  return rules;
}

/** The image's type from its first bytes: PNG or JPEG, as Cognito accepts. */
function imageType(bytes: Buffer): 'png' | 'jpeg' | undefined {
  if (bytes.length > 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

function poolWithDomain(ctx: Services, input: Json): UserPool {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const hasDomain = ctx.store.list<{ UserPoolId: string }>('domain', '').some(d => d.UserPoolId === pool.Id);
  if (!hasDomain) throw errors.invalidParameter('There has to be an existing domain associated with this user pool');
  return pool;
}

function clientOf(ctx: Services, pool: UserPool, input: Json): string {
  const clientId = optString(input, 'ClientId', CLIENT_ID) ?? 'ALL';
  if (clientId !== 'ALL') getClient(ctx, clientId, pool.Id);
  return clientId;
}

function wire(stored: StoredUICustomization): Json {
  const { rules: _rules, ...rest } = stored;
  return rest as unknown as Json;
}

export const setUICustomization: Operation = (input, ctx) => {
  const pool = poolWithDomain(ctx, input);
  const clientId = clientOf(ctx, pool, input);
  const css = optString(input, 'CSS', { max: MAX_CSS });
  const image = optString(input, 'ImageFile');
  const rules = css === undefined ? [] : parseCustomCss(css);
  let imageUrl: string | undefined;
  if (image !== undefined) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(image)) throw errors.invalidParameter('ImageFile is not valid base64.');
    const bytes = Buffer.from(image, 'base64');
    if (bytes.length > MAX_IMAGE_BYTES) throw errors.invalidParameter(`The logo image must be at most ${MAX_IMAGE_BYTES} bytes.`);
    const type = imageType(bytes);
    if (!type) throw errors.invalidParameter('The logo image must be a PNG or JPEG file.');
    imageUrl = `data:image/${type};base64,${bytes.toString('base64')}`;
  }
  const now = ctx.clock.now();
  const previous = ctx.store.get<StoredUICustomization>('poolSetting', key(pool.Id, clientId));
  const stored: StoredUICustomization = {
    UserPoolId: pool.Id,
    ClientId: clientId,
    ...(css !== undefined ? { CSS: css } : {}),
    CSSVersion: newUuid().replace(/-/g, '').slice(0, 20),
    ...(imageUrl ? { ImageUrl: imageUrl } : {}),
    CreationDate: previous?.CreationDate ?? now,
    LastModifiedDate: now,
    rules,
  };
  ctx.store.put('poolSetting', key(pool.Id, clientId), stored);
  return { UICustomization: wire(stored) };
};

export const getUICustomization: Operation = (input, ctx) => {
  const pool = getPool(ctx, reqString(input, 'UserPoolId', POOL_ID_RULE));
  const clientId = clientOf(ctx, pool, input);
  const stored = findUICustomization(ctx, pool.Id, clientId);
  return { UICustomization: stored ? wire(stored) : { UserPoolId: pool.Id, ClientId: clientId } };
};

function findUICustomization(ctx: Services, poolId: string, clientId: string): StoredUICustomization | undefined {
  return (
    ctx.store.get<StoredUICustomization>('poolSetting', key(poolId, clientId)) ??
    (clientId === 'ALL' ? undefined : ctx.store.get<StoredUICustomization>('poolSetting', key(poolId, 'ALL')))
  );
}

/** The parsed CSS rules the hosted pages apply for a client (its own, else the pool's ALL settings). */
export function customCssRules(ctx: Services, poolId: string, clientId: string): CssRule[] {
  return findUICustomization(ctx, poolId, clientId)?.rules ?? [];
}
