/**
 * Request input, read and decoded as hostile: one body reader that stops at a limit (a declared
 * Content-Length over it is refused before reading; a streamed body is cancelled at the first chunk
 * over it), and decoders that answer `undefined` for garbage instead of throwing. Every route that
 * reads a body or decodes a header, a cookie or a JSON text from a request goes through here.
 */
import { CognitoError } from './errors.js';

/** The AWS JSON 1.1 API's body limit. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** The limit for form posts (hosted UI pages, `/oauth2/token`, `/oauth2/revoke`) and `/_local` JSON. */
export const MAX_FORM_BYTES = 64 * 1024;
/** The deepest nesting accepted in a JSON body; Cognito's shapes are a few levels deep. */
export const MAX_JSON_DEPTH = 32;

/** A body over its route's limit; a CognitoError so that the AWS boundary answers it as is (400). */
export class BodyTooLarge extends CognitoError {
  constructor(readonly limit: number) {
    super('InvalidParameterException', `Request body is larger than ${limit} bytes.`);
  }
}

/** The body as UTF-8 text, at most `limit` bytes; throws BodyTooLarge past it, having read no more. */
export async function readBody(request: Request, limit: number = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > limit) {
    await request.body?.cancel().catch(() => {});
    throw new BodyTooLarge(limit);
  }
  const bytes = await readBytes(request.body, limit);
  if (!bytes) throw new BodyTooLarge(limit);
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/** A body's bytes, at most `limit`: undefined past it, the stream cancelled at the first chunk over it. */
export async function readBytes(body: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array | undefined> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** An `application/x-www-form-urlencoded` body (at most MAX_FORM_BYTES unless told). */
export async function readForm(request: Request, limit: number = MAX_FORM_BYTES): Promise<URLSearchParams> {
  return new URLSearchParams(await readBody(request, limit));
}

/** decodeURIComponent, or undefined for a malformed escape (`%E0%A4%A`, a lone `%`). */
export function decodeComponent(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** Strict base64 (standard alphabet, optional padding) as UTF-8 text, or undefined. */
export function decodeBase64(value: string): string | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 === 1) return undefined;
  return Buffer.from(value, 'base64').toString('utf8');
}

/** Whether a JSON text nests arrays and objects deeper than `max` (strings are skipped). */
export function jsonTooDeep(text: string, max: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/** JSON.parse with a depth bound: the value, or undefined for malformed or too deeply nested text. */
export function parseJson(text: string, max: number = MAX_JSON_DEPTH): { value: unknown } | undefined {
  if (jsonTooDeep(text, max)) return undefined;
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}
