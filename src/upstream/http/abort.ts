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
