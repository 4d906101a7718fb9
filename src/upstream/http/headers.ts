import type { IncomingHttpHeaders } from 'node:http';

/** Headers a client may set per call. Anything else (cookie, authorization, x-api-key, ...) is dropped. */
export const FORWARDABLE_HEADERS: ReadonlySet<string> = new Set([
  'x-juno-jwt',
  'x-juno-orgid',
  'x-request-id',
  'traceparent',
  'accept',
  'content-type',
]);

export const UNSAFE_HEADER_VALUE = /[\r\n\u0000]/;

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function isJson(headers: IncomingHttpHeaders): boolean {
  const type = headerValue(headers, 'content-type');
  if (!type) return false;
  const essence = type.split(';')[0]?.trim().toLowerCase() ?? '';
  return essence === 'application/json' || (essence.startsWith('application/') && essence.endsWith('+json'));
}

export function isIdentityEncoding(headers: IncomingHttpHeaders): boolean {
  const encoding = headerValue(headers, 'content-encoding')?.trim().toLowerCase();
  return !encoding || encoding === 'identity';
}
