import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Context } from '../context/context.js';
import { clientErrorAt, withDocumentedCodes } from '../errors/graphql.js';
import type { CallerLimiter } from '../state/rate-limit.js';

/**
 * Every error leaves the server with a code from the documented list (see `withDocumentedCode`);
 * field suggestions only where the app shows them (development).
 */
export function useErrorCodes(opts: { showSuggestions?: boolean } = {}): Plugin {
  const show = opts.showSuggestions ?? false;
  return {
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result)) setResult(result.map((r) => withDocumentedCodes(r, show)));
      else if (result && typeof result === 'object' && !(Symbol.asyncIterator in result)) setResult(withDocumentedCodes(result as ExecutionResult, show));
    },
  };
}

/** Adds the errors of fields that still returned data (one provider failed) to the response. */
export function usePartialErrors(): Plugin<Context> {
  return {
    onExecutionResult({ result, setResult, context }) {
      const partial = (context as Partial<Context>).partialErrors;
      if (!partial || partial.length === 0 || !result || Symbol.asyncIterator in result) return;
      const extra = partial.map(({ error, path }) => clientErrorAt(error, path));
      setResult({ ...result, errors: [...(result.errors ?? []), ...extra] });
    },
  };
}

/**
 * Limits operations per caller before anything runs: per verified subject, or per client address
 * for callers without a valid token. Protects the upstreams' shared budgets (the ElizaOS server
 * allows 1000 requests per 15 minutes per client address, and all users share the facade's).
 */
export function useRateLimit(limits: { perSubject: CallerLimiter; perAddress: CallerLimiter }): Plugin<Context> {
  /** The refusal when the caller is over its limit, else null (and one operation is counted). */
  const refusal = async (contextValue: unknown): Promise<ExecutionResult | null> => {
    const ctx = contextValue as Partial<Context>;
    const auth = ctx.auth;
    const wait = await (auth?.ok
      ? limits.perSubject.take(`${auth.caller.issuer}\u0000${auth.caller.subject}`)
      : limits.perAddress.take(ctx.remoteAddress ?? 'unknown'));
    if (wait <= 0) return null;
    const seconds = Math.max(1, Math.ceil(wait / 1000));
    return {
      errors: [
        new GraphQLError('Too many requests; try again later.', {
          extensions: {
            code: 'RATE_LIMITED',
            retryable: true,
            details: { retryAfterMs: wait },
            http: { status: 429, headers: { 'retry-after': String(seconds) } },
          },
        }),
      ],
    };
  };
  return {
    async onExecute({ args, setResultAndStopExecution }) {
      const refused = await refusal(args.contextValue);
      if (refused) setResultAndStopExecution(refused);
    },
    // subscriptions do not pass through onExecute
    async onSubscribe({ args, setResultAndStopExecution }) {
      const refused = await refusal(args.contextValue);
      if (refused) setResultAndStopExecution(refused);
    },
  };
}

/** Ends each operation's holds on process-wide budgets (`Context.endOperation`) when its execution is done. */
export function useEndOperation(): Plugin<Context> {
  return {
    onExecute() {
      return {
        onExecuteDone({ args }) {
          (args.contextValue as Partial<Context>).endOperation?.();
        },
      };
    },
  };
}
