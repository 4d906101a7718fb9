import { InvalidIdError, type Service } from '../../errors/classes.js';
import type { QueryValue } from './types.js';

const FORBIDDEN_IN_SEGMENT = /[/\\%?#\u0000-\u001f\u007f]/;
const PLACEHOLDER = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/** A template split once: its segments, each a fixed text or the name of a parameter. */
type Compiled = ReadonlyArray<string | { param: string }>;
const compiled = new Map<string, Compiled>();

function compile(template: string): Compiled {
  if (!template.startsWith('/')) throw new Error(`path template must start with "/": ${template}`);
  return template.split('/').map((segment) => {
    const match = PLACEHOLDER.exec(segment);
    if (match) return { param: match[1] as string };
    if (segment.includes('{') || segment.includes('}')) throw new Error(`bad path template: ${template}`);
    return segment;
  });
}

/**
 * Builds a request path from a fixed template such as `/v0/chat/sessions/{session_id}/messages`.
 * Every `{name}` must be a whole segment; each value is checked and percent-encoded. Throws
 * `InvalidIdError` otherwise. Service-specific id rules (UUID form, length) are checked by the
 * clients before this.
 *
 * A value cannot leave its segment: `/`, `\`, `%`, `?`, `#` and control characters are refused,
 * as are values of dots alone, and `encodeURIComponent` leaves nothing a URL parser would resolve
 * or re-encode (the property test in url.test.ts parses every result to check). Templates are
 * the clients' constants, split once.
 */
export function buildPath(template: string, params: Readonly<Record<string, string>>, service: Service): string {
  let segments = compiled.get(template);
  if (!segments) {
    segments = compile(template);
    compiled.set(template, segments);
  }
  let path = '';
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (i > 0) path += '/';
    if (typeof segment === 'string') {
      path += segment;
      continue;
    }
    const value: unknown = params[segment.param];
    if (typeof value !== 'string') throw new InvalidIdError(service, segment.param, 'missing');
    checkSegment(service, segment.param, value);
    try {
      path += encodeURIComponent(value);
    } catch {
      throw new InvalidIdError(service, segment.param, 'not valid Unicode');
    }
  }
  return path;
}

function checkSegment(service: Service, name: string, value: string): void {
  if (value.length === 0) throw new InvalidIdError(service, name, 'empty');
  if (value.trim().length === 0) throw new InvalidIdError(service, name, 'blank');
  if (/^\.+$/.test(value)) throw new InvalidIdError(service, name, 'dot segment');
  if (FORBIDDEN_IN_SEGMENT.test(value)) throw new InvalidIdError(service, name, 'forbidden character');
}

export function parseBaseUrl(baseUrl: string): URL {
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('upstream base URL must be http(s)');
  if (url.username || url.password || url.search || url.hash) {
    throw new Error('upstream base URL must not carry credentials, a query or a fragment');
  }
  return url;
}

export function buildQuery(query: Readonly<Record<string, QueryValue>> | undefined): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'string') search.append(name, value);
    else if (typeof value === 'number' || typeof value === 'boolean') search.append(name, String(value));
    else for (const item of value) search.append(name, item);
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
