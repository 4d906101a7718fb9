/**
 * The Socket.IO and agents-list contract cases (eliza-socket-cases.ts) against the real ElizaOS
 * server (`@elizaos/server` 1.7.2 from test/eliza-real) with the streaming canned model, whose next
 * answers the cases set with `queueModel` (stream, whole, fail).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelWatcher } from '../../src/upstream/eliza/channel-watch.js';
import { ElizaClient } from '../../src/upstream/eliza/client.js';
import { followReply, type ReplyEvent } from '../../src/upstream/eliza/reply-follow.js';
import { createUpstreamPool } from '../../src/upstream/http/pool.js';
import { startRealEliza, type RealEliza } from '../support/eliza-real.js';
import { socketCases, socketKeyCases, type ModelMode, type SocketTarget } from './eliza-socket-cases.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Sends `content` with the default transport and follows the reply to its end. */
async function sendAndFollow(
  to: { eliza: ElizaClient; watcher: ChannelWatcher; session: { sessionId: string; channelId: string }; agentId: string },
  content: string,
): Promise<ReplyEvent[]> {
  const events: ReplyEvent[] = [];
  for await (const e of followReply({
    watcher: to.watcher,
    eliza: to.eliza,
    sessionId: to.session.sessionId,
    channelId: to.session.channelId,
    agentId: to.agentId,
    deadlineMs: 10_000,
    send: async () => {
      const r = await to.eliza.sendMessage(to.session.sessionId, { content, waitForReply: false });
      return { id: r.userMessage.id, createdAt: r.userMessage.createdAt };
    },
  })) {
    events.push(e);
  }
  return events;
}

function targetFor(server: () => RealEliza, keys: { apiKey?: string; serverApiKey?: string } = {}): SocketTarget {
  return {
    get baseUrl() {
      return server().url;
    },
    get agentId() {
      return server().agentId;
    },
    ...keys,
    advanceTime: sleep,
    async model(mode: ModelMode) {
      server().queueModel(mode);
      return '';
    },
  };
}

describe('Eliza socket contract: real server, streaming model', () => {
  let server: RealEliza | undefined;
  const target = targetFor(() => server!);
  beforeAll(async () => {
    server = await startRealEliza({ model: 'streaming' });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  for (const c of socketCases) {
    it(c.name, async () => {
      expect(await c.run(target)).toEqual(c.expected);
    });
  }

  it('the facade side: ChannelWatcher, followReply and listAgents against the real server', async () => {
    const dispatcher = createUpstreamPool(server!.url, {});
    const eliza = new ElizaClient({ http: { baseUrl: server!.url, dispatcher, breaker: false } });
    const watcher = new ChannelWatcher({ url: server!.url, entityId: '0f0e0d0c-0b0a-4909-8807-060504030201', idleCloseMs: 0 });
    try {
      expect(await eliza.listAgents()).toEqual([
        { id: server!.agentId, name: 'TestAgent', characterName: 'TestAgent', bio: 'test', status: 'active' },
      ]);
      const s = await eliza.createSession({ agentId: server!.agentId, userId: '11111111-1111-4111-8111-111111111111' });
      server!.queueModel('stream');
      const events = await sendAndFollow({ eliza, watcher, session: s, agentId: server!.agentId }, 'hello');
      const reply = events.at(-1)!.type === 'reply' ? (events.at(-1) as Extract<ReplyEvent, { type: 'reply' }>).reply : null;
      const chunks = events.filter((e): e is Extract<ReplyEvent, { type: 'chunk' }> => e.type === 'chunk');
      expect(events[0]!.type).toBe('accepted');
      expect(chunks.length).toBeGreaterThan(1);
      expect(chunks.map((c) => c.text).join('')).toBe(reply!.text);
      expect(reply).toMatchObject({ text: 'canned reply number one', via: 'socket', actions: ['REPLY'] });
      const page = await eliza.getMessages(s.sessionId, { limit: 10 });
      expect(page.messages.map((m) => [m.id, m.isAgent])).toEqual([
        [reply!.id, true],
        [(events[0] as Extract<ReplyEvent, { type: 'accepted' }>).userMessage.id, false],
      ]);
      expect(page.messages[0]!.createdAt).toBe(reply!.createdAt);
      expect(watcher.stats()).toMatchObject({ watchedChannels: 0, joinedChannels: 0, joinsSent: 1, connects: 1 });
    } finally {
      watcher.close();
      await dispatcher.close();
    }
  });
});

describe('Eliza reply links: real server, streaming model', () => {
  let server: RealEliza | undefined;
  beforeAll(async () => {
    server = await startRealEliza({ model: 'streaming' });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('two follows racing in one session each end with the reply the channel links to their own message', async () => {
    const dispatcher = createUpstreamPool(server!.url, {});
    const eliza = new ElizaClient({ http: { baseUrl: server!.url, dispatcher, breaker: false } });
    const watcher = new ChannelWatcher({ url: server!.url, entityId: '0f0e0d0c-0b0a-4909-8807-060504030201', idleCloseMs: 0 });
    try {
      const s = await eliza.createSession({ agentId: server!.agentId, userId: '11111111-1111-4111-8111-111111111111' });
      server!.queueModel('stream');
      server!.queueModel('stream');
      const follow = async (content: string) => {
        const events = await sendAndFollow({ eliza, watcher, session: s, agentId: server!.agentId }, content);
        const accepted = events[0] as Extract<ReplyEvent, { type: 'accepted' }>;
        const last = events.at(-1) as Extract<ReplyEvent, { type: 'reply' }>;
        expect([accepted.type, last.type]).toEqual(['accepted', 'reply']);
        const chunks = events.filter((e): e is Extract<ReplyEvent, { type: 'chunk' }> => e.type === 'chunk');
        if (chunks.length > 0) expect(chunks.map((c) => c.text).join('')).toBe(last.reply.text);
        return { userMessageId: accepted.userMessage.id, reply: last.reply };
      };
      const both = await Promise.all([follow('first'), follow('second')]);
      const links = new Map((await eliza.getChannelReplies(s.channelId, 50)).map((m) => [m.id, m.inReplyTo]));
      for (const f of both) expect(links.get(f.reply.id)).toBe(f.userMessageId);
      expect(both[0]!.reply.id).not.toBe(both[1]!.reply.id);
    } finally {
      watcher.close();
      await dispatcher.close();
    }
  });
});

describe('Eliza socket contract: real server with an HTTP key and a socket key', () => {
  let server: RealEliza | undefined;
  const keys = { apiKey: 'contract-http-key', serverApiKey: 'contract-socket-key' };
  const target = targetFor(() => server!, keys);
  beforeAll(async () => {
    server = await startRealEliza({ model: 'streaming', ...keys });
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  for (const c of socketKeyCases) {
    it(c.name, async () => {
      expect(await c.run(target)).toEqual(c.expected);
    });
  }
});
