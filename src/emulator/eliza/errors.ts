/**
 * Error bodies of the ElizaOS 1.7.2 server: the sessions router's `{error:{code,message,timestamp,
 * details?}}` (the real bundle also sends `stack`; the emulator leaves it out), and the flat
 * middleware bodies of the surrounding Express app.
 */
import type { EmuResponse } from '../http.js';

export const JSON_TYPE = 'application/json; charset=utf-8';

export class SessionError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const sessionNotFound = (sessionId: string) =>
  new SessionError('SESSION_NOT_FOUND', `Session with ID '${sessionId}' not found`, 404);

export const sessionExpired = (sessionId: string, expiresAtIso: string) =>
  new SessionError('SESSION_EXPIRED', `Session '${sessionId}' expired at ${expiresAtIso}`, 410);

export const agentNotFound = (agentId: string) =>
  new SessionError('AGENT_NOT_FOUND', `Agent with ID '${agentId}' not found`, 404);

export const missingFields = (fields: string[]) =>
  new SessionError('VALIDATION_ERROR', `Missing required fields: ${fields.join(', ')}`, 400, { missingFields: fields });

export const invalidUuid = (field: string, value: unknown) =>
  new SessionError('VALIDATION_ERROR', `Invalid UUID format for field '${field}'`, 400, {
    providedValue: value,
    expectedFormat: 'UUID v4',
  });

export const invalidContent = (reason: string) =>
  new SessionError('VALIDATION_ERROR', `Invalid content: ${reason}`, 400, { reason });

export const invalidMetadata = (reason: string, metadata: unknown) =>
  new SessionError('VALIDATION_ERROR', `Invalid metadata: ${reason}`, 400, { reason, providedMetadata: metadata });

export const invalidPagination = (parameter: string, value: string, reason: string) =>
  new SessionError('VALIDATION_ERROR', `Invalid pagination parameter '${parameter}': ${reason}`, 400, {
    parameter,
    value,
    reason,
  });

export const invalidTimeoutConfig = (reason: string, config: unknown) =>
  new SessionError('VALIDATION_ERROR', `Invalid timeout configuration: ${reason}`, 400, {
    reason,
    providedConfig: config,
  });

export const renewalFailed = (sessionId: string, details: unknown) =>
  new SessionError('SESSION_RENEWAL_FAILED', `Cannot renew session '${sessionId}': Maximum duration reached`, 400, details);

/** Serialises through JSON so `undefined` members vanish the way `res.json` drops them. */
function jsonClone(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

export function sessionErrorResponse(err: SessionError, nowIso: string): EmuResponse {
  const error: Record<string, unknown> = { code: err.code, message: err.message, timestamp: nowIso };
  const details = jsonClone(err.details);
  if (details !== undefined) error.details = details;
  return { status: err.status, headers: { 'content-type': JSON_TYPE }, json: { error } };
}

/** Any other exception inside the sessions router (the 1.7.2 bundle puts the message in `details`). */
export function internalErrorResponse(message: string, nowIso: string): EmuResponse {
  return {
    status: 500,
    headers: { 'content-type': JSON_TYPE },
    json: { error: { code: 'INTERNAL_SERVER_ERROR', message: 'An unexpected error occurred', timestamp: nowIso, details: message } },
  };
}

/** The app-level `/api` error handler: body-parser failures (bad JSON, too large, bad charset) land here. */
export function apiErrorResponse(message: string): EmuResponse {
  return { status: 500, headers: { 'content-type': JSON_TYPE }, json: { success: false, error: { message, code: 500 } } };
}

export function middlewareError(status: number, code: string, message: string): EmuResponse {
  return { status, headers: { 'content-type': JSON_TYPE }, json: { success: false, error: { code, message } } };
}

export const API_KEY_REQUIRED: EmuResponse = {
  status: 401,
  headers: { 'content-type': JSON_TYPE },
  json: { error: 'API key required', message: 'Missing or invalid X-API-KEY header' },
};

export const API_NOT_FOUND: EmuResponse = {
  status: 404,
  headers: { 'content-type': JSON_TYPE },
  json: { success: false, error: { message: 'API endpoint not found', code: 404 } },
};

/** Paths outside /api with the web UI disabled: Express `sendStatus(403)`. */
export const FORBIDDEN: EmuResponse = {
  status: 403,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  body: 'Forbidden',
};
