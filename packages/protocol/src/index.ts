export {
  utf8Encode,
  utf8Decode,
  hexToBytes,
  bytesToHex,
  bytesToBase64,
  base64ToBytes,
  bytesToBase64Url,
  base64UrlToBytes,
  base64UrlToBytesStrict,
} from './encoding.js';
export { decodeJwtParts, parseJwt, checkJwtHeader, checkJwtClaims, decodeJwtPayloadUnverified } from './jwt.js';
export type { JwtHeader, JwtPayload, DecodedJwt, ParsedJwt, JwtFailure, JwtClaimRules } from './jwt.js';
export { SRP_N, SRP_G, SRP_K } from './srp/constants.js';
export { padHex } from './srp/pad-hex.js';
export { modPow } from './srp/mod-pow.js';
export { randomBigInt } from './srp/random.js';
export { formatSrpTimestamp } from './srp/timestamp.js';
export { startSrpSession, srpAToHex, computePasswordClaimSignature } from './srp/client.js';
export type { SrpClientSession } from './srp/client.js';
export {
  checkPasswordClaimSignature,
  computeServerClaimKey,
  computeSrpVerifier,
  createSrpServerEphemeral,
  startSrpServerSession,
  verifyPasswordClaimSignature,
} from './srp/server.js';
export type { SrpServerSession } from './srp/server.js';
export { createDeviceSecretVerifier } from './srp/device.js';
