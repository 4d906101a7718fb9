/**
 * The signal of one operation: aborts when the client goes away or the operation deadline passes
 * (with a `TimeoutError`, as `AbortSignal.timeout` would). `end()` when the operation is done
 * clears the timer and stops following the client, so nothing outlives the operation.
 *
 * Not `AbortSignal.any([client, AbortSignal.timeout(ms)])`: Node keeps such a combined signal, and
 * everything its abort listeners reach, alive until one of its sources aborts, that is until the
 * deadline passes. A listener that reaches the operation's context (as the release of its budget
 * shares does, `Context.reserveLargeRead`) then held its loaders and upstream answers for the 15 s
 * of the deadline: hundreds of megabytes at a few hundred operations a second.
 */
export function operationDeadline(client: AbortSignal, timeoutMs: number): { signal: AbortSignal; end(): void } {
  const controller = new AbortController();
  const onClientAbort = () => {
    clearTimeout(timer);
    controller.abort(client.reason);
  };
  const timer = setTimeout(() => {
    client.removeEventListener('abort', onClientAbort);
    controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  }, timeoutMs);
  timer.unref();
  if (client.aborted) onClientAbort();
  else client.addEventListener('abort', onClientAbort, { once: true });
  return {
    signal: controller.signal,
    end() {
      clearTimeout(timer);
      client.removeEventListener('abort', onClientAbort);
    },
  };
}
