import { GraphQLError, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const isAsyncIterable = (v: unknown): v is AsyncIterable<ExecutionResult> =>
  typeof v === 'object' && v !== null && Symbol.asyncIterator in v;

/** The last event of a stream cut short by a shutdown: retryable, so the client subscribes again elsewhere. */
export function shutdownPayload(): ExecutionResult {
  return {
    errors: [
      new GraphQLError('The server is shutting down; send the operation again to continue.', {
        extensions: { code: 'UPSTREAM_UNAVAILABLE', retryable: true, reason: 'SHUTTING_DOWN' },
      }),
    ],
  };
}

/** Counts open streams (metrics). */
export interface StreamGauge {
  streamOpened(): void;
  streamClosed(): void;
}

/** Passes the stream's events on until `ending` aborts; then sends the shutdown event and stops. */
export async function* endOnShutdown(source: AsyncIterable<ExecutionResult>, ending: AbortSignal, gauge?: StreamGauge): AsyncGenerator<ExecutionResult> {
  const it = source[Symbol.asyncIterator]();
  gauge?.streamOpened();
  let onAbort: () => void = () => undefined;
  const stopped = new Promise<'stop'>((resolve) => {
    onAbort = () => resolve('stop');
    if (ending.aborted) resolve('stop');
    else ending.addEventListener('abort', onAbort, { once: true });
  });
  let finished = false;
  try {
    for (;;) {
      const next = await Promise.race([it.next(), stopped]);
      if (next === 'stop') {
        yield shutdownPayload();
        return;
      }
      if (next.done) {
        finished = true;
        return;
      }
      yield next.value;
    }
  } finally {
    gauge?.streamClosed();
    ending.removeEventListener('abort', onAbort);
    // not awaited: a generator blocked on an upstream answers return() only after that answer
    if (!finished) void Promise.resolve(it.return?.()).catch(() => undefined);
  }
}

/**
 * Ends every open stream (subscriptions, streamed replies) with a final event when `ending`
 * aborts, so clients learn why instead of seeing the connection drop; counts open streams.
 */
export function useStreamShutdown(ending: AbortSignal = new AbortController().signal, gauge?: StreamGauge): Plugin {
  return {
    onSubscribe() {
      return {
        onSubscribeResult({ result, setResult }) {
          if (isAsyncIterable(result)) setResult(endOnShutdown(result, ending, gauge));
        },
      };
    },
    onExecute() {
      return {
        onExecuteDone({ result, setResult }) {
          if (isAsyncIterable(result)) setResult(endOnShutdown(result, ending, gauge));
        },
      };
    },
  };
}
