/**
 * The parts of the real server's Express stack that every `/api` request passes through:
 * API key check, rate limit (express-rate-limit 8, draft-6 `RateLimit-*` headers), Content-Type
 * check, and the router's case-insensitive, trailing-slash-tolerant path matching.
 */
import type { IncomingMessage } from 'node:http';
import type { Clock } from '../controls.js';
import type { EmuRequest } from '../http.js';

export interface RateLimitOptions {
  max: number;
  windowMs: number;
}

interface Hits {
  total: number;
  resetAt: number;
}

export interface RateLimitResult {
  headers: Record<string, string>;
  limited: boolean;
}

/** Fixed window per client key, as express-rate-limit's MemoryStore. */
export class RateLimiter {
  private readonly clients = new Map<string, Hits>();

  constructor(
    private readonly opts: RateLimitOptions,
    private readonly clock: Clock,
  ) {}

  hit(key: string): RateLimitResult {
    const now = this.clock.now();
    let c = this.clients.get(key);
    if (!c || c.resetAt <= now) {
      c = { total: 0, resetAt: now + this.opts.windowMs };
      this.clients.set(key, c);
    }
    c.total += 1;
    const resetSeconds = Math.max(0, Math.ceil((c.resetAt - now) / 1000));
    const headers: Record<string, string> = {
      'ratelimit-policy': `${this.opts.max};w=${Math.ceil(this.opts.windowMs / 1000)}`,
      'ratelimit-limit': String(this.opts.max),
      'ratelimit-remaining': String(Math.max(this.opts.max - c.total, 0)),
      'ratelimit-reset': String(resetSeconds),
    };
    const limited = c.total > this.opts.max;
    if (limited) headers['retry-after'] = String(resetSeconds);
    return { headers, limited };
  }

  clear(): void {
    this.clients.clear();
  }
}

export function clientKey(req: EmuRequest): string {
  return req.raw.socket.remoteAddress ?? 'unknown';
}

/** True when the API key is configured and the request does not carry it. */
export function apiKeyRejected(req: EmuRequest, apiKey: string | undefined): boolean {
  if (!apiKey) return false;
  if (req.method === 'OPTIONS') return false;
  const got = req.headers['x-api-key'];
  return !got || got !== apiKey;
}

/**
 * POST/PUT/PATCH with a Content-Length other than "0" need a Content-Type containing one of the
 * accepted types (case-sensitive substring test, as the real middleware does).
 */
export function contentTypeRejected(req: EmuRequest): boolean {
  if (!['POST', 'PUT', 'PATCH'].includes(req.method)) return false;
  const cl = req.headers['content-length'];
  if (!cl || cl === '0') return false;
  const ct = req.headers['content-type'];
  const valid = ['application/json', 'multipart/form-data', 'application/x-www-form-urlencoded'];
  return !ct || !valid.some((t) => ct.includes(t));
}

const SESSION_SUBPATHS = ['messages', 'renew', 'timeout', 'heartbeat'];

/**
 * Rewrites the request URL so the exact-match router sees what Express would match: literal
 * segments compared case-insensitively and one trailing slash ignored. Path parameters keep their
 * case. Runs before routing.
 */
export function normaliseUrl(raw: IncomingMessage): void {
  const url = raw.url ?? '/';
  const q = url.indexOf('?');
  let path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? '' : url.slice(q);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  const seg = path.split('/');
  if (seg.length >= 4 && seg[1]?.toLowerCase() === 'api' && seg[2]?.toLowerCase() === 'messaging' && seg[3]?.toLowerCase() === 'sessions') {
    seg[1] = 'api';
    seg[2] = 'messaging';
    seg[3] = 'sessions';
    if (seg.length === 5 && seg[4]?.toLowerCase() === 'health' && (raw.method ?? 'GET').toUpperCase() === 'GET') seg[4] = 'health';
    const sub = seg[5]?.toLowerCase();
    if (seg.length === 6 && sub !== undefined && SESSION_SUBPATHS.includes(sub)) seg[5] = sub;
  } else if (seg.length === 3 && seg[1]?.toLowerCase() === 'api' && seg[2]?.toLowerCase() === 'agents') {
    seg[1] = 'api';
    seg[2] = 'agents';
  } else if (seg.length === 2 && seg[1]?.toLowerCase() === 'healthz') {
    seg[1] = 'healthz';
  }
  raw.url = seg.join('/') + query;
}
