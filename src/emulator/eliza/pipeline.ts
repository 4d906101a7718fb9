import type { ServerResponse } from 'node:http';
import type { EmuRequest, EmuResponse } from '../http.js';
import { readJsonBody, BodyParseError } from './body.js';
import {
  API_KEY_REQUIRED,
  API_NOT_FOUND,
  JSON_TYPE,
  SessionError,
  apiErrorResponse,
  internalErrorResponse,
  middlewareError,
  sessionErrorResponse,
} from './errors.js';
import { apiKeyRejected, clientKey, contentTypeRejected } from './middleware.js';
import type { ElizaState } from './state.js';
import { iso } from './store.js';

interface ApiContext {
  body: unknown;
  now: number;
}

export type ApiHandler = (req: EmuRequest, ctx: ApiContext) => Promise<EmuResponse> | EmuResponse;

export function json(status: number, value: unknown): EmuResponse {
  return { status, headers: { 'content-type': JSON_TYPE }, json: value };
}

/** Writes a finished response on the raw socket (used where the router hands over `res`). */
export function writeResponse(res: ServerResponse, out: EmuResponse): void {
  if (res.headersSent) return;
  const headers: Record<string, string> = { ...(out.headers ?? {}) };
  let payload: string | Buffer | undefined;
  if (out.json !== undefined) {
    payload = JSON.stringify(out.json);
    headers['content-type'] ??= JSON_TYPE;
  } else if (out.body !== undefined) {
    payload = out.body;
  }
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(out.status, headers);
  res.end(payload);
}

function withHeaders(out: EmuResponse, headers: Record<string, string>): EmuResponse {
  return { ...out, headers: { ...headers, ...(out.headers ?? {}) } };
}

/** Everything an `/api` request goes through; `handler` undefined = no route (404 JSON). */
export async function runApi(state: ElizaState, req: EmuRequest, handler: ApiHandler | undefined): Promise<EmuResponse> {
  let body: unknown;
  try {
    body = await readJsonBody(req);
  } catch (err) {
    return apiErrorResponse(err instanceof BodyParseError ? err.message : 'Internal Server Error');
  }
  if (apiKeyRejected(req, state.apiKey)) return API_KEY_REQUIRED;
  let rateHeaders: Record<string, string> = {};
  if (state.rateLimiter) {
    const r = state.rateLimiter.hit(clientKey(req));
    rateHeaders = r.headers;
    if (r.limited) {
      return withHeaders(middlewareError(429, 'RATE_LIMIT_EXCEEDED', 'Too many requests. Please try again later.'), rateHeaders);
    }
  }
  if (contentTypeRejected(req)) {
    return withHeaders(middlewareError(400, 'INVALID_CONTENT_TYPE', 'Invalid or missing Content-Type header'), rateHeaders);
  }
  if (!handler) return withHeaders(API_NOT_FOUND, rateHeaders);
  const now = state.controls.clock.now();
  let out: EmuResponse;
  try {
    out = await handler(req, { body, now });
  } catch (err) {
    const nowIso = iso(state.controls.clock.now());
    out =
      err instanceof SessionError
        ? sessionErrorResponse(err, nowIso)
        : internalErrorResponse(err instanceof Error ? err.message : String(err), nowIso);
  }
  if (out.stream) {
    const inner = out.stream;
    return { ...out, stream: (res) => inner(withRateHeaders(res, rateHeaders)) };
  }
  return withHeaders(out, rateHeaders);
}

function withRateHeaders(res: ServerResponse, headers: Record<string, string>): ServerResponse {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  return res;
}
