import { randomBytes } from 'node:crypto';
import type { EmuResponse } from '../http.js';

/**
 * Error bodies as the Sumvin API sends them: RFC 7807 `ProblemDetail` (served as application/json)
 * for everything except request validation, which uses FastAPI's `{detail: [...]}` shape.
 */

export type Loc = (string | number)[];

export interface ValidationIssue {
  loc: Loc;
  msg: string;
  type: string;
  input?: unknown;
  ctx?: Record<string, unknown>;
}

interface CodeInfo {
  status: number;
  title: string;
}

/**
 * Codes published for the chat domains, plus a few general ones. `GEN-413-001` is not in the published
 * list (no generic body-size code is public); it is used for the JSON body cap only.
 */
export const ERROR_CODES = {
  'USR-401-001': { status: 401, title: 'Invalid Authentication Token' },
  'USR-401-002': { status: 401, title: 'Invalid Organisation Header' },
  'USR-429-001-R': { status: 429, title: 'Too Many Requests' },
  'CHT-400-001': { status: 400, title: 'Invalid Chat Request' },
  'CHT-403-001': { status: 403, title: 'Chat Session Access Denied' },
  'CHT-404-001': { status: 404, title: 'Chat Session Not Found' },
  'CHT-404-002': { status: 404, title: 'Chat Messages Not Found' },
  'CHT-409-001': { status: 409, title: 'Chat Session Already Exists' },
  'CHA-413-001': { status: 413, title: 'Attachment Too Large' },
  'CHA-415-001': { status: 415, title: 'Unsupported Attachment Type' },
  'CHA-429-001-R': { status: 429, title: 'Too Many Attachment Uploads' },
  'CHA-500-001-R': { status: 500, title: 'Attachment Storage Failed' },
  'GEN-413-001': { status: 413, title: 'Request Body Too Large' },
  'SYS-500-001-R': { status: 500, title: 'Internal Server Error' },
} as const satisfies Record<string, CodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Uses the W3C `traceparent` trace id when the caller sent one, else a fresh random id. */
export function traceIdFor(headers: Record<string, string | string[] | undefined>): string {
  const tp = headers['traceparent'];
  if (typeof tp === 'string') {
    const m = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/.exec(tp.trim());
    if (m && m[1] !== '0'.repeat(32)) return m[1]!;
  }
  return randomBytes(16).toString('hex');
}

export interface ProblemContext {
  rawPath: string;
  headers: Record<string, string | string[] | undefined>;
}

export function problemBody(
  ctx: ProblemContext,
  code: string,
  status: number,
  title: string,
  detail: string,
): Record<string, unknown> {
  return {
    type: `https://api.sumvin.com/errors/${code.toLowerCase()}`,
    title,
    status,
    detail,
    instance: ctx.rawPath,
    error_code: code,
    trace_id: traceIdFor(ctx.headers),
  };
}

export function problem(ctx: ProblemContext, code: ErrorCode, detail: string, headers?: Record<string, string>): EmuResponse {
  const info: CodeInfo = ERROR_CODES[code];
  return {
    status: info.status,
    json: problemBody(ctx, code, info.status, info.title, detail),
    ...(headers ? { headers } : {}),
  };
}

export function validationResponse(issues: ValidationIssue[]): EmuResponse {
  return { status: 422, json: { detail: issues } };
}

/** Thrown inside handlers to answer with a prepared response. */
export class HttpAnswer extends Error {
  constructor(readonly response: EmuResponse) {
    super('http answer');
  }
}

const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * The error code an injected failure carries. Statuses the route declares get the route's own code;
 * others get a general code shaped like the published ones (`-R` marks 429 and 5xx as retryable).
 */
export function injectedCode(routeKey: string, status: number): { code: string; title: string } {
  const upload = routeKey === 'POST /v0/chat/attachments';
  const messages = routeKey.endsWith('/messages');
  const pick = (code: ErrorCode) => ({ code, title: ERROR_CODES[code].title });
  switch (status) {
    case 400:
      return pick('CHT-400-001');
    case 401:
      return pick('USR-401-001');
    case 403:
      return pick('CHT-403-001');
    case 404:
      return pick(messages ? 'CHT-404-002' : 'CHT-404-001');
    case 409:
      return pick('CHT-409-001');
    case 413:
      return pick(upload ? 'CHA-413-001' : 'GEN-413-001');
    case 415:
      return pick('CHA-415-001');
    case 429:
      return pick(upload ? 'CHA-429-001-R' : 'USR-429-001-R');
    case 500:
      return pick(upload ? 'CHA-500-001-R' : 'SYS-500-001-R');
    default: {
      const retryable = status >= 500 || status === 429;
      return {
        code: `SYS-${status}-001${retryable ? '-R' : ''}`,
        title: STATUS_TITLES[status] ?? 'Error',
      };
    }
  }
}
