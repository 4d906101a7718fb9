import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startElizaEmulator, type ElizaEmulator } from '../../../src/emulator/eliza/index.js';
import { EmulatorControls } from '../../../src/emulator/controls.js';
import { AGENT, call, createSession, DEFAULT_CONFIG, iso, MIN, parseSse, S, T0, USER, UUID, useFrozenEmulator } from './helpers.js';

const MSG_SERVER = '00000000-0000-0000-0000-000000000000';

describe('sending messages', () => {
  let emu!: ElizaEmulator;
  useFrozenEmulator((e) => (emu = e));

  const send = (id: string, body: unknown) => call(emu, 'POST', `${S}/${id}/messages`, { json: body });

  it('default transport: 201 with the snake_case userMessage and sessionStatus; the reply lands in history', async () => {
    const s = await createSession(emu, { metadata: { platform: 'web' } });
    emu.controls.clock.advance(MIN);
    const r = await send(s.sessionId, { content: 'hello there', metadata: { k: 1 } });
    expect(r.status).toBe(201);
    const channelMeta = { sessionId: s.sessionId, agentId: AGENT, userId: USER, timeoutConfig: DEFAULT_CONFIG, platform: 'web' };
    expect(r.body).toEqual({
      success: true,
      userMessage: {
        id: expect.stringMatching(UUID),
        channel_id: s.channelId,
        message_server_id: MSG_SERVER,
        author_id: USER,
        content: 'hello there',
        created_at: T0 + MIN,
        source_type: 'user',
        raw_message: { content: 'hello there' },
        metadata: { ...channelMeta, k: 1 },
      },
      sessionStatus: { expiresAt: iso(T0 + 31 * MIN), renewalCount: 1, wasRenewed: true, isNearExpiration: false },
    });
    const h = await call(emu, 'GET', `${S}/${s.sessionId}/messages`);
    expect(h.body).toEqual({
      messages: [
        {
          id: expect.stringMatching(UUID),
          content: 'TestAgent received: hello there',
          authorId: AGENT,
          isAgent: true,
          createdAt: iso(T0 + MIN + 1),
          metadata: {
            thought: "Replying to TestAgent's user",
            actions: ['REPLY'],
            isDm: true,
            agent_id: AGENT,
            agentName: 'TestAgent',
            channelType: 'DM',
          },
        },
        {
          id: r.body.userMessage.id,
          content: 'hello there',
          authorId: USER,
          isAgent: false,
          createdAt: iso(T0 + MIN),
          metadata: { ...channelMeta, k: 1 },
        },
      ],
      hasMore: false,
      cursors: { before: T0 + MIN, after: T0 + MIN + 1 },
    });
  });

  it('drops user-supplied thought/actions from the history view and keeps attachments in raw_message', async () => {
    const s = await createSession(emu);
    const attachments = [{ type: 'image', url: 'https://example.test/a.png' }];
    const r = await send(s.sessionId, { content: 'pic', metadata: { thought: 'mine', actions: ['X'], tag: 't' }, attachments });
    expect(r.body.userMessage.raw_message).toEqual({ content: 'pic', attachments });
    expect(r.body.userMessage.metadata).toMatchObject({ thought: 'mine', actions: ['X'], tag: 't' });
    const h = await call(emu, 'GET', `${S}/${s.sessionId}/messages?limit=1&before=${T0 + 1}`);
    expect(h.body.messages[0].metadata).toEqual({
      tag: 't',
      userId: USER,
      agentId: AGENT,
      sessionId: s.sessionId,
      timeoutConfig: DEFAULT_CONFIG,
    });
  });

  it('transport "http" returns the agent response and does not store it', async () => {
    const s = await createSession(emu);
    const r = await send(s.sessionId, { content: 'sync please', transport: 'http' });
    expect(r.status).toBe(201);
    expect(Object.keys(r.body)).toEqual(['success', 'userMessage', 'agentResponse', 'sessionStatus']);
    expect(r.body.agentResponse).toEqual({ text: 'TestAgent received: sync please', thought: "Replying to TestAgent's user", actions: ['REPLY'] });
    const legacy = await send(s.sessionId, { content: 'legacy', mode: 'sync' });
    expect(legacy.body.agentResponse.text).toBe('TestAgent received: legacy');
    const h = await call(emu, 'GET', `${S}/${s.sessionId}/messages`);
    expect(h.body.messages.map((m: any) => [m.content, m.isAgent])).toEqual([
      ['legacy', false],
      ['sync please', false],
    ]);
  });

  it('transport "sse" streams user_message, chunks and done, and stores only the user message', async () => {
    const s = await createSession(emu);
    const r = await send(s.sessionId, { content: 'stream me please', transport: 'sse' });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/event-stream');
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(r.headers['ratelimit-limit']).toBe('1000');
    const events = parseSse(r.text);
    expect(events[0]!.event).toBe('user_message');
    expect(events[0]!.data).toMatchObject({ content: 'stream me please', channel_id: s.channelId, source_type: 'user' });
    const chunks = events.filter((e) => e.event === 'chunk').map((e) => e.data);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i));
    expect(new Set(chunks.map((c) => c.messageId)).size).toBe(1);
    expect(chunks[0].messageId).toMatch(UUID);
    expect(chunks.map((c) => c.chunk).join('')).toBe('TestAgent received: stream me please');
    expect(events.at(-1)).toEqual({
      event: 'done',
      data: { text: 'TestAgent received: stream me please', thought: "Replying to TestAgent's user", actions: ['REPLY'] },
    });
    const h = await call(emu, 'GET', `${S}/${s.sessionId}/messages`);
    expect(h.body.messages.map((m: any) => m.content)).toEqual(['stream me please']);
    expect((await send(s.sessionId, { content: 'x', mode: 'stream' })).headers['content-type']).toBe('text/event-stream');
  });

  it('validates transport before content and before the session lookup', async () => {
    const bad = await send('no-such-session', { content: 'x', transport: 'bogus' });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({
      error: {
        code: 'VALIDATION_ERROR',
        message: 'Invalid content: Invalid transport "bogus". Must be one of: http, sse, websocket, sync, stream',
        timestamp: iso(T0),
        details: { reason: 'Invalid transport "bogus". Must be one of: http, sse, websocket, sync, stream' },
      },
    });
    const num = await send('no-such-session', { content: 5, transport: 5 });
    expect(num.body.error.message).toBe('Invalid content: Invalid transport type "number". Transport must be a string.');
    const format = await send('no-such-session', { content: 5 });
    expect(format.body.error).toEqual({
      code: 'VALIDATION_ERROR',
      message: 'Invalid content: Invalid message request format',
      timestamp: iso(T0),
      details: { reason: 'Invalid message request format' },
    });
    const missing = await send('no-such-session', { content: '' });
    expect(missing.status).toBe(404);
  });

  it('checks the session, then content length, then metadata size', async () => {
    const s = await createSession(emu);
    const empty = await send(s.sessionId, { content: '', metadata: { x: 'y'.repeat(20_000) } });
    expect(empty.body.error).toMatchObject({ message: 'Invalid content: Content cannot be empty', details: { reason: 'Content cannot be empty' } });
    expect((await send(s.sessionId, { content: 'a'.repeat(4000) })).status).toBe(201);
    const long = await send(s.sessionId, { content: 'a'.repeat(4001) });
    expect(long.status).toBe(400);
    expect(long.body.error.message).toBe('Invalid content: Content exceeds maximum length of 4000 characters');
    const meta = await send(s.sessionId, { content: 'ok', metadata: { x: 'y'.repeat(10240) } });
    expect(meta.status).toBe(400);
    expect(meta.body.error.message).toBe('Invalid metadata: Metadata exceeds maximum size of 10240 bytes');
    emu.controls.clock.advance(31 * MIN);
    expect((await send(s.sessionId, { content: '' })).status).toBe(410);
  });

  it('a send without a JSON body fails inside the handler with 500, as on the real server', async () => {
    const s = await createSession(emu);
    const r = await call(emu, 'POST', `${S}/${s.sessionId}/messages`);
    expect(r.status).toBe(500);
    expect(r.body).toEqual({
      error: {
        code: 'INTERNAL_SERVER_ERROR',
        message: 'An unexpected error occurred',
        timestamp: iso(T0),
        details: "Cannot read properties of undefined (reading 'transport')",
      },
    });
  });
});

describe('delayed agent reply', () => {
  let emu: ElizaEmulator;
  beforeAll(async () => {
    emu = await startElizaEmulator({ replyDelayMs: 30 });
  });
  afterAll(async () => {
    await emu.close();
  });

  it('stores the reply after the delay, later than the user message', async () => {
    const s = await createSession(emu);
    const r = await call(emu, 'POST', `${S}/${s.sessionId}/messages`, { json: { content: 'later' } });
    const before = await call(emu, 'GET', `${S}/${s.sessionId}/messages`);
    expect(before.body.messages.map((m: any) => m.content)).toEqual(['later']);
    let after = before;
    for (let i = 0; i < 100 && after.body.messages.length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      after = await call(emu, 'GET', `${S}/${s.sessionId}/messages`);
    }
    expect(after.body.messages.map((m: any) => [m.content, m.isAgent])).toEqual([
      ['TestAgent received: later', true],
      ['later', false],
    ]);
    expect(Date.parse(after.body.messages[0].createdAt)).toBeGreaterThan(r.body.userMessage.created_at);
  });
});

describe('paging through history', () => {
  let emu: ElizaEmulator;
  let sid: string;
  /** Message i (0-based, oldest first) was created at T0 + (i + 1) * 1000. */
  const at = (i: number) => T0 + (i + 1) * 1000;

  beforeAll(async () => {
    const controls = new EmulatorControls();
    controls.clock.freeze(T0);
    emu = await startElizaEmulator({ controls, replyDelayMs: 60_000 });
    const s = await createSession(emu);
    sid = s.sessionId;
    for (let i = 0; i < 130; i++) {
      controls.clock.advance(1000);
      const r = await call(emu, 'POST', `${S}/${sid}/messages`, { json: { content: `m${i}` } });
      expect(r.status).toBe(201);
    }
  });
  afterAll(async () => {
    await emu.close();
  });

  const page = async (query: string) => (await call(emu, 'GET', `${S}/${sid}/messages${query}`)).body;
  const contents = (body: any) => body.messages.map((m: any) => m.content);
  const range = (from: number, to: number) => Array.from({ length: from - to + 1 }, (_, k) => `m${from - k}`);

  it('returns the newest 50 by default, newest first, with cursors', async () => {
    const b = await page('');
    expect(contents(b)).toEqual(range(129, 80));
    expect(b.hasMore).toBe(true);
    expect(b.cursors).toEqual({ before: at(80), after: at(129) });
  });

  it('clamps limit to 1..100 and falls back to 50 for garbage', async () => {
    expect((await page('?limit=500')).messages).toHaveLength(100);
    expect(contents(await page('?limit=0'))).toEqual(['m129']);
    expect(contents(await page('?limit=-3'))).toEqual(['m129']);
    expect((await page('?limit=abc')).messages).toHaveLength(50);
    expect((await page('?limit=7.9')).messages).toHaveLength(7);
  });

  it('pages backwards with before (strictly older)', async () => {
    const first = await page('?limit=20');
    const second = await page(`?limit=20&before=${first.cursors.before}`);
    expect(contents(second)).toEqual(range(109, 90));
    const last = await page(`?limit=20&before=${at(5)}`);
    expect(contents(last)).toEqual(range(4, 0));
    expect(last.hasMore).toBe(false);
    const empty = await page(`?before=${at(0)}`);
    expect(empty).toEqual({ messages: [], hasMore: false });
  });

  it('pages forwards with after: the oldest `limit` newer messages, listed newest first', async () => {
    const b = await page(`?limit=10&after=${at(99)}`);
    expect(contents(b)).toEqual(range(109, 100));
    expect(b.hasMore).toBe(true);
    expect(b.cursors).toEqual({ before: at(100), after: at(109) });
    const tail = await page(`?limit=10&after=${at(125)}`);
    expect(contents(tail)).toEqual(range(129, 126));
    expect(tail.hasMore).toBe(false);
  });

  it('only sees the newest min(1000, 20·limit) messages when paging forwards', async () => {
    const b = await page(`?limit=5&after=${at(0)}`);
    expect(contents(b)).toEqual(range(34, 30));
  });

  it('with both bounds scans min(500, 10·limit) messages before `before` and keeps the newest in range', async () => {
    const b = await page(`?limit=10&after=${at(50)}&before=${at(100)}`);
    expect(contents(b)).toEqual(range(99, 90));
    const narrow = await page(`?limit=3&after=${at(50)}&before=${at(100)}`);
    expect(contents(narrow)).toEqual(range(99, 97));
    const window = await page(`?limit=2&after=${at(10)}&before=${at(100)}`);
    expect(contents(window)).toEqual(range(99, 98));
    const outOfWindow = await page(`?limit=1&after=${at(10)}&before=${at(12)}`);
    expect(contents(outOfWindow)).toEqual(['m11']);
  });

  it('parses before/after with parseInt semantics', async () => {
    expect(contents(await page(`?limit=2&before=${at(3)}.999`))).toEqual(['m2', 'm1']);
    expect(await page('?before=2024-01-01T00:00:00Z')).toEqual({ messages: [], hasMore: false });
    expect(contents(await page(`?limit=1&before=${at(2)}&before=9`))).toEqual(['m1']);
    expect((await page('?before=')).messages).toHaveLength(50);
    const bad = await call(emu, 'GET', `${S}/${sid}/messages?before=abc`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'VALIDATION_ERROR',
      message: "Invalid pagination parameter 'before': Must be a valid timestamp",
      details: { parameter: 'before', value: 'abc', reason: 'Must be a valid timestamp' },
    });
    const huge = await call(emu, 'GET', `${S}/${sid}/messages?after=99999999999999999999`);
    expect(huge.body.error).toMatchObject({
      message: "Invalid pagination parameter 'after': Invalid date from timestamp",
      details: { parameter: 'after', value: '99999999999999999999', reason: 'Invalid date from timestamp' },
    });
  });

  it('checks the session before the query', async () => {
    const r = await call(emu, 'GET', `${S}/nope/messages?before=abc`);
    expect(r.status).toBe(404);
  });
});

describe("a channel's messages (the reply's link to its user message)", () => {
  let emu!: ElizaEmulator;
  useFrozenEmulator((e) => (emu = e));

  it('lists the channel newest first; an agent reply names the user message it answers', async () => {
    const s = await createSession(emu);
    const sent = [];
    for (const content of ['one', 'two']) {
      emu.controls.clock.advance(MIN);
      sent.push((await call(emu, 'POST', `${S}/${s.sessionId}/messages`, { json: { content } })).body.userMessage.id as string);
    }
    const r = await call(emu, 'GET', `/api/messaging/channels/${s.channelId}/messages`);
    expect(r.status).toBe(200);
    expect(r.body.success).toBe(true);
    const messages = r.body.data.messages as Array<Record<string, unknown>>;
    expect(messages.map((m) => [m.sourceType, m.content, m.inReplyToRootMessageId])).toEqual([
      ['agent_response', 'TestAgent received: two', sent[1]],
      ['user', 'two', null],
      ['agent_response', 'TestAgent received: one', sent[0]],
      ['user', 'one', null],
    ]);
    expect(messages[1]).toMatchObject({ id: sent[1], channelId: s.channelId, authorId: USER, createdAt: iso(T0 + 2 * MIN) });
    const limited = await call(emu, 'GET', `/api/messaging/channels/${s.channelId}/messages?limit=1`);
    expect((limited.body.data.messages as unknown[]).length).toBe(1);
  });

  it('an unknown channel is 404', async () => {
    const r = await call(emu, 'GET', '/api/messaging/channels/22222222-2222-4222-8222-222222222222/messages');
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
