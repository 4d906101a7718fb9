/**
 * The ElizaOS 1.7.2 Socket.IO contract (same port, path `/socket.io/`) and the agents list, written
 * once and run against the real server (eliza-socket.real.test.ts) and the emulator
 * (eliza-socket.emulator.test.ts). Results are normalised like eliza-cases.ts (`norm`): UUIDs become
 * `<agent>`, `<channel>`, `<reply>`, ..., and the agent's words are not compared (a canned model on
 * the real server, a reply generator in the emulator).
 *
 * "No event" is proven without sleeping: after the last expected event, each socket joins a fresh
 * channel and waits for the answer (`barrier`); a connection keeps the server's order, so whatever
 * the server sent before has arrived by then.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { connectError, connectSocket, type TestSocket } from '../support/eliza-socket.js';
import { call, DEFAULT_MESSAGE_SERVER_ID, norm, parseSse, type ElizaTarget, type Names } from './eliza-cases.js';

export type ModelMode = 'stream' | 'whole' | 'fail';

export interface SocketTarget extends ElizaTarget {
  /** The server's Socket.IO key (SERVER_API_KEY), when it has one. */
  serverApiKey?: string;
  /**
   * Makes the agent's next reply stream, come whole, or fail; returns text to put in the message
   * (the real server's model reads markers in the conversation, the emulator sets its knobs).
   */
  model(mode: ModelMode): Promise<string>;
}

export interface SocketCase {
  name: string;
  run(t: SocketTarget): Promise<unknown>;
  expected: unknown;
}

const S = '/api/messaging/sessions';
/** How long a case waits for an event that must come (the real agent answers in about 150 ms). */
const EVENT_WAIT_MS = 10_000;

function within<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${EVENT_WAIT_MS} ms`)), EVENT_WAIT_MS);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function socketOpts(t: SocketTarget, entityId: string = randomUUID()) {
  return { entityId, ...(t.serverApiKey !== undefined ? { apiKey: t.serverApiKey } : {}) };
}

async function createSession(t: SocketTarget): Promise<{ sessionId: string; channelId: string; userId: string }> {
  const userId = randomUUID();
  const r = await call(t, 'POST', S, { json: { agentId: t.agentId, userId } });
  expect(r.status).toBe(201);
  const b = r.body as { sessionId: string; channelId: string };
  return { sessionId: b.sessionId, channelId: b.channelId, userId };
}

async function history(t: SocketTarget, sessionId: string): Promise<Array<Record<string, any>>> {
  const r = await call(t, 'GET', `${S}/${sessionId}/messages`);
  expect(r.status).toBe(200);
  return (r.body as { messages: Array<Record<string, any>> }).messages;
}

/** Sends with the default transport, waits for the agent's broadcast, returns what the sockets saw. */
async function defaultTransportRound(t: SocketTarget, mode: 'stream' | 'whole') {
  const s = await createSession(t);
  const a = await connectSocket(t.baseUrl, socketOpts(t));
  const stranger = await connectSocket(t.baseUrl, socketOpts(t)); // another entity, same channel
  const elsewhere = await connectSocket(t.baseUrl, socketOpts(t)); // another channel
  const idle = await connectSocket(t.baseUrl, socketOpts(t)); // no channel
  try {
    await a.join(s.channelId);
    await stranger.join(s.channelId, 'numeric');
    await elsewhere.join(randomUUID());
    const marker = await t.model(mode);
    const sent = await call(t, 'POST', `${S}/${s.sessionId}/messages`, { json: { content: `hello ${marker}` } });
    expect(sent.status).toBe(201);
    const userMessageId = (sent.body as { userMessage: { id: string } }).userMessage.id;
    const broadcast = await within(a.next('messageBroadcast'), 'messageBroadcast');
    await within(stranger.next('messageBroadcast'), 'messageBroadcast on the second socket');
    for (const x of [a, stranger, elsewhere, idle]) await x.barrier();

    const chunks = a.named('messageStreamChunk') as Array<Record<string, any>>;
    const stored = await history(t, s.sessionId);
    const reply = stored.find((m) => m.isAgent === true);
    expect(reply, 'the reply is stored').toBeDefined();
    expect(broadcast.id).toBe(reply!.id);
    expect(new Date(reply!.createdAt).getTime()).toBe(broadcast.createdAt);
    expect(broadcast.text).toBe(reply!.content);
    if (chunks.length > 0) {
      expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i));
      expect(chunks.map((c) => c.chunk).join('')).toBe(broadcast.text);
      for (const c of chunks) expect(c.messageId).toBe(broadcast.id);
    }
    expect(stranger.named('messageStreamChunk')).toEqual(chunks);
    const names: Names = { [t.agentId]: '<agent>', [s.channelId]: '<channel>', [broadcast.id]: '<reply>', [userMessageId]: '<user-message>' };
    const streamEvents = (x: TestSocket) =>
      x.events.filter((e) => ['messageBroadcast', 'messageStreamChunk', 'messageStreamError', 'messageError'].includes(e.event));
    return {
      chunkCount: chunks.length > 0 ? 'some' : 'none',
      chunkShape: chunks.length > 0 ? norm({ ...chunks[0], chunk: '<text>', index: '<n>' }, names) : null,
      broadcasts: a.named('messageBroadcast').map((b: any) => norm({ ...b, text: '<text>', thought: typeof b.thought, createdAt: '<ms>' }, names)),
      strangerBroadcasts: stranger.named('messageBroadcast').length,
      elsewhere: streamEvents(elsewhere).length,
      idle: streamEvents(idle).length,
      storedIds: stored.map((m) => norm(m.id, names)),
    };
  } finally {
    for (const x of [a, stranger, elsewhere, idle]) x.close();
  }
}

const BROADCAST = {
  senderId: '<agent>',
  senderName: 'TestAgent',
  text: '<text>',
  roomId: '<channel>',
  serverId: DEFAULT_MESSAGE_SERVER_ID,
  createdAt: '<ms>',
  source: 'agent_response',
  id: '<reply>',
  thought: 'string',
  actions: ['REPLY'],
};

export const socketCases: SocketCase[] = [
  {
    name: 'socket: the handshake needs auth.entityId, a UUID',
    async run(t) {
      const key = t.serverApiKey !== undefined ? { apiKey: t.serverApiKey } : {};
      return [
        await connectError(t.baseUrl, { ...key }),
        await connectError(t.baseUrl, { ...key, entityId: 'not-a-uuid' }),
        await connectError(t.baseUrl, { ...key, entityId: 42 }),
        await connectError(t.baseUrl, { noAuth: true, ...(t.serverApiKey !== undefined ? { headers: { 'x-api-key': t.serverApiKey } } : {}) }),
      ];
    },
    expected: ['Valid entityId required', 'Valid entityId required', 'Valid entityId required', 'Valid entityId required'],
  },
  {
    name: 'socket: on connect, authenticated then connection_established',
    async run(t) {
      const entityId = randomUUID();
      const x = await connectSocket(t.baseUrl, socketOpts(t, entityId));
      try {
        const auth = x.named('authenticated')[0] as { timestamp: unknown };
        expect(typeof auth.timestamp).toBe('number');
        const events = x.events.map((e) => ({
          event: e.event,
          data: e.event === 'authenticated' ? { ...(e.data as object), timestamp: '<ms>' } : e.data,
        }));
        return norm(JSON.parse(JSON.stringify(events).replaceAll(x.socket.id!, '<socket>')), { [entityId]: '<entity>' });
      } finally {
        x.close();
      }
    },
    expected: [
      { event: 'authenticated', data: { entityId: '<entity>', timestamp: '<ms>' } },
      { event: 'connection_established', data: { message: 'Connected to Eliza Socket.IO server', socketId: '<socket>' } },
    ],
  },
  {
    name: 'socket: join by message type 1 or by event "1" (roomId, agentId); no channel id → messageError',
    async run(t) {
      const x = await connectSocket(t.baseUrl, socketOpts(t));
      try {
        const a = randomUUID();
        const b = randomUUID();
        await x.join(a, 'message');
        await x.join(b, 'numeric', { agentId: t.agentId });
        const err = x.next('messageError');
        x.socket.emit('message', { type: 1, payload: {} });
        await within(err, 'messageError');
        const names = { [a]: '<a>', [b]: '<b>', [t.agentId]: '<agent>' };
        // the socket id is no UUID, so norm() would not see it
        const events = JSON.parse(JSON.stringify(x.events.slice(2)).replaceAll(x.socket.id!, '<socket>')) as unknown;
        return norm(events, names);
      } finally {
        x.close();
      }
    },
    expected: [
      { event: 'channel_joined', data: { message: 'Socket <socket> successfully joined channel <a>.', channelId: '<a>', roomId: '<a>' } },
      { event: 'room_joined', data: { message: 'Socket <socket> successfully joined channel <a>.', channelId: '<a>', roomId: '<a>' } },
      {
        event: 'channel_joined',
        data: { message: 'Socket <socket> successfully joined channel <b>.', channelId: '<b>', roomId: '<b>', agentId: '<agent>' },
      },
      {
        event: 'room_joined',
        data: { message: 'Socket <socket> successfully joined channel <b>.', channelId: '<b>', roomId: '<b>', agentId: '<agent>' },
      },
      { event: 'messageError', data: { error: 'channelId is required for joining.' } },
    ],
  },
  {
    name: 'socket: default transport with a streaming model: chunks, then the broadcast, stored under the same id',
    run: (t) => defaultTransportRound(t, 'stream'),
    expected: {
      chunkCount: 'some',
      chunkShape: { messageId: '<reply>', chunk: '<text>', index: '<n>', agentId: '<agent>', channelId: '<channel>' },
      broadcasts: [BROADCAST],
      strangerBroadcasts: 1,
      elsewhere: 0,
      idle: 0,
      storedIds: ['<reply>', '<user-message>'],
    },
  },
  {
    name: 'socket: default transport with a model that answers whole: the broadcast only',
    run: (t) => defaultTransportRound(t, 'whole'),
    expected: {
      chunkCount: 'none',
      chunkShape: null,
      broadcasts: [BROADCAST],
      strangerBroadcasts: 1,
      elsewhere: 0,
      idle: 0,
      storedIds: ['<reply>', '<user-message>'],
    },
  },
  {
    name: 'socket: a failing model sends no event and stores no reply (the next message is answered)',
    async run(t) {
      const s = await createSession(t);
      const x = await connectSocket(t.baseUrl, socketOpts(t));
      try {
        await x.join(s.channelId);
        const failMarker = await t.model('fail');
        const first = await call(t, 'POST', `${S}/${s.sessionId}/messages`, { json: { content: `first ${failMarker}` } });
        const wholeMarker = await t.model('whole');
        const second = await call(t, 'POST', `${S}/${s.sessionId}/messages`, { json: { content: `second ${wholeMarker}` } });
        const broadcast = await within(x.next('messageBroadcast'), 'messageBroadcast');
        await x.barrier();
        const stored = await history(t, s.sessionId);
        const names: Names = { [broadcast.id]: '<reply>' };
        names[(first.body as any).userMessage.id] = '<first>';
        names[(second.body as any).userMessage.id] = '<second>';
        return {
          statuses: [first.status, second.status],
          events: norm(x.events.slice(2).map((e) => (e.event === 'messageBroadcast' ? { event: e.event, id: (e.data as any).id } : { event: e.event })), names),
          stored: stored.map((m) => norm(m.id, names)),
        };
      } finally {
        x.close();
      }
    },
    expected: {
      statuses: [201, 201],
      events: [
        { event: 'channel_joined' },
        { event: 'room_joined' },
        { event: 'messageBroadcast', id: '<reply>' },
        { event: 'channel_joined' },
        { event: 'room_joined' },
      ],
      stored: ['<reply>', '<second>', '<first>'],
    },
  },
  {
    name: 'socket: the http and sse transports send nothing to the channel',
    async run(t) {
      const s = await createSession(t);
      const x = await connectSocket(t.baseUrl, socketOpts(t));
      try {
        await x.join(s.channelId);
        const marker = await t.model('stream');
        const http = await call(t, 'POST', `${S}/${s.sessionId}/messages`, { json: { content: `a ${marker}`, transport: 'http' } });
        const sse = await call(t, 'POST', `${S}/${s.sessionId}/messages`, { json: { content: `b ${marker}`, transport: 'sse' } });
        await x.barrier();
        const sseEvents = parseSse(String(sse.body)).map((e) => e.event);
        return {
          http: http.status,
          sseLast: sseEvents[sseEvents.length - 1],
          socketEvents: x.events.slice(2).map((e) => e.event),
        };
      } finally {
        x.close();
      }
    },
    expected: { http: 201, sseLast: 'done', socketEvents: ['channel_joined', 'room_joined', 'channel_joined', 'room_joined'] },
  },
  {
    name: 'agents: GET /api/agents lists {id, name, characterName, bio, status}, active first then by name',
    async run(t) {
      const r = await call(t, 'GET', '/api/agents');
      const body = r.body as { success: boolean; data: { agents: Array<Record<string, unknown>> } };
      const agents = body.data.agents;
      for (const a of agents) expect(Object.keys(a)).toEqual(['id', 'name', 'characterName', 'bio', 'status']);
      const rank = (a: Record<string, unknown>) => (a.status === 'active' ? 0 : 1);
      const sorted = [...agents].sort((a, b) => rank(a) - rank(b) || String(a.name).localeCompare(String(b.name)));
      expect(agents).toEqual(sorted);
      return {
        status: r.status,
        keys: Object.keys(body),
        dataKeys: Object.keys(body.data),
        testAgent: norm(agents.find((a) => a.id === t.agentId), { [t.agentId]: '<agent>' }),
      };
    },
    expected: {
      status: 200,
      keys: ['success', 'data'],
      dataKeys: ['agents'],
      testAgent: { id: '<agent>', name: 'TestAgent', characterName: 'TestAgent', bio: 'test', status: 'active' },
    },
  },
];

/** For a server with both keys: the HTTP key (X-API-KEY) and the socket key (SERVER_API_KEY). */
export const socketKeyCases: SocketCase[] = [
  {
    name: 'socket key: needed in auth.apiKey or header x-api-key; the HTTP key does not open a socket',
    async run(t) {
      const entityId = randomUUID();
      const withAuth = await connectSocket(t.baseUrl, { entityId, apiKey: t.serverApiKey! });
      const withHeader = await connectSocket(t.baseUrl, { entityId, headers: { 'x-api-key': t.serverApiKey! } });
      withAuth.close();
      withHeader.close();
      return {
        none: await connectError(t.baseUrl, { entityId }),
        httpKey: await connectError(t.baseUrl, { entityId, apiKey: t.apiKey! }),
        keyNoEntity: await connectError(t.baseUrl, { apiKey: t.serverApiKey! }),
        connected: [withAuth.named('authenticated').length, withHeader.named('authenticated').length],
      };
    },
    expected: { none: 'Invalid or missing API Key', httpKey: 'Invalid or missing API Key', keyNoEntity: 'Valid entityId required', connected: [1, 1] },
  },
  {
    name: 'socket key: GET /api/agents wants the HTTP key, not the socket key',
    async run(t) {
      const socketKey = await call(t, 'GET', '/api/agents', { noKey: true, headers: { 'x-api-key': t.serverApiKey! } });
      const httpKey = await call(t, 'GET', '/api/agents');
      return [socketKey.status, httpKey.status];
    },
    expected: [401, 200],
  },
];
