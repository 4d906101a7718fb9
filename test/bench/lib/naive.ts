/**
 * What a naive resolver tree would send for the merged list with last messages: both lists, then
 * for every session shown its own GET and then its messages (no batching, no reuse of the list's
 * data). Run straight from the bench process against the emulators.
 */
import type { Pool } from 'undici';
import { call, type Operation } from './load.js';

interface Shown {
  provider: 'sumvin' | 'eliza';
  id: string;
  at: number;
}

const toMs = (v: unknown): number =>
  typeof v === 'number' ? (v < 1e12 ? v * 1000 : v) : typeof v === 'string' ? Date.parse(v) : Number.NaN;

export function naiveListOp(pools: { sumvin: Pool; eliza: Pool }, token: string, first: number, lastMessages: number): Operation {
  const sumvinHeaders = { 'x-juno-jwt': token };
  const get = (provider: 'sumvin' | 'eliza', path: string) =>
    call(pools[provider], { method: 'GET', path, headers: provider === 'sumvin' ? sumvinHeaders : {} }).then((t) => JSON.parse(t) as Record<string, unknown>);

  return async () => {
    const [chat, agent] = await Promise.all([
      get('sumvin', `/v0/chat/sessions?offset=0&limit=${first}`),
      get('eliza', '/api/messaging/sessions'),
    ]);
    const shown: Shown[] = [
      ...(chat['sessions'] as Array<Record<string, unknown>>).map((s) => ({ provider: 'sumvin' as const, id: String(s['id']), at: toMs(s['updated_at']) })),
      ...(agent['sessions'] as Array<Record<string, unknown>>).map((s) => ({ provider: 'eliza' as const, id: String(s['sessionId']), at: toMs(s['lastActivity']) })),
    ]
      .sort((a, b) => b.at - a.at)
      .slice(0, first);
    await Promise.all(
      shown.map(async (s) => {
        if (s.provider === 'sumvin') {
          const one = await get('sumvin', `/v0/chat/sessions/${encodeURIComponent(s.id)}`);
          const count = Number((one['session'] as Record<string, unknown>)['message_count']);
          await get('sumvin', `/v0/chat/sessions/${encodeURIComponent(s.id)}/messages?offset=${Math.max(0, count - lastMessages)}&limit=${lastMessages}`);
        } else {
          await get('eliza', `/api/messaging/sessions/${s.id}`);
          await get('eliza', `/api/messaging/sessions/${s.id}/messages?limit=${lastMessages}`);
        }
      }),
    );
  };
}
