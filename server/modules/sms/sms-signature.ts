// The request signature of the Chinese SMS providers' RPC APIs (Aliyun dysmsapi's "signature
// version 1.0"; Tencent's older API signs the same way): the parameters sorted by name,
// percent-encoded (RFC 3986), joined as a query, prefixed with the method and the encoded path,
// and HMAC-SHA1 over it with `secret&`, in base64. Pure: the HTTP gateway signs with it, the
// inbound callback is verified with it.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** RFC 3986: everything but unreserved characters is encoded, a space as %20 and `*` as %2A. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function canonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((key) => key !== 'Signature')
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(params[key] ?? '')}`)
    .join('&');
}

export function stringToSign(method: string, params: Record<string, string>): string {
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
}

export function signParams(method: string, params: Record<string, string>, secret: string): string {
  return createHmac('sha1', `${secret}&`).update(stringToSign(method, params)).digest('base64');
}

/** Constant-time comparison of the `Signature` parameter with the one `params` should carry. */
export function verifySignedParams(method: string, params: Record<string, string>, secret: string): boolean {
  const given = Buffer.from(params.Signature ?? '', 'utf8');
  const expected = Buffer.from(signParams(method, params, secret), 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
