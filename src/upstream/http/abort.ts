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

/** A signal that fires after `ms` (the attempt timed out) or with the caller's, and its timer. */
export function attemptSignal(ms: number, callerSignal: AbortSignal | undefined) {
  const timer = new AbortController();
  const handle = setTimeout(() => timer.abort(new DOMException('upstream attempt timed out', 'TimeoutError')), ms);
  const signal = callerSignal ? AbortSignal.any([callerSignal, timer.signal]) : timer.signal;
  return { signal, timedOut: () => timer.signal.aborted, clear: () => clearTimeout(handle) };
}
