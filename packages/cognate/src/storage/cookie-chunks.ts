/**
 * Values too large for one cookie (a big id token) are split into `<name>.0`, `<name>.1`, … so that
 * each encoded `name=value` stays within MAX_COOKIE_BYTES (browsers allow 4096; margin for odd
 * user agents). Readers prefer the unsplit cookie, then join consecutive chunks. The browser's
 * CookieStorage and the server's cookie adapter both follow these rules, so each reads what the
 * other wrote.
 */
export const MAX_COOKIE_BYTES = 3800;
export const MAX_CHUNKS = 16;

export const chunkName = (key: string, index: number): string => `${key}.${index}`;

/** The chunks for `value`, or undefined when it fits in one cookie. */
export function splitCookieValue(key: string, value: string, encodeName: (s: string) => string, encodeValue: (s: string) => string): string[] | undefined {
  const name = encodeName(key).length;
  if (name + 1 + encodeValue(value).length <= MAX_COOKIE_BYTES) return undefined;
  const room = MAX_COOKIE_BYTES - name - 4;
  const chunks: string[] = [];
  let current = '';
  let size = 0;
  for (const char of value) {
    const cost = encodeValue(char).length;
    if (size + cost > room) {
      chunks.push(current);
      current = '';
      size = 0;
    }
    current += char;
    size += cost;
  }
  if (current) chunks.push(current);
  return chunks;
}
