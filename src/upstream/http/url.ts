import { InvalidIdError, type Service } from '../../errors/classes.js';
import type { QueryValue } from './types.js';

const FORBIDDEN_IN_SEGMENT = /[/\\%?#\u0000-\u001f\u007f]/;
const PLACEHOLDER = /^\{([A-Za-z_][A-Za-z0-9_]*)\}$/;
const PROBE_ORIGIN = 'http://upstream.invalid';

/**
 * Builds a request path from a fixed template such as `/v0/chat/sessions/{session_id}/messages`.
 * Every `{name}` must be a whole segment; each value is checked, percent-encoded, and the result
 * must still sit under the template's static prefix with the same number of segments.
 * Throws `InvalidIdError` otherwise. Service-specific id rules (UUID form, length) are checked
 * by the clients before this.
 */
export function buildPath(template: string, params: Readonly<Record<string, string>>, service: Service): string {
  if (!template.startsWith('/')) throw new Error(`path template must start with "/": ${template}`);
  const templateSegments = template.split('/');
  const out: string[] = [];
  for (const segment of templateSegments) {
    const match = PLACEHOLDER.exec(segment);
    if (!match) {
      if (segment.includes('{') || segment.includes('}')) throw new Error(`bad path template: ${template}`);
      out.push(segment);
      continue;
    }
    const name = match[1] as string;
    const value: unknown = params[name];
    if (typeof value !== 'string') throw new InvalidIdError(service, name, 'missing');
    checkSegment(service, name, value);
    let encoded: string;
    try {
      encoded = encodeURIComponent(value);
    } catch {
      throw new InvalidIdError(service, name, 'not valid Unicode');
    }
    out.push(encoded);
  }
  const path = out.join('/');
  const brace = template.indexOf('{');
  const prefix = brace === -1 ? template : template.slice(0, brace);
  let resolved: string;
  try {
    resolved = new URL(path, PROBE_ORIGIN).pathname;
  } catch {
    throw new InvalidIdError(service, 'path', 'does not form a valid path');
  }
  if (!path.startsWith(prefix) || resolved !== path || path.split('/').length !== templateSegments.length) {
    throw new InvalidIdError(service, 'path', 'escapes its template');
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
