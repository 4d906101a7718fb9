import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { attemptSignal } from '../../../src/upstream/http/abort.js';

describe('attemptSignal', () => {
  it('follows the caller: many attempts add one listener to the caller’s signal, and all abort with its reason', () => {
    const caller = new AbortController();
    const attempts = Array.from({ length: 30 }, () => attemptSignal(caller.signal, 60_000));
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(1);
    attempts[0]!.dispose();
    const reason = new Error('client gone');
    caller.abort(reason);
    expect(attempts[0]!.signal.aborted).toBe(false);
    for (const a of attempts.slice(1)) {
      expect(a.signal.reason).toBe(reason);
      expect(a.timedOut()).toBe(false);
    }
    for (const a of attempts) a.dispose();
  });

  it('is aborted at once when the caller already is', () => {
    const caller = new AbortController();
    caller.abort(new Error('early'));
    const a = attemptSignal(caller.signal, 60_000);
    expect(a.signal.aborted).toBe(true);
    a.dispose();
  });

  it('times out on its own, and says so', async () => {
    const a = attemptSignal(undefined, 5);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(a.signal.aborted).toBe(true);
    expect(a.timedOut()).toBe(true);
    expect((a.signal.reason as DOMException).name).toBe('TimeoutError');
    a.dispose();
  });
});
