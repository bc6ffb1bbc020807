/**
 * base64url (RFC 4648 §5, no padding) to and from the `ArrayBuffer`s `navigator.credentials`
 * takes and gives: WebAuthn's JSON forms carry challenges, ids and signatures this way. The
 * encoding itself is @cognate/protocol's.
 */
import { base64UrlToBytes, bytesToBase64Url } from '@cognate/protocol/encoding';

export function toBase64Url(data: ArrayBuffer | ArrayBufferView): string {
  return bytesToBase64Url(ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data));
}

export function fromBase64Url(text: string): ArrayBuffer {
  return base64UrlToBytes(text).buffer;
}
