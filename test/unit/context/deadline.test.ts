import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { operationDeadline } from '../../../src/context/deadline.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('operationDeadline', () => {
  it('aborts with a TimeoutError when the deadline passes, and stops following the client', () => {
    vi.useFakeTimers();
    const client = new AbortController();
    const { signal } = operationDeadline(client.signal, 1000);
    vi.advanceTimersByTime(999);
    expect(signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).name).toBe('TimeoutError');
    expect(getEventListeners(client.signal, 'abort')).toHaveLength(0);
  });

  it('aborts with the client’s reason when the client goes away first', () => {
    vi.useFakeTimers();
    const client = new AbortController();
    const { signal } = operationDeadline(client.signal, 1000);
    const gone = new Error('client gone');
    client.abort(gone);
    expect(signal.reason).toBe(gone);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('starts aborted when the client already went away', () => {
    const client = new AbortController();
    client.abort(new Error('already gone'));
    expect(operationDeadline(client.signal, 1000).signal.aborted).toBe(true);
  });

  it('after end(), holds nothing: no timer, no listener on the client, and never aborts', () => {
    vi.useFakeTimers();
    const client = new AbortController();
    const { signal, end } = operationDeadline(client.signal, 1000);
    expect(vi.getTimerCount()).toBe(1);
    expect(getEventListeners(client.signal, 'abort')).toHaveLength(1);
    end();
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(client.signal, 'abort')).toHaveLength(0);
    vi.advanceTimersByTime(5000);
    client.abort();
    expect(signal.aborted).toBe(false);
  });
});
