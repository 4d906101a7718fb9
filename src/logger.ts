import { pino, type Logger } from 'pino';
import type { YogaLogger } from 'graphql-yoga';

/** Paths that may hold credentials anywhere in a log line; their values are never written. */
export const REDACT_PATHS = [
  'token',
  'authorization',
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
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, base: { service: 'sessions-graphql' } }, destination);
}

/** Yoga's logger interface on top of pino. Errors are logged by name and message, without stacks of upstream bodies. */
export function yogaLogger(log: Logger): YogaLogger {
  const fmt = (args: unknown[]) => args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
  return {
    debug: (...args: unknown[]) => log.debug(fmt(args)),
    info: (...args: unknown[]) => log.info(fmt(args)),
    warn: (...args: unknown[]) => log.warn(fmt(args)),
    error: (...args: unknown[]) => log.error(fmt(args)),
  };
}
