import { pino, type Logger } from 'pino';
import { GraphQLError } from 'graphql';
import type { YogaLogger } from 'graphql-yoga';
import { ArgumentError, NotFoundError, UpstreamError } from '../errors/classes.js';
import { isServerFault } from './access-log.js';
import { currentScope } from './request-scope.js';

/** Paths that may hold credentials anywhere in a log line; their values are never written. */
export const REDACT_PATHS = [
  'token',
  'authorization',
  'cookie',
  '["x-juno-jwt"]',
  '["x-api-key"]',
  'headers.authorization',
  'headers["x-juno-jwt"]',
  'headers["x-api-key"]',
  'headers.cookie',
  'headers["set-cookie"]',
  '*.token',
  '*.authorization',
  '*.headers.authorization',
  '*.headers["x-juno-jwt"]',
  '*.headers["x-api-key"]',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
];

const CENSOR = '[redacted]';

/** Keys whose values are credentials, at any depth of a logged object. */
const SECRET_KEYS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'x-juno-jwt',
  'x-api-key',
  'x-sumvin-pat',
  'cookie',
  'set-cookie',
  'token',
  'password',
  'secret',
]);

/** A JWT (its header always starts with `{"`, base64url `eyJ`) or a bearer credential inside free text. */
const JWT_IN_TEXT = /eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
const BEARER_IN_TEXT = /\b(Bearer)\s+[^\s"',;]+/gi;

/** Removes tokens from free text (messages, error texts, stack traces). */
export function scrubText(text: string): string {
  return text.replace(JWT_IN_TEXT, CENSOR).replace(BEARER_IN_TEXT, `$1 ${CENSOR}`);
}

const MAX_SCRUB_DEPTH = 8;

function scrub(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_SCRUB_DEPTH) return '[nested]';
  seen.add(value);
  if (value instanceof Error) {
    return { type: value.name, message: scrubText(value.message), ...(value.stack ? { stack: scrubText(value.stack) } : {}) };
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_KEYS.has(k.toLowerCase()) ? CENSOR : scrub(v, depth + 1, seen);
  }
  return out;
}

/**
 * The facade's logger. Credentials are removed three ways: pino `redact` for the known paths,
 * a formatter that censors secret keys at any depth and tokens inside any string value, and a
 * hook that scrubs tokens from message strings (yoga logs preformatted text).
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      base: { service: 'sessions-graphql' },
      // every line written while serving a request names it
      mixin: () => {
        const scope = currentScope();
        return scope ? { requestId: scope.requestId } : {};
      },
      formatters: { log: (obj) => scrub(obj, 0, new WeakSet()) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((a: unknown) => (typeof a === 'string' ? scrubText(a) : a));
          return method.apply(this, cleaned as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}

/**
 * Whether an error yoga reports is the facade's or an upstream's fault (logged at `error`) rather
 * than the client's (a bad query, a refused request, an unknown id: logged at `info`).
 */
export function isFault(error: unknown): boolean {
  const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
  if (original instanceof UpstreamError) return isServerFault(original.kind);
  if (original instanceof ArgumentError || original instanceof NotFoundError) return false;
  if (original instanceof Error && original.name === 'TimeoutError') return true;
  if (original instanceof GraphQLError) {
    const code = original.extensions?.code;
    // request errors written by graphql-js, yoga, armor or the CSRF check carry no cause
    return typeof code === 'string' ? isServerFault(code) : original.originalError !== undefined;
  }
  return true;
}

/** Yoga's logger interface on top of pino. Errors are logged by name and message, without stacks of upstream bodies. */
export function yogaLogger(log: Logger): YogaLogger {
  const fmt = (args: unknown[]) =>
    args
      .map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : typeof a === 'string' ? a : JSON.stringify(scrub(a, 0, new WeakSet()))))
      .join(' ');
  return {
    debug: (...args: unknown[]) => log.debug(fmt(args)),
    info: (...args: unknown[]) => log.info(fmt(args)),
    warn: (...args: unknown[]) => log.warn(fmt(args)),
    error: (...args: unknown[]) => {
      const errors = args.filter((a) => a instanceof Error);
      if (errors.length > 0 && !errors.some(isFault)) log.info(fmt(args));
      else log.error(fmt(args));
    },
  };
}
