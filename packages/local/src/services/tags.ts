/**
 * The one tag rule for every taggable resource (user pools and identity pools): at most 50 tags, keys
 * 1–128 characters, values 0–256, as AWS tagging allows. Each API reads its input with its own
 * validation wording; the limits and the merge live here.
 */
export const MAX_TAGS = 50;
export const TAG_KEY = { min: 1, max: 128 };
export const TAG_VALUE = { min: 0, max: 256 };
/** For optStrMap-style readers. */
export const TAG_LIMITS = { maxEntries: MAX_TAGS, key: TAG_KEY, value: TAG_VALUE };

/** Why a tag is refused, or undefined when it is fine. */
export function tagProblem(key: string, value: string): string | undefined {
  if (key.length < TAG_KEY.min || key.length > TAG_KEY.max) return `Tag key must be ${TAG_KEY.min} to ${TAG_KEY.max} characters long.`;
  if (value.length > TAG_VALUE.max) return `Tag value must be at most ${TAG_VALUE.max} characters long.`;
  return undefined;
}

/** `existing` with `added` set (a key given again takes the new value); undefined when the result would hold more than MAX_TAGS. */
export function mergeTags(existing: Record<string, string> | undefined, added: Record<string, string>): Record<string, string> | undefined {
  const merged: Record<string, string> = { ...(existing ?? {}), ...added };
  return Object.keys(merged).length > MAX_TAGS ? undefined : merged;
}

/** `existing` without `keys`. */
export function removeTags(existing: Record<string, string> | undefined, keys: string[]): Record<string, string> {
  const out: Record<string, string> = { ...(existing ?? {}) };
  for (const key of keys) delete out[key];
  return out;
}
