import type { AuthResult, VerifiedCaller } from '../auth/verify.js';
import { apiError } from '../errors/graphql.js';
import { createElizaLoaders, type ElizaLoaders } from '../loaders/eliza.js';
import type { ByteBudget } from './byte-budget.js';
import { budgetClients, type CallBudgetOptions } from './call-budget.js';
import { createMemoryStore } from '../state/memory-store.js';
import type { ElizaIndexState } from '../loaders/eliza-owned.js';
import type { LiveServices } from '../state/live/services.js';
import { createSumvinLoaders, type SumvinLoaders } from '../loaders/sumvin.js';
import type { Clients } from '../upstream/clients.js';
import { anySignal } from '../upstream/http/abort.js';
import type { SumvinCaller } from '../upstream/sumvin/types.js';

export type { Clients } from '../upstream/clients.js';

/** Everything a resolver may use, built fresh for every request. */
export interface Context {
  auth: AuthResult;
  clients: Clients;
  loaders: { sumvin: SumvinLoaders; eliza: ElizaLoaders };
  /** Aborts when the operation deadline passes or the client goes away. */
  signal: AbortSignal;
  /**
   * For streamed replies (subscriptions), which may outlast the operation deadline: aborts when
   * the client goes away or the longer stream deadline passes. Made on first use.
   */
  streamSignal(): AbortSignal;
  now(): number;
  /** Errors of a field that still returned data (one upstream failed, the other answered). */
  partialErrors: Array<{ error: unknown; path: ReadonlyArray<string | number> }>;
  reportError(error: unknown, path: ReadonlyArray<string | number>): void;
  /** The client's address as the HTTP server saw it (for limits on callers without a token). */
  remoteAddress?: string;
  /** Replies, subscriptions and the publishing of writes (one per instance). */
  live?: LiveServices;
  /** Aborts only when the client goes away: for live subscriptions, which have no deadline. */
  clientSignal: AbortSignal;
  /** The clients without the per-operation call budget, for live subscriptions that poll for hours. */
  liveClients: Clients;
  /**
   * Takes `bytes` of the process's budget for large answers (see ByteBudget) until the operation
   * ends; false when the budget is spent (the planner then makes smaller calls).
   */
  reserveLargeRead(bytes: number): boolean;
  /**
   * Ends the operation's holds: gives back what it reserved and stops its deadline timer. Called
   * when its execution is done (reservations also go back when `signal` aborts).
   */
  endOperation(): void;
}

/** The verified caller, or an UNAUTHENTICATED error for the field that needed one. */
export function requireCaller(ctx: Pick<Context, 'auth'>): VerifiedCaller {
  if (ctx.auth.ok) return ctx.auth.caller;
  throw apiError('UNAUTHENTICATED', `Authentication required: ${ctx.auth.failure.message}.`);
}

export function sumvinCallerOf(caller: VerifiedCaller): SumvinCaller {
  return { token: caller.token, ...(caller.orgId ? { orgId: caller.orgId } : {}) };
}

export function createContext(opts: {
  auth: AuthResult;
  clients: Clients;
  signal: AbortSignal;
  /** The client's own signal and the stream deadline, for `streamSignal`; without them it is `signal`. */
  clientSignal?: AbortSignal;
  streamTimeoutMs?: number;
  now?: () => number;
  /** The ownership index, shared across requests; a fresh in-memory one only where none is given (tests). */
  elizaIndex?: ElizaIndexState;
  callBudget?: CallBudgetOptions;
  remoteAddress?: string;
  live?: LiveServices;
  /** The process's budget for large answers; without one, large reads are not limited (tests). */
  largeReads?: ByteBudget;
  /** Called by `endOperation` (e.g. to clear the operation's deadline timer). */
  onEnd?: () => void;
}): Context {
  const clients = budgetClients(opts.clients, opts.callBudget);
  let streamSignal: AbortSignal | undefined;
  const held: Array<() => void> = [];
  const endOperation = () => {
    for (const release of held.splice(0)) release();
    opts.onEnd?.();
  };
  const ctx: Context = {
    auth: opts.auth,
    clients,
    signal: opts.signal,
    streamSignal() {
      streamSignal ??=
        opts.clientSignal && opts.streamTimeoutMs !== undefined
          ? anySignal([opts.clientSignal, AbortSignal.timeout(opts.streamTimeoutMs)])
          : opts.signal;
      return streamSignal;
    },
    now: opts.now ?? Date.now,
    clientSignal: opts.clientSignal ?? opts.signal,
    liveClients: opts.clients,
    loaders: undefined as never,
    partialErrors: [],
    reportError(error, path) {
      ctx.partialErrors.push({ error, path });
    },
    reserveLargeRead(bytes) {
      if (!opts.largeReads) return true;
      const release = opts.largeReads.tryTake(bytes);
      if (!release) return false;
      // the operation deadline gives the bytes back should the end of execution never be seen
      if (held.length === 0) opts.signal.addEventListener('abort', endOperation, { once: true });
      held.push(release);
      return true;
    },
    endOperation,
    ...(opts.remoteAddress ? { remoteAddress: opts.remoteAddress } : {}),
    ...(opts.live ? { live: opts.live } : {}),
  };
  ctx.loaders = {
    sumvin: createSumvinLoaders(clients.sumvin, () => sumvinCallerOf(requireCaller(ctx)), opts.signal),
    eliza: createElizaLoaders(clients.eliza, () => requireCaller(ctx).elizaUserId, opts.elizaIndex ?? defaultIndexState(), opts.signal),
  };
  return ctx;
}

/** Inbox planner defaults; see README "Running several instances" for how they were measured. */
export const INBOX_DEFAULTS = { listMaxSessions: 200, maxOwnSessions: 50 } as const;

function defaultIndexState(): ElizaIndexState {
  return { index: createMemoryStore().index, ...INBOX_DEFAULTS };
}
