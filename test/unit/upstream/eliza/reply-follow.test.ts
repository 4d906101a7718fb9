/** followReply / awaitReply against the Eliza emulator: socket path, poll fallback, deadline, abort. */
import { afterEach, describe, expect, it } from 'vitest';
import { startElizaEmulator, type ElizaEmulator, type ElizaEmulatorOptions } from '../../../../src/emulator/eliza/index.js';
import { ChannelWatcher } from '../../../../src/upstream/eliza/channel-watch.js';
import { ElizaClient } from '../../../../src/upstream/eliza/client.js';
import { awaitReply, followReply, ReplyTimeoutError, type FollowReplyArgs, type ReplyEvent } from '../../../../src/upstream/eliza/reply-follow.js';
import { createUpstreamPool } from '../../../../src/upstream/http/pool.js';

const SERVICE_ENTITY = '0f0e0d0c-0b0a-4909-8807-060504030201';
const USER = '11111111-1111-4111-8111-111111111111';
const AGENT = '6a979d09-1ed2-0632-8092-624ba27761eb';
const MESSAGES_ROUTE = 'GET /api/messaging/sessions/:sessionId/messages';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Setup {
  emu: ElizaEmulator;
  watcher: ChannelWatcher;
  eliza: ElizaClient;
  session: { sessionId: string; channelId: string };
  args(extra?: Partial<FollowReplyArgs>): FollowReplyArgs;
}

async function setup(emuOpts: ElizaEmulatorOptions = {}, socketKey?: string): Promise<Setup> {
  const emu = await startElizaEmulator({ replyDelayMs: 0, ...emuOpts });
  cleanups.push(() => emu.close());
  const dispatcher = createUpstreamPool(emu.url, {});
  cleanups.push(() => dispatcher.close());
  const eliza = new ElizaClient({ http: { baseUrl: emu.url, dispatcher, breaker: false } });
  const watcher = new ChannelWatcher({ url: emu.url, entityId: SERVICE_ENTITY, idleCloseMs: 0, reconnectDelayMs: 10, reconnectDelayMaxMs: 20, ...(socketKey ? { socketKey } : {}) });
  cleanups.push(() => watcher.close());
  const created = await eliza.createSession({ agentId: AGENT, userId: USER });
  const session = { sessionId: created.sessionId, channelId: created.channelId };
  return {
    emu,
    watcher,
    eliza,
    session,
    args: (extra = {}) => ({
      watcher,
      eliza,
      ...session,
      agentId: AGENT,
      send: async () => {
        const r = await eliza.sendMessage(session.sessionId, { content: 'hello', waitForReply: false });
        return { id: r.userMessage.id, createdAt: r.userMessage.createdAt };
      },
      deadlineMs: 10_000,
      poll: { intervalMs: 10, maxPolls: 5 },
      ...extra,
    }),
  };
}

async function collect(gen: AsyncGenerator<ReplyEvent>): Promise<ReplyEvent[]> {
  const out: ReplyEvent[] = [];
  for await (const e of gen) out.push(e);
  return out;
}

describe('followReply', () => {
  it('joins before sending, streams the chunks, ends with the stored reply; no history poll', async () => {
    const s = await setup();
    const events = await collect(followReply(s.args()));
    expect(events.map((e) => e.type)).toEqual(['accepted', 'chunk', 'chunk', 'chunk', 'reply']);
    const reply = events[4]!.type === 'reply' ? events[4]!.reply : null;
    const chunks = events.filter((e) => e.type === 'chunk');
    expect(chunks.map((c) => (c.type === 'chunk' ? c.text : '')).join('')).toBe(reply!.text);
    expect(reply).toMatchObject({ text: 'TestAgent received: hello', via: 'socket', actions: ['REPLY'], thought: "Replying to TestAgent's user" });
    const page = await s.eliza.getMessages(s.session.sessionId, { limit: 10 });
    expect(page.messages[0]).toMatchObject({ id: reply!.id, isAgent: true, createdAt: reply!.createdAt });
    expect(s.emu.controls.count(MESSAGES_ROUTE)).toBe(1); // the check above, not the follower
    expect(s.watcher.stats()).toMatchObject({ watchedChannels: 0, listeners: 0, joinedChannels: 0 });
  });

  it('a reply that comes later, without chunks, still ends the follow', async () => {
    const s = await setup({ replyDelayMs: 20, model: { streams: false } });
    const r = await awaitReply(s.args());
    expect(r.reply).toMatchObject({ text: 'TestAgent received: hello', via: 'socket' });
    expect(r.reply.createdAt).toBeGreaterThanOrEqual(r.userMessage.createdAt);
  });

  it('a silent model ends in ReplyTimeoutError after one last look at the history', async () => {
    const s = await setup({ model: { fails: true } });
    const err = await awaitReply(s.args({ deadlineMs: 30 })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReplyTimeoutError);
    expect(err).toMatchObject({ kind: 'UPSTREAM_TIMEOUT', mayHaveApplied: true, retryable: false, polls: 1 });
    expect(s.emu.controls.count(MESSAGES_ROUTE)).toBe(1);
    expect(s.watcher.stats().listeners).toBe(0);
  });

  it('with the socket refused, the history poll finds the reply', async () => {
    const s = await setup({ serverApiKey: 'socket-key' }, 'wrong-key');
    const r = await awaitReply(s.args());
    expect(r.reply).toMatchObject({ text: 'TestAgent received: hello', via: 'poll', actions: ['REPLY'] });
    const polls = s.emu.controls.count(MESSAGES_ROUTE);
    expect(polls).toBeGreaterThanOrEqual(1);
    expect(polls).toBeLessThanOrEqual(5);
  });

  it('the poll is bounded: with the socket refused and a silent model, at most maxPolls reads, then the timeout', async () => {
    const s = await setup({ serverApiKey: 'socket-key', model: { fails: true } }, 'wrong-key');
    const err = await awaitReply(s.args({ deadlineMs: 1000, poll: { intervalMs: 5, maxPolls: 3 } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReplyTimeoutError);
    expect(s.emu.controls.count(MESSAGES_ROUTE)).toBe(3);
  });

  it('a reply broadcast while the socket was down is found in the history', async () => {
    const s = await setup();
    const base = s.args();
    const down = new Promise<void>((resolve) => s.watcher.onConnectionChange((c) => !c && resolve()));
    const r = await awaitReply({
      ...base,
      deadlineMs: 2000,
      send: async () => {
        s.emu.dropSockets();
        await down;
        return base.send();
      },
    });
    expect(r.reply).toMatchObject({ text: 'TestAgent received: hello', via: 'poll' });
    expect(s.emu.controls.count(MESSAGES_ROUTE)).toBeGreaterThanOrEqual(1);
    expect(s.watcher.stats()).toMatchObject({ listeners: 0, watchedChannels: 0 });
  });

  it('with the watcher full, the history poll alone finds the reply', async () => {
    const s = await setup();
    const full = new ChannelWatcher({ url: s.emu.url, entityId: SERVICE_ENTITY, maxChannels: 1, idleCloseMs: 0 });
    cleanups.push(() => full.close());
    full.watch('22222222-2222-4222-8222-222222222222', () => undefined);
    const r = await awaitReply(s.args({ watcher: full }));
    expect(r.reply).toMatchObject({ text: 'TestAgent received: hello', via: 'poll' });
    expect(full.stats()).toMatchObject({ watchedChannels: 1, listeners: 1 });
  });

  it('a failed send is thrown as is, and the channel is left', async () => {
    const s = await setup();
    const boom = new Error('send failed');
    await expect(awaitReply(s.args({ send: () => Promise.reject(boom) }))).rejects.toBe(boom);
    expect(s.watcher.stats().listeners).toBe(0);
  });

  /** Two follows started together in one session, each sending its own text. */
  async function racing(s: Setup, extra: Partial<FollowReplyArgs> = {}): Promise<ReplyEvent[][]> {
    const sendText = (content: string) => async () => {
      const r = await s.eliza.sendMessage(s.session.sessionId, { content, waitForReply: false });
      return { id: r.userMessage.id, createdAt: r.userMessage.createdAt };
    };
    return Promise.all(['first', 'second'].map((text) => collect(followReply(s.args({ send: sendText(text), ...extra })))));
  }

  it('two sends racing in one session each end with the reply to their own message, and stream only its chunks', async () => {
    const s = await setup({ replyDelayMs: 30 });
    const [a, b] = await racing(s);
    for (const [events, text] of [[a!, 'first'], [b!, 'second']] as const) {
      const reply = events.at(-1);
      expect(reply?.type === 'reply' && reply.reply.text).toBe(`TestAgent received: ${text}`);
      const chunks = events.filter((e) => e.type === 'chunk').map((e) => (e.type === 'chunk' ? e.text : ''));
      if (chunks.length > 0) expect(chunks.join('')).toBe(`TestAgent received: ${text}`);
    }
    expect(s.watcher.stats()).toMatchObject({ listeners: 0, watchedChannels: 0 });
  });

  it('two sends racing in one session with the socket refused: the history poll gives each its own reply', async () => {
    const s = await setup({ serverApiKey: 'socket-key', replyDelayMs: 30 }, 'wrong-key');
    const [a, b] = await racing(s, { poll: { intervalMs: 10, maxPolls: 50 } });
    expect(a!.at(-1)).toMatchObject({ type: 'reply', reply: { text: 'TestAgent received: first', via: 'poll' } });
    expect(b!.at(-1)).toMatchObject({ type: 'reply', reply: { text: 'TestAgent received: second', via: 'poll' } });
  });

  it('a follow that timed out still counts: its late reply is not taken by the next send in the session', async () => {
    const s = await setup({ replyDelayMs: 400 });
    const sendText = (content: string) => async () => {
      const r = await s.eliza.sendMessage(s.session.sessionId, { content, waitForReply: false });
      return { id: r.userMessage.id, createdAt: r.userMessage.createdAt };
    };
    const early = await awaitReply(s.args({ send: sendText('early'), deadlineMs: 150, poll: { intervalMs: 5, maxPolls: 1 } })).catch((e: unknown) => e);
    expect(early).toBeInstanceOf(ReplyTimeoutError);
    const next = await awaitReply(s.args({ send: sendText('next') }));
    expect(next.reply.text).toBe('TestAgent received: next');
  });

  it('stops when the signal aborts', async () => {
    const s = await setup({ model: { fails: true } });
    const ac = new AbortController();
    const gen = followReply(s.args({ signal: ac.signal }));
    const first = await gen.next();
    expect(first.value).toMatchObject({ type: 'accepted' });
    ac.abort(new Error('client went away'));
    await expect(gen.next()).rejects.toThrow('client went away');
    expect(s.watcher.stats().listeners).toBe(0);
  });
});
