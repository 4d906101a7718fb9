import type { CORSOptions } from 'graphql-yoga';

/**
 * Which browser origins may call the API. `origins` is the allow-list (`CORS_ORIGINS`); `'*'` lets
 * any origin in (echoed back), but then without credentials. `allowLocalhost` (the development default) also
 * admits any port on localhost, 127.0.0.1 and [::1], and the facade's own origin.
 */
export interface CorsSettings {
  origins: readonly string[] | '*';
  allowLocalhost: boolean;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Request headers a browser client may send. */
const ALLOWED_HEADERS = ['content-type', 'authorization', 'x-juno-jwt', 'x-juno-orgid', 'x-request-id', 'traceparent', 'x-graphql-yoga-csrf'];

function isLocal(origin: string): boolean {
  try {
    const u = new URL(origin);
    return (u.protocol === 'http:' || u.protocol === 'https:') && LOCAL_HOSTS.has(u.hostname);
  } catch {
    return false;
  }
}

function isOwn(origin: string, request: Request): boolean {
  const host = new URL(request.url).host;
  return origin === `http://${host}` || origin === `https://${host}`;
}

/** Yoga's `cors` option: CORS headers for allowed origins only; none for the rest. */
export function corsPolicy(settings: CorsSettings): (request: Request) => CORSOptions {
  const base = { methods: ['GET', 'POST'], allowedHeaders: ALLOWED_HEADERS, exposedHeaders: ['x-request-id', 'retry-after'], maxAge: 600 };
  return (request) => {
    const origin = request.headers.get('origin');
    if (origin === null) return false;
    // the origin twice: with a list of one the adapter leaves out `Vary: Origin`, which caches need
    if (settings.origins === '*') return { ...base, origin: [origin, origin], credentials: false };
    const allowed = settings.origins.includes(origin) || (settings.allowLocalhost && (isLocal(origin) || isOwn(origin, request)));
    return allowed ? { ...base, origin: [origin, origin], credentials: true } : false;
  };
}
