import { afterEach, describe, expect, it } from 'vitest';
import { ElizaSessionStream } from '../../../src/upstream/eliza/session-stream.js';
import { UpstreamError } from '../../../src/errors/classes.js';
import { JSON_HEADERS, mockSetup, type MockSetup } from './support.js';

const session = (n: number, userId = '00000000-0000-4000-8000-000000000001') => ({
  sessionId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  channelId: '00000000-0000-4000-8000-00000000c000',
  agentId: '6a979d09-1ed2-0632-8092-624ba27761eb',
  userId,
  createdAt: '2026-01-01T00:00:00.000Z',
  lastActivity: '2026-01-01T00:00:00.000Z',
  metadata: {},
  expiresAt: '2026-01-01T00:30:00.000Z',
  timeoutConfig: { timeoutMinutes: 30, autoRenew: true, maxDurationMinutes: 720, warningThresholdMinutes: 5 },
  renewalCount: 0,
  timeRemaining: 1000,
  isNearExpiration: false,
});

let m: MockSetup | undefined;
afterEach(async () => {
  await m?.close();
  m = undefined;
});

async function collect(body: string | Buffer, limits = {}, headers: Record<string, string> = JSON_HEADERS) {
  await m?.close();
  m = mockSetup('eliza');
  m.pool.intercept({ path: '/api/messaging/sessions', method: 'GET' }).reply(200, body, { headers });
  const source = new ElizaSessionStream(m.transport(), limits);
  const out: string[] = [];
  try {
    for await (const s of source.all()) out.push(s.sessionId);
    return { ids: out, error: null as UpstreamError | null };
  } catch (err) {
    return { ids: out, error: err as UpstreamError };
  }
}

describe('the global Eliza list read as a stream', () => {
  it('yields every session, with no cap on the whole body (here 3 MiB, over the 2 MiB cap of ordinary calls)', async () => {
    const sessions = Array.from({ length: 6000 }, (_, i) => session(i));
    const body = JSON.stringify({ sessions, total: sessions.length, stats: { totalSessions: 6000 } });
    expect(body.length).toBeGreaterThan(2 * 1024 * 1024);
    const { ids, error } = await collect(body);
    expect(error).toBeNull();
    expect(ids).toHaveLength(6000);
    expect(ids[5999]).toBe(sessions[5999]!.sessionId);
  });

  it('ignores other keys, before and after the array', async () => {
    const { ids, error } = await collect(JSON.stringify({ note: { sessions: [1] }, sessions: [session(1), session(2)], total: 2 }));
    expect(error).toBeNull();
    expect(ids).toHaveLength(2);
  });

  it.each([
    ['no sessions array', JSON.stringify({ total: 0 }), /no "sessions" array/],
    ['sessions is not an array', JSON.stringify({ sessions: 5 }), /no "sessions" array/],
    ['a top-level array', JSON.stringify([session(1)]), /not a JSON object/],
    ['a document cut short', JSON.stringify({ sessions: [session(1), session(2)] }).slice(0, -30), /ended early|invalid JSON/],
    ['invalid JSON', '{"sessions": [}', /invalid JSON/],
    ['an item of the wrong shape', JSON.stringify({ sessions: [{ sessionId: 1 }] }), /expected shape/],
  ])('fails the pass as a bad answer on %s', async (_name, body, detail) => {
    const { error } = await collect(body);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error!.kind).toBe('UPSTREAM_BAD_RESPONSE');
    expect(String((error!.cause as Error).message)).toMatch(detail);
  });

  it('enforces its own bounds: items, item size, body size', async () => {
    const three = JSON.stringify({ sessions: [session(1), session(2), session(3)] });
    expect((await collect(three, { maxItems: 2 })).error?.cause).toMatchObject({ message: 'more than 2 items' });
    const big = JSON.stringify({ sessions: [session(0), { ...session(1), metadata: { blob: 'x'.repeat(5000) } }] });
    expect((await collect(big, { maxItemBytes: 2048 })).error?.cause).toMatchObject({ message: 'an item is larger than 2048 bytes' });
    // a huge item that never ends is refused once it passes the bound, before the body is over
    const endless = Buffer.from(`{"sessions":[{"metadata":"${'x'.repeat(300 * 1024)}`);
    expect((await collect(endless, { maxItemBytes: 64 * 1024 })).error?.cause).toMatchObject({ message: 'an item is larger than 65536 bytes' });
    expect((await collect(three, { maxBytes: 100 })).error?.cause).toMatchObject({ message: 'body larger than 100 bytes' });
  });

  it('refuses an answer that is not JSON, and maps error statuses like any call', async () => {
    const notJson = await collect(JSON.stringify({ sessions: [] }), {}, { 'content-type': 'text/html' });
    expect(notJson.error?.kind).toBe('UPSTREAM_BAD_RESPONSE');
    await m?.close();
    m = mockSetup('eliza');
    m.pool.intercept({ path: '/api/messaging/sessions', method: 'GET' }).reply(503, '{}', { headers: JSON_HEADERS });
    const failing = new ElizaSessionStream(m.transport());
    await expect(async () => {
      for await (const _ of failing.all()) void _;
    }).rejects.toMatchObject({ kind: 'UPSTREAM_UNAVAILABLE' });
  });
});
