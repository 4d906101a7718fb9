/** Raised inside an attempt when the caller's own signal fired; rethrown as the caller's reason. */
export class CallerAbort {
  constructor(readonly reason: unknown) {}
}

export function throwIfCallerAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? abortError();
}

export function abortError(): DOMException {
  return new DOMException('This operation was aborted', 'AbortError');
}

/**
 * The signal of one attempt: aborted when `timeoutMs` passes or when the caller's signal aborts.
 * One controller with a listener on the caller's signal: `AbortSignal.any` costs several times
 * more per call (it tracks its sources through weak references). `dispose` when the attempt ends.
 */
export function attemptSignal(
  caller: AbortSignal | undefined,
  timeoutMs: number,
): { signal: AbortSignal; timedOut(): boolean; dispose(): void } {
  const controller = new AbortController();
  let timedOut = false;
  const handle = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException('upstream attempt timed out', 'TimeoutError'));
  }, timeoutMs);
  const forward = () => controller.abort(caller?.reason);
  caller?.addEventListener('abort', forward, { once: true });
  if (caller?.aborted) forward();
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose() {
      clearTimeout(handle);
      caller?.removeEventListener('abort', forward);
    },
  };
}
