/** ChannelWatcher against the Eliza emulator over real sockets: ref-counted joins, re-joins, limits. */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startElizaEmulator, type ElizaEmulator } from '../../../../src/emulator/eliza/index.js';
import { ChannelWatcher, WatchLimitError, type ChannelWatcherOptions } from '../../../../src/upstream/eliza/channel-watch.js';
import type { ElizaChannelEvent } from '../../../../src/upstream/eliza/socket-events.js';
import { InvalidIdError } from '../../../../src/errors/classes.js';

const SERVICE_ENTITY = '0f0e0d0c-0b0a-4909-8807-060504030201';
const USER = '11111111-1111-4111-8111-111111111111';
const AGENT = '6a979d09-1ed2-0632-8092-624ba27761eb';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function emulator(opts: Parameters<typeof startElizaEmulator>[0] = {}): Promise<ElizaEmulator> {
  const emu = await startElizaEmulator({ replyDelayMs: 0, ...opts });
  cleanups.push(() => emu.close());
  return emu;
}

function watcherFor(emu: ElizaEmulator, opts: Partial<ChannelWatcherOptions> = {}): ChannelWatcher {
  const w = new ChannelWatcher({ url: emu.url, entityId: SERVICE_ENTITY, reconnectDelayMs: 10, reconnectDelayMaxMs: 50, idleCloseMs: 0, ...opts });
  cleanups.push(() => w.close());
  return w;
}

async function session(emu: ElizaEmulator): Promise<{ sessionId: string; channelId: string }> {
  const r = await fetch(`${emu.url}/api/messaging/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ agentId: AGENT, userId: USER }),
  });
  return (await r.json()) as { sessionId: string; channelId: string };
}

async function send(emu: ElizaEmulator, sessionId: string, content: string): Promise<string> {
  const r = await fetch(`${emu.url}/api/messaging/sessions/${sessionId}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ content }),
  });
  expect(r.status).toBe(201);
  return ((await r.json()) as { userMessage: { id: string } }).userMessage.id;
}

/** Collects a channel's events; `broadcast()` resolves with the next broadcast. */
function collector() {
  const events: ElizaChannelEvent[] = [];
  const waiters: Array<(e: ElizaChannelEvent) => void> = [];
  return {
    events,
    listener: (e: ElizaChannelEvent) => {
      events.push(e);
      if (e.type === 'broadcast') waiters.splice(0).forEach((w) => w(e));
    },
    broadcast: () => new Promise<ElizaChannelEvent>((resolve) => waiters.push(resolve)),
  };
}

const connectionState = (w: ChannelWatcher, want: boolean) =>
  new Promise<void>((resolve) => {
    const off = w.onConnectionChange((c) => {
      if (c === want) {
        off();
        resolve();
      }
    });
  });

describe('ChannelWatcher', () => {
  it('joins a channel once for many listeners and hands each the typed chunks and broadcast', async () => {
    const emu = await emulator();
    const s = await session(emu);
    const w = watcherFor(emu);
    const cs = Array.from({ length: 50 }, () => collector());
    const offs = cs.map((c) => w.watch(s.channelId, c.listener));
    await w.whenJoined(s.channelId);
    const done = cs[49]!.broadcast();
    await send(emu, s.sessionId, 'hello');
    const b = await done;
    const history = (await (await fetch(`${emu.url}/api/messaging/sessions/${s.sessionId}/messages`)).json()) as { messages: Array<{ id: string }> };
    expect(b).toMatchObject({ type: 'broadcast', channelId: s.channelId, senderId: AGENT, senderName: 'TestAgent', text: 'TestAgent received: hello', actions: ['REPLY'] });
    if (b.type !== 'broadcast') throw new Error('unreachable');
    expect(b.id).toBe(history.messages[0]!.id);
    for (const c of cs) {
      expect(c.events.map((e) => e.type)).toEqual(['chunk', 'chunk', 'chunk', 'broadcast']);
      expect(c.events.filter((e) => e.type === 'chunk').map((e) => (e.type === 'chunk' ? [e.index, e.messageId] : null))).toEqual([
        [0, b.id],
        [1, b.id],
        [2, b.id],
      ]);
    }
    expect(w.stats()).toMatchObject({ connected: true, watchedChannels: 1, listeners: 50, joinedChannels: 1, joinsSent: 1, connects: 1, invalidEvents: 0 });
    expect(emu.socketStats()).toMatchObject({ sockets: 1, rooms: 1, connects: 1, joins: 1 });
    offs.forEach((off) => off());
    expect(w.stats()).toMatchObject({ connected: false, watchedChannels: 0, listeners: 0, joinedChannels: 0 });
  });

  it('an unwatched channel delivers nothing, even while the socket is still in its room', async () => {
    const emu = await emulator();
    const a = await session(emu);
    const b = await session(emu);
    const w = watcherFor(emu);
    const ca = collector();
    const cb = collector();
    const offA = w.watch(a.channelId, ca.listener);
    w.watch(b.channelId, cb.listener);
    await Promise.all([w.whenJoined(a.channelId), w.whenJoined(b.channelId)]);
    offA();
    offA(); // twice is harmless
    await send(emu, a.sessionId, 'to a');
    const got = cb.broadcast();
    await send(emu, b.sessionId, 'to b');
    await got; // same connection, so a's events (sent first) have arrived by now
    expect(ca.events).toEqual([]);
    expect(emu.socketStats().rooms).toBe(2);
    expect(w.stats()).toMatchObject({ watchedChannels: 1, joinedChannels: 2 });
  });

  it('after 1,000 watch/unwatch cycles no join is left, and stale rooms stay bounded meanwhile', async () => {
    const emu = await emulator();
    const keep = await session(emu);
    const w = watcherFor(emu, { maxStaleJoins: 20 });
    const offKeep = w.watch(keep.channelId, () => undefined);
    await w.whenJoined(keep.channelId);
    for (let i = 0; i < 1000; i++) {
      const off = w.watch(randomUUID(), () => undefined);
      if (i % 2 === 0) w.watch(randomUUID(), () => undefined)(); // unwatched at once as well
      off();
      expect(w.stats().joinedChannels).toBeLessThanOrEqual(22);
    }
    await w.whenJoined(keep.channelId);
    expect(w.stats()).toMatchObject({ watchedChannels: 1, listeners: 1 });
    expect(w.stats().connects).toBeGreaterThan(1);
    expect(emu.socketStats().rooms).toBeLessThanOrEqual(22);
    offKeep();
    expect(w.stats()).toMatchObject({ connected: false, watchedChannels: 0, listeners: 0, joinedChannels: 0 });
    await expect.poll(() => emu.socketStats()).toMatchObject({ sockets: 0, rooms: 0 });
  });

  it('re-joins every watched channel after the connection drops', async () => {
    const emu = await emulator();
    const s = await session(emu);
    const w = watcherFor(emu);
    const c = collector();
    w.watch(s.channelId, c.listener);
    await w.whenJoined(s.channelId);
    const down = connectionState(w, false);
    const up = connectionState(w, true);
    emu.dropSockets();
    await down;
    await up;
    await w.whenJoined(s.channelId);
    const got = c.broadcast();
    await send(emu, s.sessionId, 'after the drop');
    expect(await got).toMatchObject({ text: 'TestAgent received: after the drop' });
    expect(w.stats()).toMatchObject({ connects: 2, joinsSent: 2, joinedChannels: 1 });
  });

  it('re-joins after the server restarts on the same port', async () => {
    const seed = { sessions: [{ userId: USER, count: 1, messagesPerSession: 0 }] };
    const first = await startElizaEmulator({ replyDelayMs: 0, seed });
    const port = Number(new URL(first.url).port);
    const s = (await (await fetch(`${first.url}/api/messaging/sessions`)).json()) as { sessions: Array<{ sessionId: string; channelId: string }> };
    const { sessionId, channelId } = s.sessions[0]!;
    const w = watcherFor(first);
    const c = collector();
    w.watch(channelId, c.listener);
    await w.whenJoined(channelId);
    const down = connectionState(w, false);
    await first.close();
    await down;
    const up = connectionState(w, true);
    const second = await emulator({ port, seed });
    await up;
    await w.whenJoined(channelId);
    const got = c.broadcast();
    await send(second, sessionId, 'after the restart');
    expect(await got).toMatchObject({ text: 'TestAgent received: after the restart' });
    expect(second.socketStats()).toMatchObject({ sockets: 1, joins: 1 });
    expect(w.stats().connects).toBe(2);
  });

  it('a refused handshake is logged and retried, never thrown; the right socket key connects', async () => {
    const emu = await emulator({ serverApiKey: 'socket-key' });
    const s = await session(emu);
    const logs: string[] = [];
    const wrong = watcherFor(emu, { socketKey: 'wrong', onLog: (e) => logs.push(`${e.level}: ${e.reason ?? ''}`) });
    wrong.watch(s.channelId, () => undefined);
    await expect.poll(() => logs.filter((l) => l === 'warn: Invalid or missing API Key').length).toBeGreaterThanOrEqual(2);
    expect(wrong.stats()).toMatchObject({ connected: false, connects: 0 });
    expect(logs.join('\n')).not.toContain('wrong');
    const right = watcherFor(emu, { socketKey: 'socket-key' });
    right.watch(s.channelId, () => undefined);
    await right.whenJoined(s.channelId);
    expect(right.stats().connected).toBe(true);
  });

  it('refuses ids that are not UUIDs and watches beyond its limits', async () => {
    const emu = await emulator();
    expect(() => new ChannelWatcher({ url: emu.url, entityId: 'service' })).toThrow(InvalidIdError);
    const w = watcherFor(emu, { maxChannels: 2, maxListenersPerChannel: 2 });
    expect(() => w.watch('../x', () => undefined)).toThrow(InvalidIdError);
    const a = randomUUID();
    w.watch(a, () => undefined);
    w.watch(a, () => undefined);
    expect(() => w.watch(a, () => undefined)).toThrow(WatchLimitError);
    w.watch(randomUUID(), () => undefined);
    expect(() => w.watch(randomUUID(), () => undefined)).toThrow(WatchLimitError);
    expect(w.stats()).toMatchObject({ watchedChannels: 2, listeners: 3 });
  });

  it('whenJoined rejects when its signal aborts', async () => {
    const emu = await emulator();
    const w = watcherFor(emu);
    const ac = new AbortController();
    const p = w.whenJoined(randomUUID(), ac.signal);
    ac.abort(new Error('gave up'));
    await expect(p).rejects.toThrow('gave up');
  });
});
