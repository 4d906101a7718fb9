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
