/** Identifiers in AWS shapes: pool ids, client ids and secrets, subs, opaque sessions. */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

function pick(alphabet: string, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += alphabet[randomInt(alphabet.length)];
  return s;
}

export const newPoolId = (region: string): string => `${region}_${pick(ALNUM, 9)}`;
export const newClientId = (): string => pick(LOWER_ALNUM, 26);
export const newClientSecret = (): string => pick(LOWER_ALNUM, 51);
export const newUuid = (): string => randomUUID();
/** A user import job id: `import-` and 10 letters or digits. */
export const newImportJobId = (): string => `import-${pick(ALNUM, 10)}`;
/** A temporary credentials' access key id: `ASIA` and 16 base32 characters. */
export const newAccessKeyId = (): string => `ASIA${pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
export const newOpaque = (bytes: number): string => randomBytes(bytes).toString('base64url');
/** A numeric one-time code of `digits` digits. */
export const newCode = (digits = 6): string => String(randomInt(10 ** digits)).padStart(digits, '0');
