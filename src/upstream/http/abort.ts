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
 * Attempts in flight per caller signal. The caller's signal gets one listener, however many
 * attempts follow it (one listener per attempt would pass Node's listener limit on an operation
 * with many concurrent calls).
 */
const followers = new WeakMap<AbortSignal, Set<AbortController>>();

function follow(caller: AbortSignal, controller: AbortController): () => void {
  let set = followers.get(caller);
  if (!set) {
    const attempts = new Set<AbortController>();
    followers.set(caller, attempts);
    caller.addEventListener(
      'abort',
      () => {
        for (const c of attempts) c.abort(caller.reason);
        attempts.clear();
      },
      { once: true },
    );
    set = attempts;
  }
  set.add(controller);
  return () => set.delete(controller);
}

/**
 * The signal of one attempt: aborted when `timeoutMs` passes or when the caller's signal aborts.
 * One controller per attempt, followed from the caller's signal: `AbortSignal.any` costs several
 * times more per call (it tracks its sources through weak references). `dispose` when the attempt ends.
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
  let unfollow: (() => void) | null = null;
  if (caller?.aborted) controller.abort(caller.reason);
  else if (caller) unfollow = follow(caller, controller);
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose() {
      clearTimeout(handle);
      unfollow?.();
    },
  };
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
