import { previewOf, type StoredMessage, type StoredSession } from './store.js';

/** Response bodies: SessionData / MessageData, HAL links, and the `X-Timestamp-Format` rewrite. */

export interface Link {
  href: string;
  method: string;
}

export function link(href: string, method = 'GET'): Link {
  return { href, method };
}

export function sessionPath(id: string): string {
  return `/v0/chat/sessions/${encodeURIComponent(id)}`;
}

export function messageData(m: StoredMessage): Record<string, unknown> {
  return {
    id: m.id,
    message_id: m.messageId,
    role: m.role,
    text_content: m.textContent,
    parts: m.parts,
    tool_names: m.toolNames,
    extra_metadata: m.extraMetadata,
    sequence: m.sequence,
    created_at: m.createdAt,
  };
}

/** `messages` is present only when expanded; `sv_meta` is never sent. */
export function sessionData(s: StoredSession, withMessages: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: s.id,
    title: s.title,
    preview: previewOf(s),
    message_count: s.messages.length,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
  if (withMessages) out['messages'] = s.messages.map(messageData);
  return out;
}

export function sessionLinks(s: StoredSession): Record<string, Link> {
  const path = sessionPath(s.id);
  return { self: link(path), messages: link(`${path}/messages`) };
}

/** Builds `self`/`next`/`prev` for an offset-paged list; other query keys are kept as sent. */
export function pageLinks(
  path: string,
  query: URLSearchParams,
  offset: number,
  limit: number,
  total: number,
): Record<string, Link> {
  const at = (o: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of query) if (k !== 'offset' && k !== 'limit') q.append(k, v);
    q.set('offset', String(o));
    q.set('limit', String(limit));
    return link(`${path}?${q.toString()}`);
  };
  const links: Record<string, Link> = { self: at(offset) };
  if (offset + limit < total) links['next'] = at(offset + limit);
  if (offset > 0) links['prev'] = at(Math.max(0, offset - limit));
  return links;
}

const TIMESTAMP_KEYS = new Set(['timestamp', 'period_start', 'period_end']);
// Instants with a four-digit year (0000-01-01 .. 9999-12-31).
const MIN_MS = -62_167_219_200_000;
const MAX_MS = 253_402_300_799_999;

export function isoSeconds(ms: number): string | null {
  if (!Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) return null;
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19) + 'Z';
}

function isTimestampKey(k: string): boolean {
  return k.endsWith('_at') || TIMESTAMP_KEYS.has(k);
}

/**
 * With `X-Timestamp-Format: iso8601` (exactly), numeric values under keys ending in `_at` and under
 * `timestamp`/`period_start`/`period_end` become `YYYY-MM-DDTHH:MM:SSZ`, anywhere in the body.
 * Returns a new value; stored data is never modified. Values outside four-digit years stay numbers.
 */
export function isoTimestamps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(isoTimestamps);
  if (typeof value === 'object' && value !== null) {
    // A null prototype keeps a `__proto__` key from the client as a plain property.
    const out = Object.create(null) as Record<string, unknown>;
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'number' && isTimestampKey(k)) out[k] = isoSeconds(v) ?? v;
      else out[k] = isoTimestamps(v);
    }
    return out;
  }
  return value;
}

export function wantsIso(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['x-timestamp-format'] === 'iso8601';
}
