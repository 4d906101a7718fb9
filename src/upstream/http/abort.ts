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
 * A native AbortSignal that follows `signal`. yoga's Node adapter gives requests a look-alike
 * signal (a proxy that even passes `instanceof AbortSignal`), and Node 24's `AbortSignal.any`
 * rejects anything that is not a real one; since the two cannot be told apart, always wrap.
 */
export function nativeSignal(signal: AbortSignal): AbortSignal {
  const controller = new AbortController();
  if (signal.aborted) controller.abort(signal.reason);
  else signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  return controller.signal;
}

/** `AbortSignal.any` that also accepts look-alike signals. */
export function anySignal(signals: AbortSignal[]): AbortSignal {
  return AbortSignal.any(signals.map(nativeSignal));
}
