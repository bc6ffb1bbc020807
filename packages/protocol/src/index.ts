export { utf8Encode, utf8Decode, hexToBytes, bytesToHex, bytesToBase64, base64ToBytes, bytesToBase64Url, base64UrlToBytes } from './encoding.js';
export { decodeJwtParts } from './jwt.js';
export type { JwtHeader, JwtPayload, DecodedJwt } from './jwt.js';
