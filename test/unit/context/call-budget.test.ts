import { describe, expect, it } from 'vitest';
import type { Clients } from '../../../src/context/context.js';
import { InputError } from '../../../src/errors/classes.js';
import { budgetClients } from '../../../src/context/call-budget.js';

/** A fake upstream whose calls stay open until released, recording how many run at once. */
function fakeApi() {
  const state = { running: 0, peak: 0, calls: 0, release: [] as Array<() => void> };
  const api = {
    async getSession(id: string) {
      state.calls++;
      state.running++;
      state.peak = Math.max(state.peak, state.running);
      await new Promise<void>((r) => state.release.push(r));
      state.running--;
      return id;
    },
  };
  return { api, state };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('budgetClients', () => {
  it('keeps at most maxConcurrent calls in flight per upstream', async () => {
    const { api, state } = fakeApi();
    const clients = budgetClients({ sumvin: api, eliza: api } as unknown as Clients, { maxConcurrent: 3, maxCallsPerUpstream: 50 });
    const all = Array.from({ length: 8 }, (_, i) => (clients.sumvin as unknown as typeof api).getSession(`s${i}`));
    for (let i = 0; i < 20 && state.calls < 8; i++) {
      await tick();
      state.release.splice(0).forEach((r) => r());
    }
    expect(await Promise.all(all)).toEqual(['s0', 's1', 's2', 's3', 's4', 's5', 's6', 's7']);
    expect(state.peak).toBe(3);
  });

  it('refuses calls past the per-operation budget without making them', async () => {
    const calls: string[] = [];
    const api = { getSession: async (id: string) => (calls.push(id), id) };
    const clients = budgetClients({ sumvin: api, eliza: api } as unknown as Clients, { maxConcurrent: 10, maxCallsPerUpstream: 2 });
    const s = clients.sumvin as unknown as typeof api;
    expect(await s.getSession('a')).toBe('a');
    expect(await s.getSession('b')).toBe('b');
    await expect(s.getSession('c')).rejects.toBeInstanceOf(InputError);
    expect(calls).toEqual(['a', 'b']);
    // the other upstream has its own budget
    expect(await (clients.eliza as unknown as typeof api).getSession('d')).toBe('d');
  });

  it('passes streams through as async iterables, holding a slot until they end, one call each', async () => {
    const log: string[] = [];
    const api = {
      async *streamMessage(id: string) {
        log.push(`open ${id}`);
        try {
          yield `${id}:1`;
          yield `${id}:2`;
        } finally {
          log.push(`close ${id}`);
        }
      },
      getSession: async (id: string) => (log.push(`get ${id}`), id),
    };
    const clients = budgetClients({ sumvin: api, eliza: api } as unknown as Clients, { maxConcurrent: 1, maxCallsPerUpstream: 3 });
    const e = clients.eliza as unknown as typeof api;
    const first = e.streamMessage('a');
    // nothing is sent before iteration starts
    expect(log).toEqual([]);
    const it = first[Symbol.asyncIterator]();
    expect(await it.next()).toEqual({ done: false, value: 'a:1' });
    // the open stream holds the only slot: the next call waits for it
    const waiting = e.getSession('b');
    await tick();
    expect(log).toEqual(['open a']);
    expect(await it.return(undefined)).toEqual({ done: true, value: undefined });
    expect(await waiting).toBe('b');
    expect(log).toEqual(['open a', 'close a', 'get b']);
    const all: string[] = [];
    for await (const v of e.streamMessage('c')) all.push(v);
    expect(all).toEqual(['c:1', 'c:2']);
    // the fourth call is over the budget of three and is refused without being made
    await expect(
      (async () => {
        for await (const v of e.streamMessage('d')) all.push(v);
      })(),
    ).rejects.toBeInstanceOf(InputError);
    expect(log).toEqual(['open a', 'close a', 'get b', 'open c', 'close c']);
  });
});
