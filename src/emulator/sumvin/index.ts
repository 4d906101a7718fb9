import type { Server } from 'node:http';
import { notifyWrites } from '../changes.js';
import { EmulatorControls } from '../controls.js';
import { close, createRouterServer, listen, type EmuRequest, type EmuResponse, type Route } from '../http.js';
import { attachmentRoutes, DEFAULT_MAX_ATTACHMENT_BYTES } from './attachments.js';
import { Authenticator } from './auth.js';
import { CONTROL_PREFIX, handleControl } from './control-api.js';
import { injectedCode, problem, problemBody } from './errors.js';
import { DEFAULT_MAX_JSON_BYTES } from './pipeline.js';
import { chatRoutes } from './routes.js';
import { applySeed, type SumvinSeed } from './seed.js';
import { restoreSumvin, snapshotSumvin, type SumvinSnapshot } from './snapshot.js';
import { SumvinStore } from './store.js';

/**
 * Emulator of the Sumvin chat API (`/v0/chat`), written from Part A of the upstream notes.
 *
 * Choices where the public material is silent:
 * - Session ids are unique across users: an id anyone already uses answers 409 `CHT-409-001`.
 * - Order of checks follows FastAPI: body size (413) → JSON decoding (422 `json_invalid`) → caller
 *   (401) → query and body validation, all errors at once (422) → session lookup (403/404/409).
 * - `messages` is omitted (not null) from SessionData unless `expand=messages`; never on create/PATCH.
 * - Preview: the newest message with non-blank text, cut to 100 code points plus `…`.
 * - `tool_names` lists each tool once, in order of first use.
 * - Save: `saved_count` counts distinct message ids inserted or updated; `updated_at` moves only when
 *   something was saved. An updated message keeps its server id, sequence and (unless the input has
 *   one) its `created_at`.
 * - Unknown paths answer FastAPI's `{"detail":"Not Found"}`, wrong methods `{"detail":"Method Not
 *   Allowed"}` with `Allow`; a JSON body over 2 MiB is 413 `GEN-413-001` (invented: no public code).
 * - Invalid UTF-8 or unparseable multipart is 400 `CHT-400-001`; unexpected exceptions are 500
 *   `SYS-500-001-R` (`CHA-500-001-R` on the upload), never with a stack.
 * - Upload: body read → caller → `file` present (422) → `session_id` owned (404) → size (413) → type (415).
 *   Files are public at `<url>/files/<id>/<filename>` and survive session deletion until `reset()`.
 */

export type { SumvinSeed } from './seed.js';
export type { SumvinSnapshot } from './snapshot.js';

export interface SumvinEmulatorOptions {
  port?: number;
  host?: string;
  controls?: EmulatorControls;
  /** Verify JWTs against this JWKS: either a URL or a JSON Web Key Set object. Without it, a JWT's `sub` is decoded without verification, and a non-JWT token string is taken as the user id. */
  jwks?: { url: string } | { keys: object[] };
  issuer?: string;
  audience?: string;
  seed?: SumvinSeed;
  maxAttachmentBytes?: number;
  exposeControls?: boolean;
  /** Called after every request that may have changed the data. */
  onChange?: () => void;
  /** List sessions with equal `updated_at` in an arbitrary but stable order derived from this salt (default: by id). */
  tieSalt?: string;
}

export interface SumvinEmulator {
  url: string;
  controls: EmulatorControls;
  /** Clears all data and applies the seed again. */
  reset(): void;
  /** All data (sessions, messages, files) as plain JSON. */
  snapshot(): SumvinSnapshot;
  /** Replaces all data with a snapshot's; throws, changing nothing, when `data` is not one. */
  restore(data: unknown): void;
  close(): Promise<void>;
}

function routeKeyFor(routes: Route[], req: EmuRequest): string {
  const segs = req.rawPath.split('/').slice(1);
  for (const r of routes) {
    if (r.method !== req.method) continue;
    const want = r.pattern.split('/').slice(1);
    if (want.length === segs.length && want.every((w, i) => w.startsWith(':') ? segs[i] !== '' : w === segs[i])) {
      return `${r.method} ${r.pattern}`;
    }
  }
  return `${req.method} (unmatched)`;
}

function allowedMethods(routes: Route[], rawPath: string): string[] {
  const segs = rawPath.split('/').slice(1);
  const out: string[] = [];
  for (const r of routes) {
    const want = r.pattern.split('/').slice(1);
    if (want.length === segs.length && want.every((w, i) => (w.startsWith(':') ? segs[i] !== '' : w === segs[i]))) {
      if (!out.includes(r.method)) out.push(r.method);
    }
  }
  return out;
}

/** A loopback URL for a wildcard bind address, so handed-out URLs are always fetchable. */
function reachable(url: string): string {
  return url.replace('//0.0.0.0:', '//127.0.0.1:').replace('//[::]:', '//[::1]:');
}

export async function startSumvinEmulator(opts: SumvinEmulatorOptions = {}): Promise<SumvinEmulator> {
  const controls = opts.controls ?? new EmulatorControls();
  const store = new SumvinStore();
  if (opts.tieSalt !== undefined) store.tieSalt = opts.tieSalt;
  const auth = new Authenticator({
    clock: controls.clock,
    ...(opts.jwks ? { jwks: opts.jwks } : {}),
    ...(opts.issuer !== undefined ? { issuer: opts.issuer } : {}),
    ...(opts.audience !== undefined ? { audience: opts.audience } : {}),
  });
  let baseUrl = '';
  const routes: Route[] = [
    ...chatRoutes({ store, auth, clock: controls.clock, maxJsonBytes: DEFAULT_MAX_JSON_BYTES }),
    ...attachmentRoutes({
      store,
      auth,
      clock: controls.clock,
      maxAttachmentBytes: opts.maxAttachmentBytes ?? DEFAULT_MAX_ATTACHMENT_BYTES,
      baseUrl: () => baseUrl,
    }),
  ];

  const server: Server = createRouterServer({
    routes,
    controls,
    // An unknown path gets FastAPI's own answer, not a ProblemDetail.
    notFound: () => ({ status: 404, json: { detail: 'Not Found' } }),
    methodNotAllowed: (req) => ({
      status: 405,
      json: { detail: 'Method Not Allowed' },
      headers: { allow: allowedMethods(routes, req.rawPath).join(', ') },
    }),
    internalError: (req) =>
      req.rawPath === '/v0/chat/attachments'
        ? problem(req, 'CHA-500-001-R', 'An unexpected error occurred while storing the attachment')
        : problem(req, 'SYS-500-001-R', 'An unexpected error occurred'),
    injectedFailure: (req, status): EmuResponse => {
      if (status === 422) {
        return { status, json: { detail: [{ loc: [], msg: 'Injected validation failure', type: 'value_error' }] } };
      }
      const { code, title } = injectedCode(routeKeyFor(routes, req), status);
      return { status, json: problemBody(req, code, status, title, 'Injected failure') };
    },
  });

  const reset = () => {
    store.clear();
    if (opts.seed) applySeed(store, opts.seed, controls.clock.now(), baseUrl);
  };

  if (opts.exposeControls) {
    const [routerListener] = server.listeners('request') as ((...args: unknown[]) => void)[];
    if (!routerListener) throw new Error('router server has no request listener');
    server.removeAllListeners('request');
    server.on('request', (raw, res) => {
      const url = raw.url ?? '/';
      const path = url.split('?')[0] ?? '/';
      if (path.startsWith(CONTROL_PREFIX)) {
        handleControl(raw, res, path, { controls, resetData: reset }).catch(() => {
          if (!res.headersSent) res.writeHead(500).end();
          else res.destroy();
        });
      } else {
        routerListener(raw, res);
      }
    });
  }

  if (opts.onChange) notifyWrites(server, opts.onChange);

  baseUrl = reachable(await listen(server, opts.port ?? 0, opts.host ?? '127.0.0.1'));
  reset();

  return {
    url: baseUrl,
    controls,
    reset,
    snapshot: () => snapshotSumvin(store),
    restore: (data) => restoreSumvin(store, data),
    close: () => close(server),
  };
}
