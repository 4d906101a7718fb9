/**
 * The facade wired to both emulators (or to a real ElizaOS server) over loopback HTTP, with a
 * local identity provider. Operations go through the yoga app in process; every upstream call is
 * a real HTTP request and is counted by the emulators.
 */
import type { ExecutionResult } from 'graphql';
import { createApp, type App } from '../../src/app.js';
import { createDevIdentityProvider, type DevIdentityProvider } from '../../src/auth/dev-idp.js';
import { elizaUserId } from '../../src/auth/eliza-user-id.js';
import { createVerifier } from '../../src/auth/verify.js';
import { createClients } from '../../src/clients.js';
import { startElizaEmulator, type ElizaEmulator, type ElizaEmulatorOptions } from '../../src/emulator/eliza/index.js';
import { startSumvinEmulator, type SumvinEmulator, type SumvinEmulatorOptions } from '../../src/emulator/sumvin/index.js';

export interface StackOptions {
  sumvin?: Omit<SumvinEmulatorOptions, 'jwks' | 'issuer' | 'audience'>;
  eliza?: ElizaEmulatorOptions;
  /** Use this Eliza server (e.g. the real one) instead of starting the emulator. */
  elizaUrl?: string;
  elizaApiKey?: string;
  /** Per-attempt upstream timeout (ms), short in fault tests. */
  attemptMs?: number;
  operationTimeoutMs?: number;
  introspection?: boolean;
}

export interface GqlResponse<T> {
  status: number;
  body: ExecutionResult<T> & { errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }> };
}

export interface Stack {
  app: App;
  idp: DevIdentityProvider;
  sumvin: SumvinEmulator;
  /** Null when the stack points at an external Eliza server. */
  eliza: ElizaEmulator | null;
  elizaUrl: string;
  /** Issues a token for `subject` signed by the stack's identity provider. */
  token(subject?: string): Promise<string>;
  elizaUserIdOf(subject: string): string;
  /** Runs an operation as `subject` (default `alice`), or anonymously with `{ as: null }`. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    opts?: { as?: string | null; headers?: Record<string, string> },
  ): Promise<GqlResponse<T>>;
  /** Upstream requests since the last reset, by route key (`METHOD /pattern`). */
  calls(): { sumvin: Record<string, number>; eliza: Record<string, number>; total: number };
  resetCalls(): void;
  close(): Promise<void>;
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const idp = await createDevIdentityProvider();
  const sumvin = await startSumvinEmulator({
    ...opts.sumvin,
    jwks: idp.jwks as { keys: object[] },
    issuer: idp.issuer,
    audience: idp.audience,
  });
  const eliza = opts.elizaUrl ? null : await startElizaEmulator({ rateLimit: false, replyDelayMs: 0, ...opts.eliza });
  const elizaUrl = opts.elizaUrl ?? eliza!.url;
  const upstream = createClients({
    sumvinUrl: sumvin.url,
    elizaUrl,
    ...(opts.elizaApiKey ? { elizaApiKey: opts.elizaApiKey } : {}),
    ...(opts.attemptMs ? { attemptMs: opts.attemptMs } : {}),
  });
  const app = createApp({
    clients: upstream.clients,
    verify: createVerifier({ jwks: idp.jwks, issuer: idp.issuer, audience: idp.audience }),
    graphiql: false,
    introspection: opts.introspection ?? true,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    ...(opts.operationTimeoutMs ? { operationTimeoutMs: opts.operationTimeoutMs } : {}),
  });
  const tokens = new Map<string, string>();
  const token = async (subject = 'alice') => {
    let t = tokens.get(subject);
    if (!t) {
      t = await idp.issue(subject);
      tokens.set(subject, t);
    }
    return t;
  };
  return {
    app,
    idp,
    sumvin,
    eliza,
    elizaUrl,
    token,
    elizaUserIdOf: (subject) => elizaUserId(idp.issuer, subject),
    async gql<T>(query: string, variables?: Record<string, unknown>, o: { as?: string | null; headers?: Record<string, string> } = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...o.headers };
      if (o.as !== null) headers.authorization = `Bearer ${await token(o.as ?? 'alice')}`;
      const res = await app.fetch('http://facade.test/graphql', {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, ...(variables ? { variables } : {}) }),
      });
      return { status: res.status, body: (await res.json()) as GqlResponse<T>['body'] };
    },
    calls() {
      const s = sumvin.controls.counts();
      const e = eliza ? eliza.controls.counts() : {};
      const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
      return { sumvin: s, eliza: e, total: sum(s) + sum(e) };
    },
    resetCalls() {
      sumvin.controls.resetCounts();
      eliza?.controls.resetCounts();
    },
    async close() {
      await upstream.close();
      await sumvin.close();
      await eliza?.close();
    },
  };
}

/** The `data` of a response that must have no errors. */
export function dataOf<T>(res: GqlResponse<T>): T {
  if (res.body.errors?.length) throw new Error(`unexpected errors: ${JSON.stringify(res.body.errors)}`);
  if (!res.body.data) throw new Error('no data');
  return res.body.data;
}

/** Error codes of a response, in order. */
export const codesOf = (res: GqlResponse<unknown>): unknown[] => (res.body.errors ?? []).map((e) => e.extensions?.code);
